// Our introspection is complete enough for clients: graphql-js's buildClientSchema accepts the
// result of its own introspection query against our engine, and printSchema of that client
// schema equals printSchema(buildSchema(schemas/schema.graphql)).
// Run: node tests/graphql_introspection.mjs build/bin/graphql_check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGraphql as loadGraphqlFor } from './lib/graphql.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const checkBin = process.argv[2] ?? process.env.GRAPHQL_CHECK;
const sdlPath = path.join(root, 'schemas', 'schema.graphql');

const loadGraphql = () => loadGraphqlFor('GraphQL introspection test');

function run(query, variables = {}) {
  const out = execFileSync(checkBin, ['--execute', sdlPath], {
    input: JSON.stringify({ query, variables }), encoding: 'utf8', maxBuffer: 1 << 26,
  });
  return JSON.parse(out);
}

test('buildClientSchema accepts our introspection and prints the same schema', () => {
  const graphql = loadGraphql();
  assert.ok(checkBin, 'pass the graphql_check binary as the first argument');
  const sdl = fs.readFileSync(sdlPath, 'utf8');
  const query = graphql.getIntrospectionQuery({
    descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true,
    schemaDescription: true, inputValueDeprecation: true, oneOf: true,
  });
  const response = run(query);
  assert.equal(response.errors, undefined, JSON.stringify(response.errors));
  const client = graphql.buildClientSchema(response.data);
  assert.deepEqual(graphql.validateSchema(client).map((e) => e.message), []);
  assert.equal(graphql.printSchema(client), graphql.printSchema(graphql.buildSchema(sdl)));
});

test('our introspection result equals graphql-js executing the same query', () => {
  const graphql = loadGraphql();
  const sdl = fs.readFileSync(sdlPath, 'utf8');
  const schema = graphql.buildSchema(sdl);
  const query = graphql.getIntrospectionQuery({
    descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true,
    schemaDescription: true, inputValueDeprecation: true,
  });
  const ours = run(query).data;
  const theirs = JSON.parse(JSON.stringify(graphql.graphqlSync({ schema, source: query }).data));
  // Type order may differ; compare types by name.
  const byName = (d) => Object.fromEntries(d.__schema.types.map((t) => [t.name, t]));
  const dirs = (d) => Object.fromEntries(d.__schema.directives.map((t) => [t.name, t]));
  const theirTypes = byName(theirs);
  const ourTypes = byName(ours);
  for (const name of Object.keys(theirTypes))
    assert.deepEqual(ourTypes[name], theirTypes[name], `type ${name}`);
  assert.deepEqual(Object.keys(ourTypes).sort(), Object.keys(theirTypes).sort());
  assert.deepEqual(dirs(ours), dirs(theirs));
});

test('__type and __typename answer like graphql-js', () => {
  const graphql = loadGraphql();
  const schema = graphql.buildSchema(fs.readFileSync(sdlPath, 'utf8'));
  const query = `query($n: String!) { __typename t: __type(name: $n) { name kind fields(includeDeprecated: false) { name isDeprecated } interfaces { name } possibleTypes { name } } missing: __type(name: "Nope") { name } }`;
  for (const n of ['Product', 'Node', 'SearchResult', 'TryOnStatus', 'CreateTryOnTaskInput', 'DateTime']) {
    const theirs = JSON.parse(JSON.stringify(graphql.graphqlSync({ schema, source: query, variableValues: { n } })));
    assert.deepEqual(run(query, { n }), theirs, n);
  }
});
