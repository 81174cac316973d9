// Functional test of the `colors` binary: start it, talk HTTP to it, stop it with SIGTERM.
// Run: COLORS_BIN=build/bin/colors node --test tests/server.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, within, launch, start, get, startHealthy, stopWithSigterm } from './lib/server.mjs';

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
