// Execution semantics compared with graphql-js: the same queries over the same root value
// (default resolvers read it; abstract types resolve by `__typename`) must give the same
// response: data, error messages, paths and locations.
// Run: node tests/graphql_execution.mjs build/bin/graphql_check
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

const loadGraphql = () => loadGraphqlFor('GraphQL execution test');

const image = (id, w) => ({ __typename: 'Image', id, url: `https://img/${id}.jpg`, width: w, height: null, contentType: 'image/jpeg' });
const brand = { __typename: 'Brand', id: 'b1', name: 'Acme', products: [] };
const product = (id, name, extra = {}) => ({
  __typename: 'Product', id, name, brand, description: null,
  price: { amountMinor: 12900, currency: 'EUR' }, images: [image(`${id}-1`, 600)],
  imageUrl: null, rating: 4.5, tryOnEnabled: true, ...extra,
});
const task = (id, status, extra = {}) => ({
  __typename: 'TryOnTask', id, status, createdAt: '2026-01-01T10:00:00Z',
  updatedAt: '2026-01-01T10:05:00Z', product: product('p1', 'Coat'), resultImage: null,
  errorMessage: null, ...extra,
});

const rootValue = {
  health: { status: 'OK', version: '1.2.3', uptimeSeconds: 42, checkedAt: '2026-01-01T00:00:00Z' },
  node: image('i9', 300),
  product: product('p1', 'Coat'),
  tryOnTask: task('t1', 'SUCCEEDED', { resultImage: image('r1', 1024) }),
  products: {
    edges: [{ cursor: 'c1', node: product('p1', 'Coat') }, { cursor: 'c2', node: product('p2', 'Hat') }],
    pageInfo: { hasNextPage: false, endCursor: 'c2' }, totalCount: 2,
  },
  search: [product('p3', 'Scarf'), brand],
  tryOnTasks: [task('t1', 'SUBMITTED'), task('t2', 'FAILED', { errorMessage: 'Bad photo.' })],
  createTryOnTask: { task: task('t3', 'SUBMITTED'), userErrors: [] },
  cancelTryOnTask: { task: null, userErrors: [{ field: ['id'], message: 'Not found.', code: 'NOT_FOUND' }] },
};

// Variants of the root value that break one rule each.
const broken = {
  missingNonNull: { ...rootValue, product: product('p1', null) },
  missingInList: { ...rootValue, tryOnTasks: [task('t1', 'SUBMITTED'), task('t2', null)] },
  badEnum: { ...rootValue, tryOnTask: task('t1', 'DONE') },
  badInt: { ...rootValue, health: { ...rootValue.health, uptimeSeconds: 2 ** 40 } },
  floatInt: { ...rootValue, health: { ...rootValue.health, uptimeSeconds: 1.5 } },
  notList: { ...rootValue, search: brand },
  noTypename: { ...rootValue, search: [{ id: 'x', name: 'y' }] },
  wrongTypename: { ...rootValue, node: { ...brand, __typename: 'Money' } },
  nullRootNonNull: { ...rootValue, health: null },
  nullNestedList: { ...rootValue, products: { ...rootValue.products, edges: [{ cursor: 'c', node: null }] } },
  boolAsString: { ...rootValue, health: { ...rootValue.health, version: true } },
  intAsId: { ...rootValue, node: image(17, 1) },
};

const cases = [
  ['health', '{ health { status version uptimeSeconds checkedAt } }'],
  ['aliases and typename', '{ h: health { s: status __typename } __typename }'],
  ['nested objects and lists', '{ products(first: 2) { edges { cursor node { id name brand { name } price { amountMinor currency } images { id url width height } } } pageInfo { hasNextPage endCursor } totalCount } }'],
  ['interface with inline fragments', '{ node(id: "i9") { __typename id ... on Image { url width } ... on Product { name } } }'],
  ['union with fragments', '{ search(text: "a") { __typename ...P ... on Brand { id name } } } fragment P on Product { id name rating }'],
  ['skip and include with variables', 'query($a: Boolean!, $b: Boolean = false) { health { status @include(if: $a) version @skip(if: $a) uptimeSeconds @include(if: $b) } }', { a: true }],
  ['fragment merging', '{ product(id: 1) { ...A ...B id } } fragment A on Product { id brand { id } } fragment B on Product { brand { name } name }'],
  ['enum list', '{ tryOnTasks(status: [SUBMITTED, FAILED]) { id status errorMessage } }'],
  ['mutation', 'mutation { createTryOnTask(input: {productId: "p1", userReferenceImageId: "h1"}) { task { id status } userErrors { message } } cancelTryOnTask(id: "t9") { task { id } userErrors { field message code } } }'],
  ['missing non-null field', '{ product(id: "p1") { id name } health { status } }', {}, 'missingNonNull'],
  ['missing non-null in list item', '{ tryOnTasks { id status } }', {}, 'missingInList'],
  ['bad enum value', '{ tryOnTask(id: "t1") { id status } }', {}, 'badEnum'],
  ['Int out of range', '{ health { uptimeSeconds } }', {}, 'badInt'],
  ['Int not integral', '{ health { uptimeSeconds version } }', {}, 'floatInt'],
  ['list expected', '{ search(text: "x") { __typename } }', {}, 'notList'],
  ['no typename', '{ search(text: "x") { __typename } }', {}, 'noTypename'],
  ['impossible typename', '{ node(id: "x") { id } }', {}, 'wrongTypename'],
  ['null non-null root field', '{ health { status } product(id: 1) { id } }', {}, 'nullRootNonNull'],
  ['null non-null list item in nested list', '{ products { edges { cursor node { id } } totalCount } }', {}, 'nullNestedList'],
  ['boolean serialized as String', '{ health { version } }', {}, 'boolAsString'],
  ['integer ID', '{ node(id: 1) { id } }', {}, 'intAsId'],
  ['variables and defaults', 'query($id: ID!, $n: Int = 5) { product(id: $id) { id } products(first: $n) { totalCount } }', { id: 7 }],
  ['missing variable', 'query($id: ID!) { product(id: $id) { id } }', {}],
  ['null for non-null variable', 'query($id: ID!) { product(id: $id) { id } }', { id: null }],
  ['wrong variable type', 'query($n: Int) { products(first: $n) { totalCount } }', { n: 'ten' }],
  ['input object variable', 'mutation($in: CreateTryOnTaskInput!) { createTryOnTask(input: $in) { task { id } } }', { in: { productId: 'p', userReferenceImageId: 'h', model: 'KOLORS_V1' } }],
  ['input object variable missing field', 'mutation($in: CreateTryOnTaskInput!) { createTryOnTask(input: $in) { task { id } } }', { in: { productId: 'p' } }],
  ['input object variable unknown field', 'mutation($in: CreateTryOnTaskInput!) { createTryOnTask(input: $in) { task { id } } }', { in: { productId: 'p', userReferenceImageId: 'h', size: 1 } }],
  ['enum variable', 'query($s: [TryOnStatus!]) { tryOnTasks(status: $s) { id } }', { s: 'FAILED' }],
  ['bad enum variable', 'query($s: [TryOnStatus!]) { tryOnTasks(status: $s) { id } }', { s: ['DONE'] }],
  ['__type', '{ __type(name: "TryOnTask") { name kind interfaces { name } fields { name type { name kind ofType { name } } } } }'],
  ['__schema roots', '{ __schema { queryType { name } mutationType { name } subscriptionType { name } } }'],
];

function ours(query, variables, rootValue) {
  const out = execFileSync(checkBin, ['--execute', sdlPath], {
    input: JSON.stringify({ query, variables, rootValue }), encoding: 'utf8',
  });
  return JSON.parse(out);
}

// The parts of a response both must agree on (graphql-js adds no extensions).
function comparable(response) {
  const errors = response.errors?.map((e) => ({ message: e.message, path: e.path, locations: e.locations }));
  return { data: response.data, errors };
}

test('responses equal graphql-js on the same data', async () => {
  const graphql = loadGraphql();
  assert.ok(checkBin, 'pass the graphql_check binary as the first argument');
  const schema = graphql.buildSchema(fs.readFileSync(sdlPath, 'utf8'));
  const problems = [];
  for (const [name, query, variables = {}, variant] of cases) {
    const value = variant ? broken[variant] : rootValue;
    const theirs = JSON.parse(JSON.stringify(await graphql.graphql({
      schema, source: query, rootValue: value, variableValues: variables,
    })));
    const mine = ours(query, variables, value);
    try {
      assert.deepEqual(comparable(mine), comparable(theirs));
    } catch (e) {
      problems.push(`${name}:\n  ours:   ${JSON.stringify(comparable(mine))}\n  theirs: ${JSON.stringify(comparable(theirs))}`);
    }
  }
  assert.equal(problems.join('\n'), '');
});
