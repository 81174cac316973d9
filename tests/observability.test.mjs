// Functional test of the operational endpoints of the running binary: /readyz, /metrics (checked
// by Prometheus' own `promtool check metrics`), request ids and W3C trace context.
// Run: COLORS_BIN=build/bin/colors PROMTOOL=.cache/prometheus/usr/bin/promtool node --test ...
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, get, startHealthy, stopWithSigterm } from './lib/server.mjs';

const PROMTOOL = process.env.PROMTOOL;

test('readyz, metrics and tracing headers', { timeout: 60_000 }, async (t) => {
  assert.ok(BIN, 'COLORS_BIN must point at the colors binary');
  assert.ok(PROMTOOL && fs.existsSync(PROMTOOL), `PROMTOOL must point at promtool (${PROMTOOL})`);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'colors-observe-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  const { server, address } = await startHealthy(path.join(base, 'data'));

  await t.test('GET /readyz says ready and lists its checks', async () => {
    const res = await get(address, '/readyz');
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.status, 'ready');
    assert.equal(body.checks.event_store.ok, true);
    assert.equal(body.checks.actors.ok, true);
  });

  await t.test('a traceparent is continued and the request id echoed', async () => {
    const res = await fetch(`http://${address}/healthz`, {
      headers: {
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        'x-request-id': 'functional-1',
      },
      signal: AbortSignal.timeout(5_000),
    });
    assert.equal(res.headers.get('x-request-id'), 'functional-1');
    assert.match(res.headers.get('traceparent'), /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    await res.text();
    assert.match(server.stderr(), /"msg":"request","request_id":"functional-1","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"/);
  });

  await t.test('GET /metrics passes promtool check metrics', async () => {
    await (await get(address, '/no/such/path')).text();
    // The tree sampler publishes mailbox sizes once a second, the first one at start.
    let res, text;
    for (let i = 0; i < 40; i++) {
      res = await get(address, '/metrics');
      text = await res.text();
      if (text.includes('colors_actor_mailbox_size{node="root/storage/event-writer"}')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    assert.match(text, /colors_actor_mailbox_size\{node="root"\} \d+/);
    assert.match(text, /colors_actor_mailbox_size\{node="root\/storage\/event-writer"\} \d+/);
    assert.match(text, /colors_http_requests_total\{route="\/healthz",status="200"\} \d+/);
    assert.match(text, /colors_http_requests_total\{route="unmatched",status="404"\} 1/);
    assert.match(text, /colors_http_open_connections \d+/);
    assert.match(text, /colors_actors_running \d+/);
    const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 10_000 });
    assert.equal(check.status, 0, `promtool: ${check.stdout}${check.stderr}`);
  });

  await t.test('stops cleanly', () => stopWithSigterm(server));
});
