// Functional test: when the root supervisor gives up, the `colors` process exits with a non-zero
// code and a log line that names the child that gave up and why (so an outer service manager
// restarts it). The failure is injected with the test-only COLORS_TEST_FAILING_CHILD variable
// (main/tree.hpp): root gets a child whose every start fails.
// Run: COLORS_BIN=build/bin/colors node --test tests/root_failure.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, within, start } from './lib/server.mjs';

function logLines(stderr) {
  return stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

test('a root that gives up exits non-zero naming the child and its failure', { timeout: 60_000 }, async (t) => {
  assert.ok(BIN, 'COLORS_BIN must point at the colors binary');
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'colors-root-failure-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  process.env.COLORS_TEST_FAILING_CHILD = '1'; // inherited by the child process only here
  const server = start(path.join(base, 'data'));
  delete process.env.COLORS_TEST_FAILING_CHILD;

  // Five restarts with backoff from 50 ms: about 1.5 s, then the exit.
  const { code, signal } = await within(30_000, 'the server to exit', server.exited);
  const stderr = server.stderr();
  assert.equal(signal, null, stderr);
  assert.notEqual(code, 0, stderr);

  const lines = logLines(stderr);
  const gaveUp = lines.find((l) => l.msg === 'supervisor gave up');
  assert.ok(gaveUp, stderr);
  assert.equal(gaveUp.supervisor, 'root');
  assert.equal(gaveUp.child, 'test-failing-child');
  assert.match(gaveUp.last_failure, /injected start failure/);

  const exiting = lines.find((l) => l.msg === 'supervision tree failed; exiting');
  assert.ok(exiting, stderr);
  assert.match(exiting.reason, /child 'test-failing-child' gave up after 5 restarts/);
  assert.match(exiting.reason, /injected start failure/);
  assert.equal(lines.at(-1).msg, 'stopped', stderr);
  assert.equal(lines.at(-1).exit_code, String(code));
});
