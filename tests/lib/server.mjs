// Helpers shared by the functional tests: start the real `colors` binary, wait for it, talk
// HTTP to it, stop it. Every wait is bounded; children are killed when the test file ends.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';

export const BIN = process.env.COLORS_BIN;
const children = new Set();

// Kill whatever is still running, whatever happened.
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

// Resolves with `promise`, or rejects after `ms` naming `what`.
export function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Starts the binary; `exited` resolves with {code, signal}; `stderr()` is everything so far.
export function launch(args) {
  const child = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => { err += chunk; });
  const exited = new Promise((resolve) => {
    // 'close', not 'exit': it comes after stderr is drained, so the last log lines are there.
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, exited, stderr: () => err };
}

export function start(dataDir) {
  return launch(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--io-threads', '2']);
}

// Waits for the "listening" log line and returns the bound address.
export async function listeningAddress(server) {
  return within(30_000, 'the "listening" log line', (async () => {
    for (;;) {
      const line = server.stderr().split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) return JSON.parse(line).address;
      const exited = await Promise.race([server.exited, sleep(25).then(() => null)]);
      if (exited) throw new Error(`colors exited early (${exited.code}): ${server.stderr()}`);
    }
  })());
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function get(address, pathname) {
  return fetch(`http://${address}${pathname}`, { signal: AbortSignal.timeout(5_000) });
}

export async function startHealthy(dataDir) {
  const server = start(dataDir);
  const address = await listeningAddress(server);
  const res = await get(address, '/healthz');
  assert.equal(res.status, 200);
  return { server, address, res };
}

export async function stopWithSigterm(server) {
  server.child.kill('SIGTERM');
  const { code, signal } = await within(15_000, 'exit after SIGTERM', server.exited);
  assert.equal(signal, null, server.stderr());
  assert.equal(code, 0, server.stderr());
  assert.match(server.stderr(), /"msg":"stopped"/);
}

