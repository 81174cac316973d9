// Try-on end to end against the real binary and its embedded Kling simulator (--kling=sim):
// a shopper uploads a photo, starts a try-on with createTryOnTask, follows it over
// graphql-transport-ws with the npm graphql-ws client (SUBMITTED, PROCESSING, SUCCEEDED in
// order), and fetches the stored result (a real JPEG). Then: the result cache, tryOnTask /
// tryOnTasks, the owner-only result image, bad input (each a clear error that creates nothing),
// the daily quota, and cancelling.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, listeningAddress, within, stopWithSigterm } from './lib/server.mjs';
import { personPng, jpegSize } from './lib/png.mjs';
import {
  ok, login, register, upload, tryOnProducts, createTask, wsClient, follow, TASK_FIELDS,
} from './lib/tryon.mjs';

const QUOTA = 6;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colors-tryon-'));
let server, address, shopper, products, photo;

before(async () => {
  server = launch(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--no-access-log',
    '--demo-data', '--demo-products', '3', '--sim-latency-ms', '2000-3000',
    '--tryon-quota', String(QUOTA), '--rate-limit', 'login=100/1000,mutation=100/1000,tryon=off']);
  address = await listeningAddress(server);
  shopper = await login(address, 'demo@colors.example', 'colors-demo-shopper');
  products = await tryOnProducts(address);
  const up = await upload(address, shopper, personPng(480, 720));
  assert.ok(up.status === 201 || up.status === 200, JSON.stringify(up.body));
  photo = up.body.id;
});

after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function fetchImage(url, token) {
  const res = await fetch(`http://${address}${url}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

test('a try-on goes SUBMITTED, PROCESSING, SUCCEEDED live, and its result is a real image', async () => {
  const product = products[0];
  const variantId = product.variants[0]?.id ?? null;
  const created = await createTask(address, shopper, { productId: product.id, userReferenceImageId: photo, variantId });
  assert.equal(created.errors, undefined, JSON.stringify(created.errors));
  assert.deepEqual(created.data.createTryOnTask.userErrors, []);
  const task = created.data.createTryOnTask.task;
  assert.equal(task.status, 'SUBMITTED');
  assert.equal(task.product.id, product.id);
  assert.equal(task.variantId, variantId);
  assert.equal(task.referenceImage.id, photo);
  assert.equal(task.resultImage, null);
  assert.equal(task.fromCache, false);

  const client = wsClient(address, shopper);
  try {
    const updates = follow(client, task.id);
    const values = await within(60_000, 'the task to end', updates.done);
    assert.deepEqual(values.map((v) => v.status), ['SUBMITTED', 'PROCESSING', 'SUCCEEDED']);
    const last = values.at(-1);
    assert.ok(last.resultImage, 'a result image');
    assert.ok(last.submittedAt && last.completedAt);
    assert.equal(last.errorMessage, null);
    const image = await fetchImage(last.resultImage.url, shopper);
    assert.equal(image.status, 200);
    const size = jpegSize(image.bytes);
    assert.ok(size && size.width >= 300 && size.height >= 300, `a decodable JPEG, not ${image.type}`);
    // The thumbnail is made just after SUCCEEDED; until then the next larger size answers.
    await within(20_000, 'the result thumbnail', (async () => {
      for (;;) {
        const thumb = await fetchImage(`${last.resultImage.url}?size=thumb`, shopper);
        assert.equal(thumb.status, 200);
        const scaled = jpegSize(thumb.bytes);
        assert.ok(scaled, `a decodable JPEG, not ${thumb.type}`);
        if (Math.max(scaled.width, scaled.height) === 256) return;
        assert.deepEqual(scaled, size, 'before the thumbnail, the result as it came');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })());

    const one = await ok(address, `query($id: ID!) { tryOnTask(id: $id) { ${TASK_FIELDS} } }`, { id: task.id }, shopper);
    assert.deepEqual(one.tryOnTask, last);
    const list = await ok(address, `{ tryOnTasks(limit: 5) { ${TASK_FIELDS} } }`, {}, shopper);
    assert.deepEqual(list.tryOnTasks[0], last);

    // Someone else sees neither the task nor its picture.
    const other = await register(address, `other-${Date.now()}@example.com`);
    const theirs = await ok(address, `query($id: ID!) { tryOnTask(id: $id) { id } }`, { id: task.id }, other);
    assert.equal(theirs.tryOnTask, null);
    assert.notEqual((await fetchImage(last.resultImage.url, other)).status, 200);
    assert.notEqual((await fetchImage(last.resultImage.url, null)).status, 200);

    // The same photo, product and variant again: the stored result at once, no new Kling task.
    const again = await createTask(address, shopper, { productId: product.id, userReferenceImageId: photo, variantId });
    const cached = again.data.createTryOnTask.task;
    assert.equal(cached.status, 'SUCCEEDED');
    assert.equal(cached.fromCache, true);
    assert.equal(cached.resultImage.id, last.resultImage.id);
  } finally {
    await client.dispose();
  }
});

test('bad input is a clear error and starts nothing', async () => {
  const before = (await ok(address, '{ tryOnTasks(limit: 100) { id } }', {}, shopper)).tryOnTasks.length;
  const product = products[0];
  const cases = [
    [{ productId: 'not-an-id', userReferenceImageId: photo }, 'INVALID_INPUT', /product/],
    [{ productId: '01890000-0000-7000-8000-000000000000', userReferenceImageId: photo }, 'NOT_FOUND', /product/],
    [{ productId: product.id, userReferenceImageId: 'nope' }, 'NOT_FOUND', /photo/],
    [{ productId: product.id, userReferenceImageId: photo, variantId: 'no-such-variant' }, 'NOT_FOUND', /variant/],
    [{ productId: product.id, userReferenceImageId: photo, idempotencyKey: 'k'.repeat(200) }, 'INVALID_INPUT', /idempotency/],
  ];
  // Someone else's photo is not yours to use.
  const other = await register(address, `photo-owner-${Date.now()}@example.com`);
  const theirs = await upload(address, other, personPng(400, 600));
  cases.push([{ productId: product.id, userReferenceImageId: theirs.body.id }, 'NOT_FOUND', /photo/]);
  for (const [input, code, message] of cases) {
    const body = await createTask(address, shopper, input);
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const { task, userErrors } = body.data.createTryOnTask;
    assert.equal(task, null, JSON.stringify(input));
    assert.equal(userErrors[0].code, code, JSON.stringify(userErrors));
    assert.match(userErrors[0].message, message);
  }
  const anonymous = await createTask(address, null, { productId: product.id, userReferenceImageId: photo });
  assert.equal(anonymous.errors[0].extensions.code, 'UNAUTHENTICATED');
  const after = (await ok(address, '{ tryOnTasks(limit: 100) { id } }', {}, shopper)).tryOnTasks.length;
  assert.equal(after, before);
});

test('creates racing with one idempotency key make one task, and all get it', async () => {
  const user = await register(address, `same-key-${Date.now()}@example.com`);
  const mine = (await upload(address, user, personPng(450, 650))).body.id;
  const bodies = await Promise.all(Array.from({ length: QUOTA - 1 }, () =>
    createTask(address, user, { productId: products[0].id, userReferenceImageId: mine, idempotencyKey: 'same' })));
  const ids = bodies.map((b) => b.data.createTryOnTask.task?.id);
  assert.ok(ids[0], JSON.stringify(bodies[0]));
  assert.deepEqual(ids, ids.map(() => ids[0]), JSON.stringify(bodies.map((b) => b.data.createTryOnTask.userErrors)));
  const listed = await ok(address, '{ tryOnTasks(limit: 100) { id } }', {}, user);
  assert.deepEqual(listed.tryOnTasks.map((t) => t.id), [ids[0]]);
});

test('creates racing at the quota: exactly the quota passes, the rest get RATE_LIMITED', async () => {
  const user = await register(address, `race-${Date.now()}@example.com`);
  const mine = (await upload(address, user, personPng(440, 660))).body.id;
  const bodies = await Promise.all(Array.from({ length: 3 * QUOTA }, (_, i) => {
    const product = products[i % products.length];
    return createTask(address, user, { productId: product.id, userReferenceImageId: mine,
      variantId: product.variants[Math.floor(i / products.length) % product.variants.length]?.id ?? null,
      idempotencyKey: `race-${i}` });
  }));
  const codes = bodies.map((b) => b.data.createTryOnTask.userErrors[0]?.code ?? 'OK');
  assert.equal(codes.filter((c) => c === 'OK').length, QUOTA, JSON.stringify(codes));
  assert.equal(codes.filter((c) => c === 'RATE_LIMITED').length, 2 * QUOTA, JSON.stringify(codes));
  const listed = await ok(address, '{ tryOnTasks(limit: 100) { id } }', {}, user);
  assert.equal(listed.tryOnTasks.length, QUOTA);
});

test('a user gets a daily quota of try-ons; past it, a clear error and nothing created', async () => {
  const user = await register(address, `quota-${Date.now()}@example.com`);
  const mine = (await upload(address, user, personPng(420, 640))).body.id;
  const client = wsClient(address, user);
  try {
    const ids = [];
    for (let i = 0; i < QUOTA; i++) {
      const product = products[i % products.length];
      // A new idempotency key each time and distinct variants or products keep the cache out.
      const body = await createTask(address, user, { productId: product.id, userReferenceImageId: mine,
        variantId: product.variants[Math.floor(i / products.length)]?.id ?? null, idempotencyKey: `q-${i}` });
      assert.deepEqual(body.data.createTryOnTask.userErrors, [], JSON.stringify(body));
      ids.push(body.data.createTryOnTask.task.id);
    }
    // A repeated idempotency key returns the first task and spends nothing.
    const repeat = await createTask(address, user, { productId: products[0].id, userReferenceImageId: mine, idempotencyKey: 'q-0' });
    assert.equal(repeat.data.createTryOnTask.task.id, ids[0]);
    const over = await createTask(address, user, { productId: products[0].id, userReferenceImageId: mine, idempotencyKey: 'q-over' });
    assert.equal(over.data.createTryOnTask.task, null);
    assert.equal(over.data.createTryOnTask.userErrors[0].code, 'RATE_LIMITED');
    assert.match(over.data.createTryOnTask.userErrors[0].message, /today/);
    const listed = await ok(address, '{ tryOnTasks(limit: 100) { id } }', {}, user);
    assert.equal(listed.tryOnTasks.length, QUOTA);

    // Cancel one that is still running; it ends FAILED with the reason, and its subscriber hears it.
    const cancelled = follow(client, ids[QUOTA - 1]);
    const res = await ok(address, `mutation($id: ID!) { cancelTryOnTask(id: $id) { task { status errorMessage }
      userErrors { code } } }`, { id: ids[QUOTA - 1] }, user);
    assert.equal(res.cancelTryOnTask.task.status, 'FAILED');
    assert.match(res.cancelTryOnTask.task.errorMessage, /cancelled/);
    const values = await within(20_000, 'the cancelled task\'s last update', cancelled.done);
    assert.equal(values.at(-1).status, 'FAILED');
    const again = await ok(address, `mutation($id: ID!) { cancelTryOnTask(id: $id) { userErrors { code } } }`,
      { id: ids[QUOTA - 1] }, user);
    assert.equal(again.cancelTryOnTask.userErrors[0].code, 'CONFLICT');
    // The rest finish on their own.
    const followers = ids.slice(0, QUOTA - 1).map((id) => follow(client, id).done);
    const ends = await within(90_000, 'every task to end', Promise.all(followers));
    for (const values of ends) assert.equal(values.at(-1).status, 'SUCCEEDED', JSON.stringify(values.at(-1)));
  } finally {
    await client.dispose();
  }
});

test('the server stops cleanly on SIGTERM with try-on work done', async () => {
  await stopWithSigterm(server);
});
