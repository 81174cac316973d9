// The Kling simulator binary over real HTTP: JWT auth codes, input validation, a task from
// submitted to a real composited JPEG, the concurrency limit, callbacks, and tasks surviving
// kill -9. Images are real PNGs made in node (lib/png.mjs); tokens are minted with node's HMAC.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { within, sleep } from './lib/server.mjs';
import { personPng, garmentPng, jpegSize } from './lib/png.mjs';

const BIN = process.env.KLING_SIM_BIN;
const AK = 'AK-functional';
const SK = 'SK-functional-secret';
const PATH = '/v1/images/kolors-virtual-try-on';
const children = new Set();
const dirs = [];

after(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'kling-sim-'));
  dirs.push(dir);
  return dir;
}

function b64url(value) {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))
    .toString('base64url');
}

// Kling's JWT: HS256, iss = AK, exp = now + 1800, nbf = now - 5 (shifted by `offset` seconds).
function jwt({ offset = 0, key = SK, iss = AK } = {}) {
  const now = Math.floor(Date.now() / 1000) + offset;
  const head = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ iss, exp: now + 1800, nbf: now - 5 })}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}

async function launch(dir, extra = []) {
  const child = spawn(BIN, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--access-key', AK,
    '--secret-key', SK, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c) => { err += c; });
  const exited = new Promise((resolve) => child.on('close', (code, signal) => {
    children.delete(child);
    resolve({ code, signal });
  }));
  const address = await within(10_000, 'the "listening" log line', (async () => {
    for (;;) {
      const line = err.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) return JSON.parse(line).address;
      const gone = await Promise.race([exited, sleep(25).then(() => null)]);
      if (gone) throw new Error(`kling_sim exited early (${gone.code}): ${err}`);
    }
  })());
  return { child, exited, address, stderr: () => err };
}

async function call(sim, method, path, { body, token = jwt() } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`http://${sim.address}${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, json: await res.json() };
}

const person = personPng(360, 540);
const garment = garmentPng();

function createBody(extra = {}) {
  return { model_name: 'kolors-virtual-try-on-v1', human_image: person.toString('base64'),
    cloth_image: garment.toString('base64'), ...extra };
}

async function untilEnded(sim, taskId) {
  return within(20_000, `task ${taskId} to end`, (async () => {
    for (;;) {
      const { json } = await call(sim, 'GET', `${PATH}/${taskId}`);
      assert.equal(json.code, 0, JSON.stringify(json));
      if (json.data.task_status === 'succeed' || json.data.task_status === 'failed') return json.data;
      await sleep(50);
    }
  })());
}

test('a task goes from submitted to a real JPEG of the person\'s size', async () => {
  const sim = await launch(dataDir(), ['--latency-ms', '200-400']);
  const created = await call(sim, 'POST', PATH, { body: createBody({ external_task_id: 'ext-1' }) });
  assert.equal(created.status, 200);
  assert.equal(created.json.code, 0);
  assert.ok(created.json.request_id);
  assert.equal(created.json.data.task_status, 'submitted');
  assert.ok(created.json.data.created_at > 1.7e12, 'Unix milliseconds');
  const id = created.json.data.task_id;
  const done = await untilEnded(sim, id);
  assert.equal(done.task_status, 'succeed', JSON.stringify(done));
  assert.equal(done.task_info.external_task_id, 'ext-1');
  const image = await fetch(done.task_result.images[0].url);
  assert.equal(image.status, 200);
  assert.equal(image.headers.get('content-type'), 'image/jpeg');
  assert.deepEqual(jpegSize(Buffer.from(await image.arrayBuffer())), { width: 360, height: 540 });

  const byPath = await call(sim, 'GET', `${PATH}/ext-1`);
  assert.equal(byPath.json.data.task_id, id);
  const byQuery = await call(sim, 'GET', `${PATH}?external_task_id=ext-1`);
  assert.equal(byQuery.json.data.task_id, id);
  const list = await call(sim, 'GET', `${PATH}?pageNum=1&pageSize=30`);
  assert.deepEqual(list.json.data.map((t) => t.task_id), [id]);
  const badPage = await call(sim, 'GET', `${PATH}?pageNum=0&pageSize=30`);
  assert.equal(badPage.json.code, 1201);
  const reused = await call(sim, 'POST', PATH, { body: createBody({ external_task_id: 'ext-1' }) });
  assert.equal(reused.json.code, 1201);
  const unknown = await call(sim, 'GET', `${PATH}/no-such-task`);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.code, 1203);
});

test('every request needs a valid JWT: 1001, 1002, 1003, 1004', async () => {
  const sim = await launch(dataDir());
  const cases = [[null, 1001], [jwt({ offset: -3600 }), 1004], [jwt({ offset: 600 }), 1003],
    [jwt({ key: 'wrong-secret' }), 1002], [jwt({ iss: 'AK-unknown' }), 1002]];
  for (const [token, code] of cases) {
    const res = await call(sim, 'GET', `${PATH}?pageNum=1&pageSize=1`, { token });
    assert.equal(res.status, 401);
    assert.equal(res.json.code, code);
    const create = await call(sim, 'POST', PATH, { body: createBody(), token });
    assert.equal(create.json.code, code);
  }
});

test('invalid inputs answer 400 with code 1201', async () => {
  const sim = await launch(dataDir());
  const prefixed = await call(sim, 'POST', PATH, {
    body: createBody({ human_image: `data:image/png;base64,${person.toString('base64')}` }) });
  assert.equal(prefixed.status, 400);
  assert.equal(prefixed.json.code, 1201);
  assert.match(prefixed.json.message, /base64/);
  const small = await call(sim, 'POST', PATH, {
    body: createBody({ cloth_image: personPng(200, 400).toString('base64') }) });
  assert.equal(small.json.code, 1201);
  const missing = await call(sim, 'POST', PATH, { body: { human_image: person.toString('base64') } });
  assert.equal(missing.json.code, 1201);
});

test('over the concurrency limit the answer is 429 with code 1303', async () => {
  const sim = await launch(dataDir(), ['--latency-ms', '3000', '--concurrency', '2']);
  for (let i = 0; i < 2; i++) {
    assert.equal((await call(sim, 'POST', PATH, { body: createBody() })).json.code, 0);
  }
  const third = await call(sim, 'POST', PATH, { body: createBody() });
  assert.equal(third.status, 429);
  assert.equal(third.json.code, 1303);
});

test('the callback URL receives the bare task object on each status change', async () => {
  const received = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { received.push(JSON.parse(body)); res.end('ok'); });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    const sim = await launch(dataDir(), ['--latency-ms', '200']);
    const callbackUrl = `http://127.0.0.1:${receiver.address().port}/kling/secret-123`;
    const created = await call(sim, 'POST', PATH, { body: createBody({ callback_url: callbackUrl }) });
    const id = created.json.data.task_id;
    await within(10_000, 'the succeed callback', (async () => {
      while (!received.some((t) => t.task_status === 'succeed')) await sleep(25);
    })());
    assert.ok(received.every((t) => t.task_id === id && t.code === undefined), 'bare task objects');
    assert.deepEqual(received.map((t) => t.task_status), ['processing', 'succeed']);
    assert.match(received[1].task_result.images[0].url, /\/results\/.*\.jpg$/);
  } finally {
    receiver.close();
  }
});

test('a task survives kill -9 and finishes after the restart', async () => {
  const dir = dataDir();
  const first = await launch(dir, ['--latency-ms', '1500']);
  const created = await call(first, 'POST', PATH, { body: createBody() });
  const id = created.json.data.task_id;
  first.child.kill('SIGKILL');
  await within(5_000, 'the kill', first.exited);
  const second = await launch(dir, ['--latency-ms', '1500']);
  const done = await untilEnded(second, id);
  assert.equal(done.task_status, 'succeed');
  const image = await fetch(done.task_result.images[0].url);
  assert.deepEqual(jpegSize(Buffer.from(await image.arrayBuffer())), { width: 360, height: 540 });
  second.child.kill('SIGTERM');
  const { code } = await within(5_000, 'exit after SIGTERM', second.exited);
  assert.equal(code, 0, second.stderr());
});
