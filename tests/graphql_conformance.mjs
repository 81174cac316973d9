// Conformance of our GraphQL validator with graphql-js: every document of the corpus
// (graphql/conformance/*.graphql) is validated against schemas/schema.graphql by both, and
// both must agree with each other and with the expectation written in the corpus.
// Run: node tests/graphql_conformance.mjs build/bin/graphql_check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const require = createRequire(import.meta.url);

function loadGraphql() {
  if (!fs.existsSync(path.join(here, 'node_modules', 'graphql'))) {
    throw new Error('tests/node_modules is missing: run `(cd tests && npm ci)` ' +
      '(scripts/install-deps.sh does it) before the GraphQL conformance test');
  }
  return require('graphql');
}

const checkBin = process.argv[2] ?? process.env.GRAPHQL_CHECK;
const sdlPath = path.join(root, 'schemas', 'schema.graphql');
const corpusDir = path.join(root, 'graphql', 'conformance');

// Splits a corpus file into {id, expect, body} cases.
function readCorpus(file) {
  const cases = [];
  let current = null;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('####')) {
      const [name, expect] = line.slice(4).trim().split(/\s+/);
      current = { id: `${path.basename(file)}:${name}`, expect, body: '' };
      cases.push(current);
    } else if (current) {
      current.body += line + '\n';
    }
  }
  // the C++ reader drops the newline after the last line only when the file lacks one
  return cases;
}

function graphqlJsVerdict(graphql, schema, body) {
  let doc;
  try {
    doc = graphql.parse(body);
  } catch (e) {
    return ['invalid', e.message];
  }
  const errors = graphql.validate(schema, doc);
  return errors.length ? ['invalid', errors[0].message] : ['valid', ''];
}

test('our validator agrees with graphql-js on every corpus document', () => {
  const graphql = loadGraphql();
  assert.ok(checkBin, 'pass the graphql_check binary as the first argument');
  const schema = graphql.buildSchema(fs.readFileSync(sdlPath, 'utf8'));
  const files = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.graphql')).sort()
    .map((f) => path.join(corpusDir, f));
  const cases = files.flatMap(readCorpus);
  const ours = new Map();
  const out = execFileSync(checkBin, [sdlPath, ...files], { encoding: 'utf8', maxBuffer: 1 << 26 });
  for (const line of out.split('\n').filter(Boolean)) {
    const [id, verdict, message] = line.split('\t');
    ours.set(id, { verdict, message });
  }
  const problems = [];
  let valid = 0;
  for (const c of cases) {
    const [theirs, theirMessage] = graphqlJsVerdict(graphql, schema, c.body);
    const mine = ours.get(c.id);
    if (!mine) {
      problems.push(`${c.id}: missing from graphql_check output`);
      continue;
    }
    if (mine.verdict !== theirs)
      problems.push(`${c.id}: graphql-js says ${theirs} (${theirMessage}), we say ${mine.verdict} (${mine.message})`);
    if (c.expect !== theirs)
      problems.push(`${c.id}: corpus expects ${c.expect}, graphql-js says ${theirs} (${theirMessage})`);
    if (theirs === 'valid') valid++;
  }
  assert.equal(ours.size, cases.length, 'one verdict per corpus document');
  assert.deepEqual(problems, []);
  assert.ok(cases.length >= 200, `corpus has ${cases.length} documents, want at least 200`);
  assert.ok(valid >= 50 && cases.length - valid >= 100, `corpus balance: ${valid} valid`);
});
