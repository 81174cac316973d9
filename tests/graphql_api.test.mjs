// Functional test of the GraphQL API of the running binary: GraphQL over HTTP (POST and GET,
// status codes and media types, persisted queries) and over WebSocket with the reference
// client (npm graphql-ws) plus raw protocol violations (npm ws).
// Run: COLORS_BIN=build/bin/colors node --test tests/graphql_api.test.mjs (after npm ci in tests/)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, within, startHealthy, stopWithSigterm } from './lib/server.mjs';

import { createClient, WebSocket } from './lib/ws.mjs';

function post(address, body, headers = {}) {
  return fetch(`http://${address}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
}

function get(address, params, headers = {}) {
  const qs = new URLSearchParams(params).toString();
  return fetch(`http://${address}/graphql?${qs}`, { headers, signal: AbortSignal.timeout(5_000) });
}

// Opens a raw graphql-transport-ws socket and resolves with its close code.
function closeCodeOf(address, protocol, send) {
  return within(10_000, 'the server to close the socket', new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${address}/graphql`, protocol);
    ws.on('open', () => send(ws));
    ws.on('close', (code) => resolve(code));
    ws.on('error', reject);
  }));
}

test('GraphQL over HTTP and WebSocket', { timeout: 90_000 }, async (t) => {
  assert.ok(BIN, 'COLORS_BIN must point at the colors binary');
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'colors-graphql-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  const { server, address } = await startHealthy(path.join(base, 'data'));

  await t.test('POST runs a query', async () => {
    const res = await post(address, { query: '{ health { status version uptimeSeconds checkedAt } }' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    const body = await res.json();
    assert.equal(body.data.health.status, 'OK');
    assert.match(body.data.health.checkedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  await t.test('GET runs a query with variables and an operation name', async () => {
    const res = await get(address, {
      query: 'query A($id: ID!) { product(id: $id) { id } } query B { health { status } }',
      operationName: 'A',
      variables: JSON.stringify({ id: 'p-1' }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { data: { product: null } });
  });

  await t.test('GET refuses a mutation with 405 and Allow: POST', async () => {
    const res = await get(address, { query: 'mutation { cancelTryOnTask(id: "1") { userErrors { message } } }' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'POST');
    await res.text();
  });

  await t.test('malformed requests get 415 and 400', async () => {
    const wrongType = await fetch(`http://${address}/graphql`, {
      method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ health { status } }',
    });
    assert.equal(wrongType.status, 415);
    await wrongType.text();
    const notJson = await post(address, '{"query": ');
    assert.equal(notJson.status, 400);
    assert.ok((await notJson.json()).errors[0].message);
    const noQuery = await post(address, { variables: {} });
    assert.equal(noQuery.status, 400);
    await noQuery.text();
  });

  await t.test('validation errors: 200 for application/json, 400 for graphql-response+json', async () => {
    const plain = await post(address, { query: '{ nope }' });
    assert.equal(plain.status, 200);
    const body = await plain.json();
    assert.equal(body.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.equal(body.data, undefined);
    const strict = await post(address, { query: '{ nope }' }, { accept: 'application/graphql-response+json' });
    assert.equal(strict.status, 400);
    assert.match(strict.headers.get('content-type'), /^application\/graphql-response\+json/);
    const parse = await post(address, { query: '{ health {' }, { accept: 'application/graphql-response+json' });
    assert.equal(parse.status, 400);
    assert.equal((await parse.json()).errors[0].extensions.code, 'GRAPHQL_PARSE_FAILED');
  });

  await t.test('a subscription over HTTP is refused before execution', async () => {
    const query = 'subscription { tryOnTaskUpdated(id: "t-1") { id } }';
    const strict = await post(address, { query }, { accept: 'application/graphql-response+json' });
    assert.equal(strict.status, 400);
    assert.match((await strict.json()).errors[0].message, /WebSocket/);
    const plain = await post(address, { query });
    assert.equal(plain.status, 200);
    assert.equal((await plain.json()).data, undefined);
  });

  await t.test('automatic persisted queries', async () => {
    const query = '{ health { version } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const miss = await (await post(address, { extensions })).json();
    assert.equal(miss.errors[0].extensions.code, 'PERSISTED_QUERY_NOT_FOUND');
    const store = await (await post(address, { query, extensions })).json();
    assert.equal(store.data.health.version, '0.1.0');
    const hit = await (await post(address, { extensions })).json();
    assert.equal(hit.data.health.version, '0.1.0');
  });

  await t.test('the graphql-ws client runs a query over the WebSocket', async () => {
    const client = createClient({ url: `ws://${address}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    try {
      const results = [];
      await within(10_000, 'the query over WebSocket', new Promise((resolve, reject) => {
        client.subscribe({ query: '{ health { status } }' }, {
          next: (value) => results.push(value),
          error: reject,
          complete: resolve,
        });
      }));
      assert.deepEqual(results, [{ data: { health: { status: 'OK' } } }]);
    } finally {
      await client.dispose();
    }
  });

  await t.test('protocol violations close the socket with their codes', async () => {
    assert.equal(await closeCodeOf(address, 'graphql-transport-ws', (ws) => ws.send('{oops')), 4400);
    assert.equal(await closeCodeOf(address, 'graphql-transport-ws', (ws) => {
      ws.send(JSON.stringify({ type: 'connection_init' }));
      ws.send(JSON.stringify({ type: 'connection_init' }));
    }), 4429);
    assert.equal(await closeCodeOf(address, 'graphql-transport-ws', (ws) => {
      ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ health { status } }' } }));
    }), 4401);
    // A client that does not offer graphql-transport-ws at all.
    assert.equal(await closeCodeOf(address, undefined, () => {}), 4406);
  });

  await t.test('SIGTERM closes open WebSockets with 1001 and exits 0', async () => {
    const closed = closeCodeOf(address, 'graphql-transport-ws', (ws) => {
      ws.send(JSON.stringify({ type: 'connection_init' }));
      ws.on('message', () => server.child.kill('SIGTERM'));
    });
    assert.equal(await closed, 1001);
    await stopWithSigterm(server).catch(async () => {
      const { code } = await server.exited;
      assert.equal(code, 0, server.stderr());
    });
  });
});
