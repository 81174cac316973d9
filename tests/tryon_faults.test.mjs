// Try-on under failure, with the Kling simulator in its own process (as Kling would be) and the
// server pointed at it with --kling=real:
// - faults: 30% server errors, held requests (timeouts), malformed bodies, dropped callbacks
//   and a concurrency limit below ours (1303s): 200 tasks all end, the simulator holds at most
//   one task per try-on task (exactly one for every one that succeeded), and every subscriber
//   got the terminal update;
// - crash: kill -9 the server with 50 tasks in flight, restart it: all 50 finish, with no
//   duplicate Kling task.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { listeningAddress, within, sleep, BIN } from './lib/server.mjs';
import { personPng } from './lib/png.mjs';
import {
  ok, login, upload, tryOnProducts, createTask, wsClient, follow, launchSim, simTasks, realKlingEnv,
} from './lib/tryon.mjs';

const children = new Set();
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });

function tempDir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `colors-${name}-`));
}

function startServer(dataDir, sim, extra = []) {
  const child = spawn(BIN, ['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--no-access-log',
    '--kling=real', '--kling-poll-ms', '500-3000', '--demo-data', '--demo-products', '3', '--tryon-quota', '100000',
    '--rate-limit', 'login=100/1000,mutation=1000/10000,tryon=off', ...extra],
  { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...realKlingEnv(sim) } });
  children.add(child);
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c) => { err += c; });
  const exited = new Promise((resolve) => child.on('close', (code, signal) => {
    children.delete(child);
    resolve({ code, signal });
  }));
  return { child, exited, stderr: () => err };
}

async function shopperSetup(address) {
  const token = await login(address, 'demo@colors.example', 'colors-demo-shopper');
  return { token, products: await tryOnProducts(address) };
}

// n tasks over the products, each with a photo of its own (so that none is answered from the
// result cache) and its own idempotency key.
async function createMany(address, { token, products }, n, tag) {
  const photos = [];
  for (let i = 0; i < n; i++) {
    const up = await upload(address, token, personPng(360 + (i % 100), 540 + Math.floor(i / 100)));
    assert.ok(up.body.id, JSON.stringify(up.body));
    photos.push(up.body.id);
  }
  const ids = [];
  for (let i = 0; i < n; i++) {
    const product = products[i % products.length];
    const body = await createTask(address, token, { productId: product.id, userReferenceImageId: photos[i],
      variantId: product.variants[0]?.id ?? null, idempotencyKey: `${tag}-${i}` });
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    assert.deepEqual(body.data.createTryOnTask.userErrors, []);
    ids.push(body.data.createTryOnTask.task.id);
  }
  return ids;
}

async function statusesOf(address, token, ids) {
  const data = await ok(address, '{ tryOnTasks(limit: 100, offset: 0) { id status } }', {}, token);
  const more = await ok(address, '{ tryOnTasks(limit: 100, offset: 100) { id status } }', {}, token);
  const byId = new Map([...data.tryOnTasks, ...more.tryOnTasks].map((t) => [t.id, t.status]));
  return ids.map((id) => byId.get(id));
}

function assertOneKlingTaskEach(simList, ids, mustExist) {
  const count = new Map();
  for (const t of simList) {
    const ext = t.task_info?.external_task_id ?? t.external_task_id;
    count.set(ext, (count.get(ext) ?? 0) + 1);
  }
  for (const id of ids) assert.ok((count.get(id) ?? 0) <= 1, `task ${id}: ${count.get(id)} Kling tasks`);
  for (const id of mustExist) assert.equal(count.get(id), 1, `task ${id} has no Kling task`);
  assert.equal(simList.length, [...count.values()].reduce((a, b) => a + b, 0));
}

test('under server errors, timeouts, bad bodies, lost callbacks and 1303s, 200 tasks all end', { timeout: 280_000 }, async () => {
  const simDir = tempDir('sim-faults');
  const dataDir = tempDir('tryon-faults');
  const sim = await launchSim(simDir, ['--latency-ms', '800-1600', '--concurrency', '10',
    '--fail-rate', '0.3', '--hang-rate', '0.03', '--hang-ms', '1500', '--malformed-rate', '0.03',
    '--drop-callbacks', '0.5', '--seed', '7']);
  // A submit window of 8: most of the 200 wait their turn as ids, through every fault.
  const server = startServer(dataDir, sim, ['--kling-concurrency', '20', '--tryon-submit-window', '8']);
  try {
    const address = await listeningAddress(server);
    const shopper = await shopperSetup(address);
    const client = wsClient(address, shopper.token);
    const ids = await createMany(address, shopper, 200, 'f');
    const followers = ids.map((id) => follow(client, id).done);
    // (A subscriber that joins late still gets the current value first, so none can miss the end.)
    const ends = await within(240_000, 'all 200 tasks to end', Promise.all(followers));
    const finals = await statusesOf(address, shopper.token, ids);
    ends.forEach((values, i) => {
      const last = values.at(-1);
      assert.ok(['SUCCEEDED', 'FAILED'].includes(last.status), JSON.stringify(last));
      assert.equal(last.status, finals[i], `the subscriber of ${ids[i]} got the terminal update`);
    });
    const succeeded = ids.filter((_, i) => finals[i] === 'SUCCEEDED');
    const reasons = ends.map((v) => v.at(-1).errorMessage).filter(Boolean);
    assert.ok(succeeded.length >= 190, `${succeeded.length} of 200 succeeded: ${JSON.stringify(reasons.slice(0, 5))}`);
    assertOneKlingTaskEach(await simTasks(sim), ids, succeeded);
    await client.dispose();
  } finally {
    server.child.kill('SIGKILL');
    sim.child.kill('SIGKILL');
    await Promise.all([server.exited, sim.exited]);
    fs.rmSync(simDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('kill -9 with 50 tasks in flight: after a restart all 50 finish, with no duplicate Kling task', { timeout: 200_000 }, async () => {
  const simDir = tempDir('sim-crash');
  const dataDir = tempDir('tryon-crash');
  const sim = await launchSim(simDir, ['--latency-ms', '3000-5000', '--concurrency', '50']);
  let server = startServer(dataDir, sim, ['--kling-concurrency', '50', '--tryon-submit-window', '4']);
  try {
    let address = await listeningAddress(server);
    const shopper = await shopperSetup(address);
    const ids = await createMany(address, shopper, 50, 'c');
    server.child.kill('SIGKILL');
    await server.exited;
    const before = await simTasks(sim);
    assert.ok(before.length <= 50);

    server = startServer(dataDir, sim, ['--kling-concurrency', '50', '--tryon-submit-window', '4']);
    address = await listeningAddress(server);
    const token = await login(address, 'demo@colors.example', 'colors-demo-shopper');
    await within(150_000, 'all 50 tasks to succeed after the restart', (async () => {
      for (;;) {
        const statuses = await statusesOf(address, token, ids);
        if (statuses.every((s) => s === 'SUCCEEDED')) return;
        assert.ok(!statuses.includes('FAILED'), JSON.stringify(statuses));
        await sleep(500);
      }
    })());
    assertOneKlingTaskEach(await simTasks(sim), ids, ids);
  } finally {
    server.child.kill('SIGKILL');
    sim.child.kill('SIGKILL');
    await Promise.all([server.exited, sim.exited]);
    fs.rmSync(simDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
