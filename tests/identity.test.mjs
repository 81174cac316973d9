// Functional test of identity and security against the real binary: accounts and tokens over
// HTTP (register, me, refused tokens, login errors), refresh-token rotation and reuse detection,
// sign-out, email verification and password reset through the admin-readable outbox, roles and
// the permission check (GraphQL and GET /admin/actors), the graphql-transport-ws connection_init
// check, crypto-shredding of a deleted account across restarts (no marker in any data file, none
// in any API answer), the GDPR data export, and the per-IP login rate limit.
// Run: COLORS_BIN=build/bin/colors node --test tests/identity.test.mjs (after npm ci in tests/)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, launch, listeningAddress, within, sleep, stopWithSigterm } from './lib/server.mjs';

import { createClient, WebSocket } from './lib/ws.mjs';

const ADMIN = { email: 'admin@colors.example', password: 'colors-admin-demo' };
const SHOPPER = { email: 'demo@colors.example', password: 'colors-demo-shopper' };
// Generous limits so that the test's own logins and registrations are never throttled; the
// rate-limit test below runs with the defaults.
const RELAXED = ['--rate-limit', 'login=100/1000,mutation=100/1000'];

const USER_FIELDS = 'id status email emailVerified displayName roles { role brandIds } ' +
  'preferences { favoriteColors styles brands sizes } activeSessions createdAt';
const AUTH_FIELDS = `accessToken accessTokenExpiresAt refreshToken user { ${USER_FIELDS} } ` +
  'userErrors { field message code }';

function tempBase(t) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'colors-identity-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  return base;
}

async function serve(dataDir, extra = RELAXED) {
  const server = launch(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--io-threads', '2',
    '--no-access-log', '--demo-data', '--demo-products', '0', ...extra]);
  const address = await listeningAddress(server);
  return { server, address };
}

// SIGTERM and a clean exit; the server's log is in the message when it does not stop.
async function stop(server, when) {
  try {
    await stopWithSigterm(server);
  } catch (e) {
    throw new Error(`${when}: ${e.message}\n${server.stderr().split('\n').slice(-30).join('\n')}`);
  }
}

// POST /graphql; resolves with the HTTP status and the parsed body.
async function gql(address, query, variables = {}, token = null) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`http://${address}/graphql`, {
    method: 'POST', headers, body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = null; }
  return { status: res.status, body, text };
}

// A query or mutation that must succeed without GraphQL errors; resolves with `data`.
async function ok(address, query, variables = {}, token = null) {
  const r = await gql(address, query, variables, token);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.errors, undefined, r.text);
  return r.body.data;
}

function codeOf(r) {
  return r.body?.errors?.[0]?.extensions?.code;
}

// A request refused for its bearer token: 401, WWW-Authenticate-style GraphQL error body.
function assertRefusedToken(r, what) {
  assert.equal(r.status, 401, `${what}: ${r.text}`);
  assert.ok(Array.isArray(r.body?.errors) && r.body.errors.length > 0, `${what}: ${r.text}`);
  assert.equal(codeOf(r), 'UNAUTHENTICATED', `${what}: ${r.text}`);
  assert.equal(typeof r.body.errors[0].message, 'string');
  assert.equal(r.body.data, undefined, what);
}

async function register(address, email, password, displayName) {
  const data = await ok(address,
    `mutation($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`,
    { input: { email, password, displayName } });
  assert.deepEqual(data.register.userErrors, []);
  assert.ok(data.register.accessToken && data.register.refreshToken, 'register returns tokens');
  return data.register;
}

async function login(address, email, password) {
  const data = await ok(address,
    `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { ${AUTH_FIELDS} } }`,
    { e: email, p: password });
  return data.login;
}

async function signIn(address, email, password) {
  const r = await login(address, email, password);
  assert.deepEqual(r.userErrors, [], `login of ${email}`);
  return r;
}

// The demo admin's access token; the demo data may still be loading right after start.
async function adminToken(address) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const r = await login(address, ADMIN.email, ADMIN.password);
    if (r.userErrors.length === 0) return r.accessToken;
    if (Date.now() > deadline) assert.fail(`demo admin cannot sign in: ${JSON.stringify(r)}`);
    await sleep(200);
  }
}

async function me(address, token) {
  return gql(address, `{ me { ${USER_FIELDS} } }`, {}, token);
}

// Every mail in the outbox (all pages).
async function allMail(address, admin) {
  const out = [];
  let after = null;
  for (let pages = 0; pages < 1000; ++pages) {
    const data = await ok(address,
      'query($after: String) { outbox(first: 100, after: $after) { ' +
      'edges { cursor node { id kind to body queuedAt } } pageInfo { hasNextPage endCursor } } }',
      { after }, admin);
    out.push(...data.outbox.edges.map((e) => e.node));
    if (!data.outbox.pageInfo.hasNextPage) return out;
    after = data.outbox.pageInfo.endCursor;
  }
  assert.fail('the outbox never ends');
}

// The newest mail of `kind` to `to`, waited for (some mail is queued after the answer).
async function mailTo(address, admin, to, kind) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mails = (await allMail(address, admin)).filter((m) => m.to === to && m.kind === kind);
    if (mails.length > 0) return mails[mails.length - 1];
    if (Date.now() > deadline) assert.fail(`no ${kind} mail to ${to} in the outbox`);
    await sleep(100);
  }
}

function linkToken(mail) {
  const m = /[?&]token=([^\s&]+)/.exec(mail.body);
  assert.ok(m, `no token in the mail: ${mail.body}`);
  return decodeURIComponent(m[1]);
}

function unique(prefix) {
  return `${prefix}${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

// ---- JWT forging with the server's own key (for the expired-token case) --------------------

const b64url = (buf) => Buffer.from(buf).toString('base64url');

function decodePart(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

function signHs256(header, claims, secret) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${b64url(createHmac('sha256', secret).update(input).digest())}`;
}

// `token` re-signed with the data dir's key of its kid, with `change` applied to its claims.
function reSigned(dataDir, token, change) {
  const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8'));
  const [h, c] = token.split('.');
  const header = decodePart(h);
  const key = secrets.jwt.keys.find((k) => k.kid === header.kid);
  assert.ok(key, `no key ${header.kid} in secrets.json`);
  return signHs256(header, { ...decodePart(c), ...change }, Buffer.from(key.key, 'base64'));
}

// ---- files on disk ---------------------------------------------------------------------------

function filesUnder(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

// No file under `dir` holds any of `markers` as plain bytes.
function assertNoMarkerOnDisk(dir, markers, when) {
  const files = filesUnder(dir);
  assert.ok(files.length > 0, `no files under ${dir}`);
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    for (const marker of markers)
      assert.equal(bytes.indexOf(Buffer.from(marker, 'utf8')), -1,
        `${when}: ${file} holds "${marker}" in plain text`);
  }
}

// ---- WebSocket ---------------------------------------------------------------------------------

// A graphql-ws client; resolves with the single result of `query`.
async function overSocket(address, connectionParams, query) {
  const client = createClient({
    url: `ws://${address}/graphql`, webSocketImpl: WebSocket, connectionParams,
    retryAttempts: 0, lazy: true,
  });
  try {
    return await within(10_000, `${query} over the socket`, new Promise((resolve, reject) => {
      let result;
      client.subscribe({ query }, {
        next: (value) => { result = value; },
        error: reject,
        complete: () => resolve(result),
      });
    }));
  } finally {
    await client.dispose();
  }
}

// A raw socket that sends connection_init with `payload`; resolves with the close code.
function initCloseCode(address, payload) {
  return within(10_000, 'the server to close the socket', new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${address}/graphql`, 'graphql-transport-ws');
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload })));
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.type === 'connection_ack') { ws.close(); reject(new Error('the bad token was acknowledged')); }
    });
    ws.on('close', (code) => resolve(code));
    ws.on('error', reject);
  }));
}

// =================================================================================================

test('identity over HTTP and WebSocket', { timeout: 150_000 }, async (t) => {
  assert.ok(BIN, 'COLORS_BIN must point at the colors binary');
  const dataDir = path.join(tempBase(t), 'data');
  const { server, address } = await serve(dataDir);
  const admin = await adminToken(address);

  const password = 'correct horse battery';
  const email = `${unique('reg-')}@shop.example`;
  let alice;

  await t.test('register returns tokens and me answers with the bearer token', async () => {
    alice = await register(address, email.toUpperCase(), password, 'Alice Tester');
    assert.equal(alice.user.email, email, 'the address is normalised');
    assert.equal(alice.user.emailVerified, false);
    assert.deepEqual(alice.user.roles, [{ role: 'CUSTOMER', brandIds: [] }]);
    assert.ok(Date.parse(alice.accessTokenExpiresAt) > Date.now());
    const r = await me(address, alice.accessToken);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.data.me.email, email);
    assert.equal(r.body.data.me.displayName, 'Alice Tester');
    assert.equal(r.body.data.me.id, alice.user.id);
    assert.equal(r.body.data.me.status, 'ACTIVE');
  });

  await t.test('a second account with the same address is a CONFLICT', async () => {
    const r = await ok(address,
      'mutation($input: RegisterInput!) { register(input: $input) { accessToken userErrors { message code } } }',
      { input: { email, password, displayName: 'Someone Else' } });
    assert.equal(r.register.accessToken, null);
    assert.equal(r.register.userErrors[0].code, 'CONFLICT');
  });

  await t.test('me without a token is UNAUTHENTICATED', async () => {
    const r = await me(address, null);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.data.me, null);
    assert.equal(codeOf(r), 'UNAUTHENTICATED', r.text);
  });

  await t.test('a garbage, expired or tampered token is a 401 with a GraphQL error body', async () => {
    assertRefusedToken(await me(address, 'garbage'), 'garbage');
    assertRefusedToken(await me(address, 'a.b.c'), 'three garbage parts');
    const [h, c, s] = alice.accessToken.split('.');
    const claims = decodePart(c);
    const tampered = `${h}.${b64url(JSON.stringify({ ...claims, sub: 'someone-else' }))}.${s}`;
    assertRefusedToken(await me(address, tampered), 'tampered claims');
    const flipped = s[0] === 'A' ? 'B' : 'A';
    assertRefusedToken(await me(address, `${h}.${c}.${flipped}${s.slice(1)}`), 'tampered signature');
    const now = Math.floor(Date.now() / 1000);
    const expired = reSigned(dataDir, alice.accessToken,
      { iat: now - 7200, nbf: now - 7200, exp: now - 3600 });
    assertRefusedToken(await me(address, expired), 'expired');
    // The same forging with a valid expiry is accepted: the expiry alone was the reason.
    const fresh = reSigned(dataDir, alice.accessToken, { exp: now + 600 });
    assert.equal((await me(address, fresh)).body.data.me.email, email);
    const none = `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${c}.`;
    assertRefusedToken(await me(address, none), 'alg none');
  });

  await t.test('a wrong password and an unknown email give the same answer', async () => {
    const wrong = await login(address, email, 'not the password at all');
    const unknown = await login(address, `${unique('nobody-')}@shop.example`, password);
    for (const r of [wrong, unknown]) {
      assert.equal(r.accessToken, null);
      assert.equal(r.refreshToken, null);
      assert.equal(r.userErrors.length, 1);
      assert.equal(r.userErrors[0].code, 'UNAUTHENTICATED');
    }
    assert.equal(wrong.userErrors[0].message, unknown.userErrors[0].message);
  });

  await t.test('refresh rotates; reusing an old refresh token ends its whole family', async () => {
    const first = await signIn(address, email, password);
    const refresh = (token) => ok(address,
      `mutation($r: String!) { refreshToken(refreshToken: $r) { ${AUTH_FIELDS} } }`, { r: token })
      .then((d) => d.refreshToken);
    const second = await refresh(first.refreshToken);
    assert.deepEqual(second.userErrors, []);
    assert.ok(second.accessToken && second.refreshToken);
    assert.notEqual(second.refreshToken, first.refreshToken);
    assert.equal((await me(address, second.accessToken)).body.data.me.email, email);
    const reused = await refresh(first.refreshToken);
    assert.equal(reused.accessToken, null);
    assert.equal(reused.userErrors[0]?.code, 'UNAUTHENTICATED', JSON.stringify(reused));
    const afterReuse = await refresh(second.refreshToken);
    assert.equal(afterReuse.accessToken, null, 'the newer token of the family is dead too');
    assert.equal(afterReuse.userErrors[0]?.code, 'UNAUTHENTICATED');
    const garbage = await refresh('not-a-refresh-token');
    assert.equal(garbage.userErrors[0]?.code, 'UNAUTHENTICATED');
  });

  await t.test('logout ends one session; logoutAll revokes earlier access tokens', async () => {
    const a = await signIn(address, email, password);
    const b = await signIn(address, email, password);
    const out = await ok(address, 'mutation($r: String!) { logout(refreshToken: $r) }',
      { r: a.refreshToken }, a.accessToken);
    assert.equal(out.logout, true);
    const dead = await ok(address,
      'mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken userErrors { code } } }',
      { r: a.refreshToken });
    assert.equal(dead.refreshToken.accessToken, null);
    assert.equal(dead.refreshToken.userErrors[0].code, 'UNAUTHENTICATED');
    // logout needs a signed-in caller
    const anon = await gql(address, 'mutation($r: String!) { logout(refreshToken: $r) }', { r: b.refreshToken });
    assert.equal(codeOf(anon), 'UNAUTHENTICATED', anon.text);
    // someone else's session cannot be ended
    const other = await signIn(address, SHOPPER.email, SHOPPER.password);
    const foreign = await gql(address, 'mutation($r: String!) { logout(refreshToken: $r) }',
      { r: b.refreshToken }, other.accessToken);
    assert.equal(codeOf(foreign), 'FORBIDDEN', foreign.text);

    assert.equal((await me(address, b.accessToken)).status, 200);
    const all = await ok(address, 'mutation { logoutAll }', {}, b.accessToken);
    assert.equal(all.logoutAll, true);
    assertRefusedToken(await me(address, b.accessToken), 'access token after logoutAll');
    assertRefusedToken(await me(address, alice.accessToken), 'the registration token after logoutAll');
    const stale = await ok(address,
      'mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken userErrors { code } } }',
      { r: b.refreshToken });
    assert.equal(stale.refreshToken.accessToken, null, 'refresh tokens end with logoutAll');
    alice = await signIn(address, email, password);
    assert.equal(alice.user.activeSessions, 1);
  });

  await t.test('email verification through the outbox works once', async () => {
    const mail = await mailTo(address, admin, email, 'verify_email');
    assert.match(mail.body, /verify-email\?token=/);
    const token = linkToken(mail);
    const verify = (tok) => gql(address,
      `mutation($t: String!) { verifyEmail(token: $t) { user { ${USER_FIELDS} } userErrors { message code } } }`,
      { t: tok });
    const first = await verify(token);
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.body.data.verifyEmail.userErrors, [], first.text);
    assert.equal(first.body.data.verifyEmail.user.emailVerified, true);
    const again = await verify(token);
    assert.ok(again.body.data?.verifyEmail?.userErrors?.length > 0 || again.body.errors,
      `a used verification token must be refused: ${again.text}`);
    assert.equal(again.body.data?.verifyEmail?.user ?? null, null);
    const junk = await verify('junk');
    assert.equal(junk.body.data.verifyEmail.userErrors[0].code, 'INVALID_INPUT', junk.text);
    const r = await me(address, alice.accessToken);
    assert.equal(r.body.data.me.emailVerified, true);
  });

  await t.test('password reset through the outbox; the old password stops working', async () => {
    const before = (await allMail(address, admin)).length;
    const asked = await ok(address, 'mutation($e: String!) { requestPasswordReset(email: $e) }',
      { e: email });
    assert.equal(asked.requestPasswordReset, true);
    const unknown = await ok(address, 'mutation($e: String!) { requestPasswordReset(email: $e) }',
      { e: `${unique('nobody-')}@shop.example` });
    assert.equal(unknown.requestPasswordReset, true, 'the same answer for an unknown address');
    const mail = await mailTo(address, admin, email, 'reset_password');
    assert.match(mail.body, /reset-password\?token=/);
    assert.ok((await allMail(address, admin)).length > before);
    const newPassword = 'a brand new passphrase';
    const reset = (tok, pw) => ok(address,
      'mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) { ok userErrors { message code } } }',
      { t: tok, p: pw }).then((d) => d.resetPassword);
    const weak = await reset(linkToken(mail), 'short');
    assert.equal(weak.ok, false);
    assert.equal(weak.userErrors[0].code, 'INVALID_INPUT');
    const done = await reset(linkToken(mail), newPassword);
    assert.deepEqual(done, { ok: true, userErrors: [] });
    assertRefusedToken(await me(address, alice.accessToken), 'access token after a reset');
    const old = await login(address, email, password);
    assert.equal(old.accessToken, null);
    assert.equal(old.userErrors[0].code, 'UNAUTHENTICATED');
    const reused = await reset(linkToken(mail), 'yet another passphrase');
    assert.equal(reused.ok, false, 'a reset link works once');
    alice = await signIn(address, email, newPassword);
  });

  await t.test('changePassword and updateProfile', async () => {
    const wrong = await ok(address,
      'mutation { changePassword(currentPassword: "wrong wrong wrong", newPassword: "whatever passphrase 1") { accessToken userErrors { code } } }',
      {}, alice.accessToken);
    assert.equal(wrong.changePassword.accessToken, null);
    assert.equal(wrong.changePassword.userErrors[0].code, 'INVALID_INPUT');
    const profile = await ok(address,
      `mutation($in: ProfileInput!) { updateProfile(input: $in) { user { ${USER_FIELDS} } userErrors { code } } }`,
      { in: { displayName: 'Alice Renamed', preferences: { favoriteColors: ['teal'], sizes: ['M'] } } },
      alice.accessToken);
    assert.deepEqual(profile.updateProfile.userErrors, []);
    assert.equal(profile.updateProfile.user.displayName, 'Alice Renamed');
    assert.deepEqual(profile.updateProfile.user.preferences,
      { favoriteColors: ['teal'], styles: [], brands: [], sizes: ['M'] });
  });

  await t.test('a customer gets FORBIDDEN for grantRole, outbox, user and eraseUser', async () => {
    const calls = [
      ['mutation($u: ID!) { grantRole(userId: $u, role: PLATFORM_ADMIN) { userErrors { code } } }', 'grantRole'],
      ['mutation($u: ID!) { revokeRole(userId: $u, role: CUSTOMER) { userErrors { code } } }', 'revokeRole'],
      ['mutation($u: ID!) { eraseUser(userId: $u) { ok } }', 'eraseUser'],
      ['query($u: ID!) { user(id: $u) { email } }', 'user'],
      ['query { outbox { edges { node { body } } } }', 'outbox'],
    ];
    for (const [query, field] of calls) {
      const r = await gql(address, query, { u: alice.user.id }, alice.accessToken);
      assert.equal(r.status, 200, r.text);
      assert.equal(codeOf(r), 'FORBIDDEN', `${field}: ${r.text}`);
      assert.equal(r.body.data?.[field] ?? null, null, field);
      const anon = await gql(address, query, { u: alice.user.id });
      assert.equal(codeOf(anon), 'UNAUTHENTICATED', `${field} anonymously: ${anon.text}`);
    }
    const roles = (await me(address, alice.accessToken)).body.data.me.roles;
    assert.deepEqual(roles, [{ role: 'CUSTOMER', brandIds: [] }], 'nothing was granted');
  });

  await t.test('GET /admin/actors: 401 without a token, 403 for a customer, 200 for the admin', async () => {
    const actors = (token) => fetch(`http://${address}/admin/actors`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(5_000),
    });
    const anon = await actors(null);
    assert.equal(anon.status, 401);
    await anon.text();
    const bad = await actors('garbage');
    assert.equal(bad.status, 401);
    await bad.text();
    const customer = await actors(alice.accessToken);
    assert.equal(customer.status, 403);
    await customer.text();
    const ok200 = await actors(admin);
    assert.equal(ok200.status, 200);
    assert.match(ok200.headers.get('content-type'), /json/);
    await ok200.json();
  });

  await t.test('the admin grants BRAND_ADMIN; revokeRole ends the user\'s sessions', async () => {
    const userQ = await ok(address, `query($u: ID!) { user(id: $u) { ${USER_FIELDS} } }`,
      { u: alice.user.id }, admin);
    assert.equal(userQ.user.email, email);
    const none = await ok(address, 'query { user(id: "no-such-user") { id } }', {}, admin);
    assert.equal(none.user, null);
    const noBrands = await gql(address,
      'mutation($u: ID!) { grantRole(userId: $u, role: BRAND_ADMIN) { user { id } userErrors { code } } }',
      { u: alice.user.id }, admin);
    assert.ok(noBrands.body.data?.grantRole?.userErrors?.length > 0 || noBrands.body.errors,
      `BRAND_ADMIN needs brandIds: ${noBrands.text}`);
    const granted = await ok(address,
      `mutation($u: ID!, $b: [ID!]) { grantRole(userId: $u, role: BRAND_ADMIN, brandIds: $b) { user { ${USER_FIELDS} } userErrors { message code } } }`,
      { u: alice.user.id, b: ['brand-1', 'brand-2'] }, admin);
    assert.deepEqual(granted.grantRole.userErrors, []);
    const grant = (roles) => roles.find((r) => r.role === 'BRAND_ADMIN');
    assert.deepEqual(grant(granted.grantRole.user.roles)?.brandIds?.slice().sort(), ['brand-1', 'brand-2']);
    const mine = (await me(address, alice.accessToken)).body.data.me.roles;
    assert.deepEqual(grant(mine)?.brandIds?.slice().sort(), ['brand-1', 'brand-2']);
    assert.ok(mine.some((r) => r.role === 'CUSTOMER'));
    // A BRAND_ADMIN is still no platform admin.
    assert.equal(codeOf(await gql(address, 'query { outbox { edges { cursor } } }', {}, alice.accessToken)),
      'FORBIDDEN');

    const revoked = await ok(address,
      `mutation($u: ID!) { revokeRole(userId: $u, role: BRAND_ADMIN) { user { ${USER_FIELDS} } userErrors { message code } } }`,
      { u: alice.user.id }, admin);
    assert.deepEqual(revoked.revokeRole.userErrors, []);
    assert.equal(grant(revoked.revokeRole.user.roles), undefined);
    assert.equal(revoked.revokeRole.user.activeSessions, 0);
    assertRefusedToken(await me(address, alice.accessToken), 'access token after revokeRole');
    alice = await signIn(address, email, 'a brand new passphrase');
    assert.equal(grant(alice.user.roles), undefined);
  });

  await t.test('an admin cannot revoke their own PLATFORM_ADMIN role', async () => {
    const adminId = (await me(address, admin)).body.data.me.id;
    const r = await ok(address,
      'mutation($u: ID!) { revokeRole(userId: $u, role: PLATFORM_ADMIN) { userErrors { code } } }',
      { u: adminId }, admin);
    assert.equal(r.revokeRole.userErrors[0].code, 'INVALID_INPUT');
  });

  await t.test('graphql-transport-ws: bad token 4403, good token me, no token UNAUTHENTICATED', async () => {
    assert.equal(await initCloseCode(address, { token: 'garbage' }), 4403);
    assert.equal(await initCloseCode(address, { authorization: 'Bearer garbage' }), 4403);
    const withToken = await overSocket(address, { authorization: `Bearer ${alice.accessToken}` },
      '{ me { email } }');
    assert.deepEqual(withToken, { data: { me: { email } } });
    const withTokenField = await overSocket(address, { token: alice.accessToken }, '{ me { email } }');
    assert.deepEqual(withTokenField, { data: { me: { email } } });
    const anonymous = await overSocket(address, {}, '{ me { email } }');
    assert.equal(anonymous.data?.me ?? null, null);
    assert.equal(anonymous.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', JSON.stringify(anonymous));
  });

  await t.test('exportMyData returns a JSON string with the account, history and mails', async () => {
    const data = await ok(address, '{ exportMyData }', {}, alice.accessToken);
    assert.equal(typeof data.exportMyData, 'string');
    const doc = JSON.parse(data.exportMyData);
    assert.equal(doc.account.id, alice.user.id);
    assert.equal(doc.account.email, email);
    assert.equal(doc.account.displayName, 'Alice Renamed');
    assert.equal(doc.account.emailVerified, true);
    assert.deepEqual(doc.account.preferences.favoriteColors, ['teal']);
    assert.ok(Array.isArray(doc.accountHistory) && doc.accountHistory.length > 0);
    const kinds = doc.accountHistory.map((h) => h.event);
    for (const expected of ['registered', 'email_verified', 'password_changed', 'role_granted', 'role_revoked'])
      assert.ok(kinds.includes(expected), `history has ${expected}: ${kinds.join(',')}`);
    const mails = doc.mails.map((m) => m.kind);
    assert.ok(mails.includes('verify_email') && mails.includes('reset_password'), mails.join(','));
    assert.ok(doc.mails.every((m) => typeof m.body === 'string' && m.body.length > 0));
    assert.ok(Array.isArray(doc.sessions) && doc.sessions.length >= 1);
    const anon = await gql(address, '{ exportMyData }');
    assert.equal(codeOf(anon), 'UNAUTHENTICATED', anon.text);
  });

  await stop(server, 'stop');
});

// =================================================================================================

test('crypto-shredding: a deleted account leaves no readable personal data', { timeout: 150_000 }, async (t) => {
  assert.ok(BIN, 'COLORS_BIN must point at the colors binary');
  const dataDir = path.join(tempBase(t), 'data');
  const tag = unique('mk').toLowerCase();
  const markerEmail = `shred-${tag}@marker.example`;
  const markerName = `Shredname ${tag}`;
  const markerColour = `colour${tag}`;
  const markers = [markerEmail, tag];
  const password = 'shredding passphrase 1';

  let { server, address } = await serve(dataDir);
  let admin = await adminToken(address);
  const user = await register(address, markerEmail, password, markerName);
  const profile = await ok(address,
    `mutation($in: ProfileInput!) { updateProfile(input: $in) { user { ${USER_FIELDS} } userErrors { code } } }`,
    { in: { preferences: { favoriteColors: [markerColour], styles: ['minimal'], sizes: ['S'] } } },
    user.accessToken);
  assert.deepEqual(profile.updateProfile.user.preferences.favoriteColors, [markerColour]);
  // The personal data is readable through the API while the account lives.
  assert.equal((await mailTo(address, admin, markerEmail, 'verify_email')).to, markerEmail);
  const live = await ok(address, `query($u: ID!) { user(id: $u) { ${USER_FIELDS} } }`, { u: user.user.id }, admin);
  assert.equal(live.user.email, markerEmail);
  assert.equal(live.user.displayName, markerName);
  await stop(server, 'stop before erasure');
  assertNoMarkerOnDisk(dataDir, markers, 'before erasure');

  ({ server, address } = await serve(dataDir));
  admin = await adminToken(address);
  const back = await signIn(address, markerEmail, password);
  assert.equal(back.user.displayName, markerName, 'the account survives a restart');
  const wrongPw = await ok(address,
    'mutation { deleteMyAccount(password: "not my password!") { ok userErrors { code } } }', {},
    back.accessToken);
  assert.equal(wrongPw.deleteMyAccount.ok, false);
  assert.equal(wrongPw.deleteMyAccount.userErrors[0].code, 'INVALID_INPUT');
  const deleted = await ok(address,
    'mutation($p: String!) { deleteMyAccount(password: $p) { ok userErrors { message code } } }',
    { p: password }, back.accessToken);
  assert.deepEqual(deleted.deleteMyAccount, { ok: true, userErrors: [] });

  const checkApis = async (when) => {
    const exported = await gql(address, '{ exportMyData }', {}, back.accessToken);
    assert.equal(exported.status, 401, `${when}: the erased user's token is refused: ${exported.text}`);
    assert.ok(!exported.text.toLowerCase().includes(tag), `${when}: exportMyData: ${exported.text}`);
    const u = await gql(address, `query($u: ID!) { user(id: $u) { ${USER_FIELDS} } }`, { u: user.user.id }, admin);
    assert.equal(u.status, 200, u.text);
    assert.ok(!u.text.toLowerCase().includes(tag), `${when}: user(id): ${u.text}`);
    assert.equal(u.body.data.user.status, 'ERASED', u.text);
    assert.equal(u.body.data.user.email, null);
    assert.equal(u.body.data.user.displayName, null);
    assert.deepEqual(u.body.data.user.preferences, { favoriteColors: [], styles: [], brands: [], sizes: [] });
    const mails = await allMail(address, admin);
    assert.ok(!JSON.stringify(mails).toLowerCase().includes(tag), `${when}: outbox`);
    const erasedMail = mails.filter((m) => m.to === '[erased]');
    assert.ok(erasedMail.length >= 1, `${when}: the user's mail shows as [erased]`);
    assert.ok(erasedMail.every((m) => m.body === '[erased]'));
    const me2 = await me(address, back.accessToken);
    assert.equal(me2.status, 401, `${when}: me`);
    assert.ok(!me2.text.toLowerCase().includes(tag));
    const again = await login(address, markerEmail, password);
    assert.equal(again.accessToken, null, `${when}: login of an erased account`);
    assert.equal(again.userErrors[0].code, 'UNAUTHENTICATED');
    assert.ok(!JSON.stringify(again).toLowerCase().includes(tag));
  };
  await checkApis('right after erasure');
  await stop(server, 'stop after erasure');
  assertNoMarkerOnDisk(dataDir, markers, 'after erasure');

  ({ server, address } = await serve(dataDir));
  admin = await adminToken(address);
  await checkApis('after a restart');
  // The address is free again: a new account may take it, and sees nothing of the old one.
  const reborn = await register(address, markerEmail, password, 'Someone New');
  assert.notEqual(reborn.user.id, user.user.id);
  assert.deepEqual(reborn.user.preferences.favoriteColors, []);
  await stop(server, 'final stop');
});

// =================================================================================================

test('a login burst from one address is RATE_LIMITED with a retry hint', { timeout: 90_000 }, async (t) => {
  assert.ok(BIN, 'COLORS_BIN must point at the colors binary');
  const { server, address } = await serve(path.join(tempBase(t), 'data'), []);
  let limited = null;
  for (let i = 0; i < 30 && !limited; ++i) {
    const r = await gql(address,
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken userErrors { message code } } }',
      { e: `burst-${i}@shop.example`, p: 'wrong password 123' });
    assert.equal(r.status, 200, r.text);
    if (codeOf(r) === 'RATE_LIMITED') limited = { r, i, message: r.body.errors[0].message };
    else if (r.body.data?.login?.userErrors?.[0]?.code === 'RATE_LIMITED')
      limited = { r, i, message: r.body.data.login.userErrors[0].message };
    else assert.equal(r.body.data.login.userErrors[0].code, 'UNAUTHENTICATED', r.text);
  }
  assert.ok(limited, 'thirty logins in a burst were never rate limited');
  assert.ok(limited.i >= 5, `limited too early, after ${limited.i} logins`);
  assert.match(limited.message, /try again in \d+ s/i, limited.r.text);
  await stop(server, 'stop');
});
