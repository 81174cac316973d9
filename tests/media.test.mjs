// Functional test of the media endpoints (docs/media.md) against the real binary: uploads by
// role, refusals (no token, wrong role, not an image, too large), serving with ETag/304 and
// caching headers, renditions, dedupe, reference photos only for their owner, and durability:
// an acknowledged upload is still there after kill -9. Reference photos: stored only encrypted
// (no plaintext slice of them in any data file, while a product image's slice is found),
// refused with a reason when Kling would refuse them, and gone (404) once their owner's account
// is deleted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { launch, listeningAddress, within, sleep, stopWithSigterm } from './lib/server.mjs';

const ADMIN = { email: 'admin@colors.example', password: 'colors-admin-demo' };
const SHOPPER = { email: 'demo@colors.example', password: 'colors-demo-shopper' };
const MAX_BYTES = 3_000_000; // above the 1 MiB body limit of the other endpoints

function crc32(buf) {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

// A real w x h RGB PNG: a gradient whose colours depend on `seed`, or random noise (which
// does not compress: about 3 bytes a pixel).
function png(w, h, seed = 0, noise = false) {
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = noise ? randomBytes(1 + 3 * w) : Buffer.alloc(1 + 3 * w);
    row[0] = 0; // no filter
    for (let x = 0; x < w && !noise; x++) {
      row[1 + 3 * x] = (x + seed) & 0xff;
      row[2 + 3 * x] = (y * 2) & 0xff;
      row[3 + 3 * x] = (seed * 40) & 0xff;
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0))]);
}

function pngSize(bytes) {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function serve(dataDir) {
  const server = launch(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--io-threads', '2',
    '--no-access-log', '--demo-data', '--demo-products', '0', '--rate-limit', 'login=100/1000,mutation=100/1000',
    '--upload-max-bytes', String(MAX_BYTES)]);
  return { server, address: await listeningAddress(server) };
}

async function tokenOf(address, who) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await fetch(`http://${address}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) ' +
          '{ accessToken userErrors { message } } }',
        variables: { e: who.email, p: who.password },
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = await res.json();
    const login = body.data?.login;
    if (login?.accessToken) return login.accessToken;
    if (Date.now() > deadline) assert.fail(`${who.email} cannot sign in: ${JSON.stringify(body)}`);
    await sleep(200);
  }
}

async function upload(address, bytes, { token, purpose = 'product', type = 'image/png' } = {}) {
  const headers = { 'content-type': type };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`http://${address}/uploads?purpose=${purpose}`, {
    method: 'POST', headers, body: bytes, signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let body = null;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body, text, headers: res.headers };
}

async function get(address, url, headers = {}) {
  const res = await fetch(`http://${address}${url}`, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function assertError(r, status, code, what) {
  assert.equal(r.status, status, `${what}: ${r.text}`);
  assert.equal(r.body?.error?.code, code, `${what}: ${r.text}`);
  assert.equal(typeof r.body.error.message, 'string', what);
}

test('uploads are checked, stored, served with caching headers and survive kill -9', async (t) => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'colors-media-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  let { server, address } = await serve(base);
  const admin = await tokenOf(address, ADMIN);
  const shopper = await tokenOf(address, SHOPPER);
  const image = png(600, 400, 1);

  assertError(await upload(address, image), 401, 'UNAUTHENTICATED', 'no token');
  assertError(await upload(address, image, { token: shopper }), 403, 'FORBIDDEN',
    'a shopper uploading a product image');
  const text = await upload(address, Buffer.from('this is not an image'), { token: admin });
  assertError(text, 400, 'BAD_USER_INPUT', 'text');
  assert.match(text.body.error.message, /JPEG, PNG and WebP/);
  const gif = await upload(address, Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'),
    { token: admin, type: 'image/png' });
  assertError(gif, 400, 'BAD_USER_INPUT', 'a GIF declared as PNG');
  assert.match(gif.body.error.message, /GIF/);
  assertError(await upload(address, Buffer.alloc(MAX_BYTES + 20_000, 1), { token: admin }), 413,
    'PAYLOAD_TOO_LARGE', 'over --upload-max-bytes');
  assertError(await upload(address, image, { token: admin, purpose: 'avatar' }), 400,
    'BAD_USER_INPUT', 'unknown purpose');

  const created = await upload(address, image, { token: admin });
  assert.equal(created.status, 201, created.text);
  const info = created.body;
  assert.equal(info.url, `/media/${info.id}`);
  assert.equal(info.width, 600);
  assert.equal(info.height, 400);
  assert.equal(info.contentType, 'image/png');
  assert.match(info.sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(Object.keys(info.renditions).sort(), ['large', 'medium', 'thumb']);
  assert.equal(info.renditions.thumb.width, 256);
  assert.equal(info.renditions.thumb.height, 171);
  assert.equal(info.renditions.large.width, 600, 'never enlarged');
  assert.equal(info.tryOnReady, true);
  assert.deepEqual(info.tryOnIssues, []);

  const again = await upload(address, image, { token: admin });
  assert.equal(again.status, 200, 'the same bytes again');
  assert.equal(again.body.id, info.id);

  const form = new FormData();
  form.append('note', 'a second image, as a form');
  form.append('file', new Blob([png(320, 320, 2)], { type: 'image/png' }), 'second.png');
  const multipart = await fetch(`http://${address}/uploads?purpose=product`, {
    method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form,
  });
  const second = await multipart.json();
  assert.equal(multipart.status, 201, JSON.stringify(second));
  assert.equal(second.width, 320);

  const big = png(800, 600, 4, true);
  assert.ok(big.length > 1_200_000, 'larger than the default body limit');
  const bigUpload = await upload(address, big, { token: admin });
  assert.equal(bigUpload.status, 201, bigUpload.text);

  const original = await get(address, info.url);
  assert.equal(original.status, 200);
  assert.equal(original.headers.get('content-type'), 'image/png');
  assert.equal(original.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const etag = original.headers.get('etag');
  assert.match(etag, /^"[^"]+"$/, 'a strong ETag');
  assert.deepEqual(pngSize(original.bytes), { width: 600, height: 400 });
  const thumb = await get(address, info.renditions.thumb.url);
  assert.equal(thumb.status, 200);
  assert.deepEqual(pngSize(thumb.bytes), { width: 256, height: 171 });
  assert.notEqual(thumb.headers.get('etag'), etag);
  const notModified = await get(address, info.url, { 'if-none-match': etag });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.headers.get('etag'), etag);
  assert.equal((await get(address, `${info.url}?size=huge`)).status, 400);
  const unknown = await get(address, '/media/0190f0c4-8d2e-7000-8000-000000000000');
  assert.equal(unknown.status, 404);
  assert.equal(JSON.parse(unknown.bytes.toString()).error.code, 'NOT_FOUND');

  const mine = await upload(address, png(400, 500, 3), { token: shopper, purpose: 'reference' });
  assert.equal(mine.status, 201, mine.text);
  assert.equal((await get(address, mine.body.url)).status, 401, 'anonymous');
  const own = await get(address, mine.body.url, { authorization: `Bearer ${shopper}` });
  assert.equal(own.status, 200);
  assert.match(own.headers.get('cache-control'), /^private/);
  const asAdmin = await get(address, mine.body.url, { authorization: `Bearer ${admin}` });
  assert.equal(asAdmin.status, 200);

  const metrics = await (await fetch(`http://${address}/metrics`)).text();
  assert.match(metrics, /colors_media_uploads_total\{outcome="created"\} 4/);
  assert.match(metrics, /colors_media_uploads_total\{outcome="deduplicated"\} 1/);
  assert.match(metrics, /colors_media_stored_bytes_total \d+/);

  // Acknowledged means durable: kill -9 right away, start again, everything is there.
  server.child.kill('SIGKILL');
  await within(5_000, 'exit after SIGKILL', server.exited);
  ({ server, address } = await serve(base));
  const after = await get(address, info.url);
  assert.equal(after.status, 200, 'the upload survived kill -9');
  assert.equal(after.headers.get('etag'), etag);
  assert.deepEqual(after.bytes, original.bytes);
  assert.equal((await get(address, info.renditions.medium.url)).status, 200);
  const reuploaded = await upload(address, image, { token: await tokenOf(address, ADMIN) });
  assert.equal(reuploaded.status, 200);
  assert.equal(reuploaded.body.id, info.id);
  server.child.kill('SIGTERM');
  await within(10_000, 'exit after SIGTERM', server.exited);
});

async function graphql(address, query, variables, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`http://${address}/graphql`, {
    method: 'POST', headers, body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.errors, undefined, JSON.stringify(body));
  return body.data;
}

async function registerShopper(address, email, password) {
  const data = await graphql(address,
    'mutation($in: RegisterInput!) { register(input: $in) { accessToken userErrors { message } } }',
    { in: { email, password, displayName: 'Photo Owner' } });
  assert.deepEqual(data.register.userErrors, []);
  return data.register.accessToken;
}

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

// The data files that hold `probe` (RocksDB blob files are not compressed: plaintext shows).
function filesHolding(dir, probe) {
  return filesUnder(dir).filter((f) => fs.readFileSync(f).includes(probe));
}

const middle = (bytes) => bytes.subarray(Math.floor(bytes.length / 2) - 32, Math.floor(bytes.length / 2) + 32);

test('reference photos are stored encrypted, refused with a reason, and gone with their owner', async (t) => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'colors-media-ref-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  let { server, address } = await serve(base);
  const admin = await tokenOf(address, ADMIN);
  const password = 'photo owner passphrase 1';
  const owner = await registerShopper(address, `photo-${Date.now()}@shop.example`, password);
  const auth = (token) => ({ authorization: `Bearer ${token}` });

  // Noise does not compress, so each image's bytes are unique and long enough to probe for.
  const photoPng = png(500, 420, 7, true);
  const photo = await upload(address, photoPng, { token: owner, purpose: 'reference' });
  assert.equal(photo.status, 201, photo.text);
  assert.equal(photo.body.tryOnReady, true);
  const served = {};
  for (const size of ['original', 'thumb', 'medium', 'large']) {
    const url = size === 'original' ? photo.body.url : photo.body.renditions[size].url;
    const r = await get(address, url, auth(owner));
    assert.equal(r.status, 200, `${size} for its owner`);
    served[size] = r.bytes;
  }
  assert.deepEqual(pngSize(served.original), { width: 500, height: 420 }, 'the bytes decode');
  assert.deepEqual(pngSize(served.thumb), { width: 256, height: 215 });
  const again = await upload(address, photoPng, { token: owner, purpose: 'reference' });
  assert.equal(again.status, 200, 'the same photo again is deduplicated');
  assert.equal(again.body.id, photo.body.id);

  const product = await upload(address, png(500, 420, 8, true), { token: admin });
  assert.equal(product.status, 201, product.text);
  const productBytes = (await get(address, product.body.url)).bytes;

  const small = png(200, 180, 9);
  for (const attempt of ['first', 'second']) {
    const refused = await upload(address, small, { token: owner, purpose: 'reference' });
    assertError(refused, 400, 'BAD_USER_INPUT', `a 200x180 reference photo (${attempt})`);
    assert.match(refused.body.error.message, /200x180 px/);
    assert.match(refused.body.error.message, /at least 300 px on each side/);
  }
  const smallProduct = await upload(address, small, { token: admin });
  assert.equal(smallProduct.status, 201, 'product images are still stored');
  assert.equal(smallProduct.body.tryOnReady, false);
  const metrics = await (await fetch(`http://${address}/metrics`)).text();
  assert.match(metrics, /colors_media_uploads_total\{outcome="rejected"\} 2/);

  await stopWithSigterm(server);
  assert.ok(filesHolding(base, middle(productBytes)).length > 0,
    "the probe finds a product image's plaintext on disk");
  for (const [size, bytes] of Object.entries(served))
    assert.deepEqual(filesHolding(base, middle(bytes)), [], `the reference photo's ${size} in plaintext`);

  ({ server, address } = await serve(base));
  const back = await get(address, photo.body.url, auth(owner));
  assert.equal(back.status, 200, 'readable after a restart');
  assert.deepEqual(back.bytes, served.original);
  const etag = back.headers.get('etag');
  const deleted = await graphql(address,
    'mutation($p: String!) { deleteMyAccount(password: $p) { ok userErrors { message } } }',
    { p: password }, owner);
  assert.deepEqual(deleted.deleteMyAccount, { ok: true, userErrors: [] });
  const adminNow = await tokenOf(address, ADMIN);
  for (const size of ['original', 'large']) {
    const url = size === 'original' ? photo.body.url : photo.body.renditions[size].url;
    const gone = await get(address, url, auth(adminNow));
    assert.equal(gone.status, 404, `${size} after the account is deleted: ${gone.bytes}`);
    assert.equal(JSON.parse(gone.bytes.toString()).error.code, 'NOT_FOUND');
  }
  const cached = await get(address, photo.body.url, { ...auth(adminNow), 'if-none-match': etag });
  assert.equal(cached.status, 404, 'not 304: a cached copy is not confirmed either');
  assert.equal((await get(address, photo.body.url, auth(owner))).status, 401,
    "the deleted account's token is refused");
  assert.equal((await get(address, product.body.url)).status, 200, 'product images stay');
  await stopWithSigterm(server);
});
