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
import { loadGraphql as loadGraphqlFor } from './lib/graphql.mjs';
import os from 'node:os';
import { generate, mutate } from './graphql_fuzz_corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

const loadGraphql = () => loadGraphqlFor('GraphQL conformance test');

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
  let errors;
  try {
    errors = graphql.validate(schema, doc);
  } catch (e) {
    // graphql-js throws from validate when a subscription's root @skip/@include needs a
    // variable value; such a document cannot run, so it counts as invalid.
    return ['invalid', e.message];
  }
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

test('our validator agrees with graphql-js on generated documents', () => {
  const graphql = loadGraphql();
  assert.ok(checkBin, 'pass the graphql_check binary as the first argument');
  const schema = graphql.buildSchema(fs.readFileSync(sdlPath, 'utf8'));
  const docs = generate(graphql, schema, 3000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gql-gen-'));
  const file = path.join(dir, 'generated.graphql');
  fs.writeFileSync(file, docs.map((d, i) => `#### g${i} any\n${d}`).join(''));
  try {
    const out = execFileSync(checkBin, [sdlPath, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const ours = new Map(out.split('\n').filter(Boolean).map((l) => {
      const [id, verdict, message] = l.split('\t');
      return [id, { verdict, message }];
    }));
    const problems = [];
    let valid = 0;
    docs.forEach((d, i) => {
      const [theirs, why] = graphqlJsVerdict(graphql, schema, d + '\n');
      const mine = ours.get(`generated.graphql:g${i}`);
      if (theirs === 'valid') valid++;
      if (!mine || mine.verdict !== theirs)
        problems.push(`g${i}: graphql-js ${theirs} (${why}), we ${mine?.verdict} (${mine?.message})\n${d}`);
    });
    assert.deepEqual(problems.slice(0, 5), []);
    assert.ok(valid >= 100, `only ${valid} generated documents are valid`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('lexer and parser agree with graphql-js on mutated documents, syntax messages included', () => {
  const graphql = loadGraphql();
  assert.ok(checkBin, 'pass the graphql_check binary as the first argument');
  const schema = graphql.buildSchema(fs.readFileSync(sdlPath, 'utf8'));
  const docs = mutate(generate(graphql, schema, 3000, 5));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gql-mut-'));
  const file = path.join(dir, 'mutated.graphql');
  fs.writeFileSync(file, docs.map((d, i) => `#### m${i} any\n${d}`).join(''));
  try {
    const out = execFileSync(checkBin, [sdlPath, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const ours = new Map(out.split('\n').filter(Boolean).map((l) => {
      const [id, verdict, message] = l.split('\t');
      return [id, { verdict, message }];
    }));
    const problems = [];
    let syntax = 0;
    docs.forEach((d, i) => {
      const [theirs, why] = graphqlJsVerdict(graphql, schema, d + '\n');
      const mine = ours.get(`mutated.graphql:m${i}`);
      if (!mine || mine.verdict !== theirs)
        problems.push(`m${i}: graphql-js ${theirs} (${why}), we ${mine?.verdict} (${mine?.message})\n${d}`);
      else if (why.startsWith('Syntax Error') && ++syntax && why.replace(/[\n\t]/g, ' ') !== mine.message)
        problems.push(`m${i}: graphql-js says "${why}", we say "${mine.message}"`);
    });
    assert.deepEqual(problems.slice(0, 5), []);
    assert.ok(syntax >= 1000, `only ${syntax} mutated documents are syntax errors`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
