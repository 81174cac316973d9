// graphql-js, the reference implementation the GraphQL tests compare our engine with, loaded
// from tests/node_modules with a clear message when `npm ci` has not run there.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const tests = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(tests, 'package.json'));

export function loadGraphql(testName) {
  if (!fs.existsSync(path.join(tests, 'node_modules', 'graphql'))) {
    throw new Error('tests/node_modules is missing: run `(cd tests && npm ci)` ' +
      `(scripts/install-deps.sh does it) before the ${testName}`);
  }
  return require('graphql');
}
