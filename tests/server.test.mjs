// Functional test of the `colors` binary: start it, talk HTTP to it, stop it with SIGTERM.
// Run: COLORS_BIN=build/bin/colors node --test tests/server.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = process.env.COLORS_BIN;
const children = new Set();

// Kill whatever is still running, whatever happened.
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

// Resolves with `promise`, or rejects after `ms` naming `what`.
function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Starts the binary; `exited` resolves with {code, signal}; `stderr()` is everything so far.
function launch(args) {
  const child = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => { err += chunk; });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, exited, stderr: () => err };
}

function start(dataDir) {
  return launch(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--io-threads', '2']);
}

// Waits for the "listening" log line and returns the bound address.
async function listeningAddress(server) {
  return within(10_000, 'the "listening" log line', (async () => {
    for (;;) {
      const line = server.stderr().split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) return JSON.parse(line).address;
      const exited = await Promise.race([server.exited, sleep(25).then(() => null)]);
      if (exited) throw new Error(`colors exited early (${exited.code}): ${server.stderr()}`);
    }
  })());
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function get(address, pathname) {
  return fetch(`http://${address}${pathname}`, { signal: AbortSignal.timeout(5_000) });
}

async function startHealthy(dataDir) {
  const server = start(dataDir);
  const address = await listeningAddress(server);
  const res = await get(address, '/healthz');
  assert.equal(res.status, 200);
  return { server, address, res };
}

async function stopWithSigterm(server) {
  server.child.kill('SIGTERM');
  const { code, signal } = await within(5_000, 'exit after SIGTERM', server.exited);
  assert.equal(signal, null, server.stderr());
  assert.equal(code, 0, server.stderr());
  assert.match(server.stderr(), /"msg":"stopped"/);
}

test('colors serves, guards its data dir, stops on SIGTERM, restarts', { timeout: 60_000 }, async (t) => {
  assert.ok(BIN, 'COLORS_BIN must point at the colors binary');
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'colors-server-'));
  const dataDir = path.join(base, 'data'); // does not exist yet: the server creates it
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));

  const { server, address, res } = await startHealthy(dataDir);

  await t.test('GET /healthz answers 200 with JSON', async () => {
    assert.match(res.headers.get('content-type'), /application\/json/);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  await t.test('an unknown path answers 404 with a JSON error', async () => {
    const missing = await get(address, '/no/such/endpoint');
    assert.equal(missing.status, 404);
    const body = await missing.json();
    assert.equal(body.error.code, 'NOT_FOUND');
  });

  await t.test('a second server on the same data dir exits non-zero naming the dir', async () => {
    const second = start(dataDir);
    const { code } = await within(10_000, 'the second server to give up', second.exited);
    assert.equal(code, 3, second.stderr()); // non-zero; 3 is "data dir in use"
    assert.ok(second.stderr().includes(dataDir), second.stderr());
    assert.equal((await get(address, '/healthz')).status, 200, 'the first server is unharmed');
  });

  await t.test('SIGTERM stops the server with exit code 0', () => stopWithSigterm(server));

  await t.test('it restarts on the same data dir', async () => {
    const again = await startHealthy(dataDir);
    await stopWithSigterm(again.server);
  });
});

test('a bad flag exits 2 with a message', { timeout: 10_000 }, async () => {
  const bad = launch(['--kling=maybe']);
  const { code } = await within(5_000, 'exit on a bad flag', bad.exited);
  assert.equal(code, 2);
  assert.match(bad.stderr(), /--kling/);
});
