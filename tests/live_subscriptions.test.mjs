// Functional test of live subscriptions end to end: the real binary, the npm graphql-ws client,
// and Subscription.productUpdated fed by committed events (log -> live hub -> WebSocket).
// Run: COLORS_BIN=build/bin/colors node --test tests/live_subscriptions.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { within, launch, listeningAddress, stopWithSigterm } from './lib/server.mjs';

import { createClient, WebSocket } from './lib/ws.mjs';

let server, address, token, productId, brandId;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colors-live-'));

async function graphql(query, variables = {}, auth = token) {
  const res = await fetch(`http://${address}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

function setPrice(amountMinor, id = productId) {
  return graphql(`mutation($id: ID!, $p: Int!) {
    updateProduct(id: $id, input: {name: "Linen shirt", price: {amountMinor: $p, currency: "EUR"}}) {
      product { id } userErrors { message } } }`, { id, p: amountMinor });
}

// Subscribes and collects `next` payloads; `waitFor(n)` resolves once n arrived.
function follow(client, id) {
  const seen = [];
  const waiters = [];
  let failure;
  const dispose = client.subscribe(
    { query: 'subscription($id: ID!) { productUpdated(id: $id) { id name price { amountMinor currency } } }',
      variables: { id } },
    { next: (v) => { seen.push(v); waiters.forEach((w) => w()); },
      error: (e) => { failure = e; waiters.forEach((w) => w()); },
      complete: () => {} });
  const waitFor = (n) => within(10_000, `${n} updates`, new Promise((resolve, reject) => {
    const check = () => (failure ? reject(new Error(JSON.stringify(failure)))
                                 : seen.length >= n && resolve(seen));
    waiters.push(check);
    check();
  }));
  return { seen, waitFor, dispose };
}

function client() {
  return createClient({ url: `ws://${address}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
}

before(async () => {
  server = launch(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--demo-data', '--demo-products', '0', '--no-access-log',
                   '--rate-limit', 'login=100/1000,mutation=100/1000']);
  address = await listeningAddress(server);
  const login = await graphql(`mutation { login(email: "admin@colors.example", password: "colors-admin-demo") {
    accessToken userErrors { message } } }`, {}, null);
  token = login.login.accessToken;
  assert.ok(token, JSON.stringify(login));
  const brand = await graphql('mutation { createBrand(input: {name: "Live brand"}) { brand { id } } }');
  brandId = brand.createBrand.brand.id;
  const created = await graphql(`mutation { createProduct(input: {brandId: "${brandId}", product: {
    name: "Linen shirt", price: {amountMinor: 4900, currency: "EUR"}}}) { product { id } userErrors { message } } }`);
  productId = created.createProduct.product.id;
  await graphql('mutation($id: ID!) { setProductStatus(id: $id, status: ACTIVE) { product { status } } }',
                { id: productId });
});

after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('a subscriber gets the product now, then every committed change in order', async () => {
  const c = client();
  const sub = follow(c, productId);
  await sub.waitFor(1);
  assert.equal(sub.seen[0].data.productUpdated.price.amountMinor, 4900);
  await setPrice(4500);
  await sub.waitFor(2);
  await setPrice(4200);
  const seen = await sub.waitFor(3);
  assert.deepEqual(seen.map((v) => v.data.productUpdated.price.amountMinor), [4900, 4500, 4200]);
  sub.dispose();
  await c.dispose();
});

test('many subscribers of one product all receive the same update', async () => {
  const clients = Array.from({ length: 20 }, () => client());
  const subs = clients.map((c) => follow(c, productId));
  await Promise.all(subs.map((s) => s.waitFor(1)));
  await setPrice(3900);
  const all = await Promise.all(subs.map((s) => s.waitFor(2)));
  for (const seen of all)
    assert.equal(seen[1].data.productUpdated.price.amountMinor, 3900);
  await Promise.all(clients.map((c) => c.dispose()));
});

test('a change of another product does not reach this product\'s subscribers', async () => {
  const other = await graphql(`mutation { createProduct(input: {brandId: "${brandId}", product: {
    name: "Wool coat", price: {amountMinor: 19900, currency: "EUR"}}}) { product { id } } }`);
  const otherId = other.createProduct.product.id;
  await graphql('mutation($id: ID!) { setProductStatus(id: $id, status: ACTIVE) { product { status } } }',
                { id: otherId });
  const c = client();
  const sub = follow(c, productId);
  await sub.waitFor(1);
  await setPrice(12345, otherId);
  await setPrice(3800);
  const seen = await sub.waitFor(2);
  assert.equal(seen[1].data.productUpdated.price.amountMinor, 3800);
  assert.equal(seen.length, 2);
  sub.dispose();
  await c.dispose();
});

test('an unknown or unpublished product is a NOT_FOUND field error; a malformed id is refused', async () => {
  const c = client();
  const unknown = follow(c, '01a21419-6653-7c24-8d56-000000000000');
  const [first] = await unknown.waitFor(1);
  assert.equal(first.data, null);
  assert.equal(first.errors[0].extensions.code, 'NOT_FOUND');
  assert.deepEqual(first.errors[0].path, ['productUpdated']);
  const bad = follow(c, 'not-an-id');
  await assert.rejects(bad.waitFor(1), /BAD_USER_INPUT/);
  unknown.dispose();
  await c.dispose();
});

test('subscribers are counted in /metrics while they are connected', async () => {
  const c = client();
  const sub = follow(c, productId);
  await sub.waitFor(1);
  const metrics = await (await fetch(`http://${address}/metrics`)).text();
  assert.match(metrics, /colors_ws_subscriptions [1-9]/);
  assert.match(metrics, /colors_hub_events_delivered_total \d+/);
  sub.dispose();
  await c.dispose();
});

test('on SIGTERM an open subscription is closed with 1001 and the server exits 0', async () => {
  const ws = new WebSocket(`ws://${address}/graphql`, 'graphql-transport-ws');
  const closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise((resolve) => ws.on('open', resolve));
  ws.send(JSON.stringify({ type: 'connection_init' }));
  await new Promise((resolve) => ws.once('message', resolve));
  ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: {
    query: `subscription { productUpdated(id: "${productId}") { id } }` } }));
  await new Promise((resolve) => ws.once('message', resolve));
  await stopWithSigterm(server);
  assert.equal(await within(5_000, 'the socket to close', closed), 1001);
});
