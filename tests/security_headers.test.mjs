// Functional test of the HTTP edge against the real binary: the per-IP request rate limit (429 +
// Retry-After), CORS preflights and headers, security headers on every kind of response, and
// the admin endpoints asking for a platform admin's token (roles are in functional.identity).
// Run: COLORS_BIN=build/bin/colors node --test tests/security_headers.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, launch, listeningAddress, get, stopWithSigterm } from './lib/server.mjs';

const ALLOWED = 'https://shop.example';

function tempDir(t) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'colors-edge-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  return path.join(base, 'data');
}

async function serve(t, extra, listen = '127.0.0.1:0') {
  const server = launch(['--listen', listen, '--data-dir', tempDir(t), '--io-threads', '2',
    '--no-access-log', ...extra]);
  const address = await listeningAddress(server);
  return { server, address };
}

function request(address, pathname, init = {}) {
  return fetch(`http://${address}${pathname}`, { signal: AbortSignal.timeout(5_000), ...init });
}

function assertSecurityHeaders(res, what) {
  const h = res.headers;
  assert.equal(h.get('x-content-type-options'), 'nosniff', what);
  assert.equal(h.get('x-frame-options'), 'DENY', what);
  assert.equal(h.get('referrer-policy'), 'no-referrer', what);
  assert.equal(h.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'", what);
  assert.equal(h.get('cache-control'), 'no-store', what);
  assert.equal(h.get('cross-origin-resource-policy'), 'same-site', what);
}

function preflight(address, origin) {
  return request(address, '/graphql', {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, authorization',
    },
  });
}

test('CORS and security headers', { timeout: 60_000 }, async (t) => {
  assert.ok(BIN, 'COLORS_BIN must point at the colors binary');
  const { server, address } = await serve(t, ['--cors-origins', `${ALLOWED},https://b.example`]);

  await t.test('a preflight from an allowed origin gets 204 and the CORS answer', async () => {
    const res = await preflight(address, ALLOWED);
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(res.headers.get('access-control-allow-methods'), /POST/);
    assert.match(res.headers.get('access-control-allow-headers'), /authorization/);
    assert.match(res.headers.get('access-control-allow-headers'), /traceparent/);
    assert.ok(Number(res.headers.get('access-control-max-age')) > 0);
    assert.match(res.headers.get('vary'), /Origin/);
    assertSecurityHeaders(res, 'preflight');
  });

  await t.test('a preflight from another origin is refused without CORS headers', async () => {
    const res = await preflight(address, 'https://evil.example');
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    assertSecurityHeaders(res, 'refused preflight');
  });

  await t.test('actual responses name the allowed origin only', async () => {
    const query = JSON.stringify({ query: '{ health { status } }' });
    const post = (origin) => request(address, '/graphql', {
      method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: query,
    });
    const ok = await post(ALLOWED);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(ok.headers.get('access-control-expose-headers'), /x-request-id/);
    assertSecurityHeaders(ok, 'graphql 200');
    const other = await post('https://evil.example');
    assert.equal(other.status, 200); // not a browser: the server answers, the browser would hide it
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  await t.test('security headers on 200, 404, 405 and 413 responses', async () => {
    assertSecurityHeaders(await get(address, '/healthz'), '200');
    assertSecurityHeaders(await get(address, '/no/such/thing'), '404');
    assertSecurityHeaders(await request(address, '/healthz', { method: 'DELETE' }), '405');
    const big = await request(address, '/graphql', {
      method: 'POST',
      headers: { origin: ALLOWED, 'content-type': 'application/json' },
      body: 'x'.repeat(2 * 1024 * 1024),
    });
    assert.equal(big.status, 413);
    assert.equal((await big.json()).error.code, 'PAYLOAD_TOO_LARGE');
    assertSecurityHeaders(big, '413');
    assert.equal(big.headers.get('access-control-allow-origin'), ALLOWED);
  });

  await t.test('loopback clients are not rate limited by default', async () => {
    const statuses = await Promise.all(Array.from({ length: 300 }, () =>
      get(address, '/no/such/thing').then((r) => r.status)));
    assert.ok(statuses.every((s) => s === 404), `statuses: ${[...new Set(statuses)]}`);
  });

  await t.test('/admin/actors wants a platform admin token, also from loopback', async () => {
    const res = await get(address, '/admin/actors');
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    assert.equal((await res.json()).error.code, 'UNAUTHENTICATED');
    assertSecurityHeaders(res, 'admin 401');
  });

  await stopWithSigterm(server);
});

test('the per-IP request limit answers 429 with Retry-After', { timeout: 60_000 }, async (t) => {
  const { server, address } = await serve(t, ['--rate-limit', 'request=1/3',
    '--rate-limit-loopback']);
  const results = [];
  for (let i = 0; i < 6; i++) {
    const res = await request(address, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { status } }' }),
    });
    results.push({ status: res.status, retry: res.headers.get('retry-after'),
      body: await res.json(), res });
  }
  assert.deepEqual(results.slice(0, 3).map((r) => r.status), [200, 200, 200]);
  const limited = results.find((r) => r.status === 429);
  assert.ok(limited, `no 429 among ${results.map((r) => r.status)}`);
  assert.ok(Number(limited.retry) >= 1, `Retry-After: ${limited.retry}`);
  assert.equal(limited.body.error.code, 'RATE_LIMITED');
  assertSecurityHeaders(limited.res, '429');

  for (const probe of ['/healthz', '/readyz', '/metrics'])
    assert.notEqual((await get(address, probe)).status, 429, probe);
  const metrics = await (await get(address, '/metrics')).text();
  assert.match(metrics, /colors_rate_limited_total\{class="request"\} [1-9]/);
  assert.match(metrics, /colors_http_requests_total\{route="\/graphql",status="429"\} [1-9]/);
  await stopWithSigterm(server);
});
