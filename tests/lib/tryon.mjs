// Helpers of the try-on functional tests: a signed-in shopper's GraphQL calls, a reference
// photo upload, a product that can be tried on, and a graphql-ws subscription to one task that
// collects every status until the task ends.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { spawn } from 'node:child_process';
import { within, sleep } from './server.mjs';
import { createClient, WebSocket } from './ws.mjs';

export const TASK_FIELDS = `id status createdAt updatedAt errorMessage retryable fromCache retryCount
  model variantId submittedAt completedAt product { id name } referenceImage { id url }
  resultImage { id url width height contentType }`;

export async function gql(address, query, variables = {}, token = null) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`http://${address}/graphql`, {
    method: 'POST', headers, body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  return res.json();
}

export async function ok(address, query, variables, token) {
  const body = await gql(address, query, variables, token);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

export async function login(address, email, password) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const body = await gql(address, `mutation($e: String!, $p: String!) { login(email: $e, password: $p)
      { accessToken userErrors { message } } }`, { e: email, p: password });
    const token = body.data?.login?.accessToken;
    if (token) return token;
    if (Date.now() > deadline) throw new Error(`cannot sign in ${email}: ${JSON.stringify(body)}`);
    await sleep(100); // the demo accounts are being created
  }
}

// A new customer account; resolves with its access token.
export async function register(address, email) {
  const data = await ok(address, `mutation($i: RegisterInput!) { register(input: $i)
    { accessToken userErrors { message } } }`,
  { i: { email, password: 'correct horse battery staple', displayName: 'Tester' } });
  assert.ok(data.register.accessToken, JSON.stringify(data.register.userErrors));
  return data.register.accessToken;
}

export async function upload(address, token, bytes, purpose = 'reference') {
  const res = await fetch(`http://${address}/uploads?purpose=${purpose}`, {
    method: 'POST', body: bytes,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: await res.json() };
}

// The published products that can be tried on, with their variants. The demo catalog renders
// its garment images at start; with tests running two at a time (and in the ASan build) that can
// take far longer than alone, so the bound is generous.
export async function tryOnProducts(address) {
  return within(120_000, 'demo products that can be tried on', (async () => {
    for (;;) {
      const data = await ok(address, `{ products(first: 10, filter: {tryOnEnabled: true})
        { edges { node { id name variants { id } } } } }`);
      const products = data.products.edges.map((e) => e.node);
      if (products.length > 0) return products;
      await sleep(200);
    }
  })());
}

export function createTask(address, token, input) {
  return gql(address, `mutation($i: CreateTryOnTaskInput!) { createTryOnTask(input: $i) {
    task { ${TASK_FIELDS} } userErrors { field message code } } }`, { i: input }, token);
}

export function wsClient(address, token) {
  return createClient({
    url: `ws://${address}/graphql`, webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: true,
  });
}

// Subscribes to one task; `done` resolves with every value received, once the subscription
// completes (after SUCCEEDED or FAILED).
export function follow(client, id) {
  const values = [];
  const done = new Promise((resolve, reject) => {
    client.subscribe({
      query: `subscription($id: ID!) { tryOnTaskUpdated(id: $id) { ${TASK_FIELDS} } }`,
      variables: { id },
    }, {
      next: (v) => (v.errors ? reject(new Error(JSON.stringify(v.errors))) : values.push(v.data.tryOnTaskUpdated)),
      error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
      complete: () => resolve(values),
    });
  });
  return { values, done };
}

// ---- the standalone simulator (as Kling would be: another process) --------------------------

export const SIM_AK = 'AK-tryon-tests';
export const SIM_SK = 'SK-tryon-tests-secret';
export const KLING_PATH = '/v1/images/kolors-virtual-try-on';

function b64url(value) {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function simToken() {
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ iss: SIM_AK, exp: now + 1800, nbf: now - 5 })}`;
  return `${head}.${createHmac('sha256', SIM_SK).update(head).digest('base64url')}`;
}

export async function launchSim(dir, extra = []) {
  const child = spawn(process.env.KLING_SIM_BIN, ['--listen', '127.0.0.1:0', '--data-dir', dir,
    '--access-key', SIM_AK, '--secret-key', SIM_SK, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c) => { err += c; });
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const address = await within(10_000, 'the simulator\'s "listening" line', (async () => {
    for (;;) {
      const line = err.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) return JSON.parse(line).address;
      const gone = await Promise.race([exited, sleep(25).then(() => null)]);
      if (gone) throw new Error(`kling_sim exited early (${gone.code}): ${err}`);
    }
  })());
  return { child, exited, address, stderr: () => err };
}

// One page of the simulator's task list. A simulator started with fault rates injects them into
// this query too (which ones depends on how many requests came before): ask again then.
async function simPage(sim, page) {
  for (let attempt = 1; ; attempt++) {
    let body;
    try {
      const res = await fetch(`http://${sim.address}${KLING_PATH}?pageNum=${page}&pageSize=500`, {
        headers: { authorization: `Bearer ${simToken()}` }, signal: AbortSignal.timeout(10_000),
      });
      body = JSON.parse(await res.text());
    } catch (e) {
      body = { code: 'unreadable', message: String(e) }; // a held or cut-off answer
    }
    if (body.code === 0 || attempt >= 20 || !(body.code === 'unreadable' || body.code >= 5000)) {
      assert.equal(body.code, 0, JSON.stringify(body));
      return body.data;
    }
  }
}

// Every task the simulator holds for our account (pageSize 500, all pages).
export async function simTasks(sim) {
  const out = [];
  for (let page = 1; ; page++) {
    const data = await simPage(sim, page);
    out.push(...data);
    if (data.length < 500) return out;
  }
}

// The server's flags to use a standalone simulator as if it were Kling.
export function realKlingEnv(sim) {
  return { KLING_BASE_URL: `http://${sim.address}`, KLING_ACCESS_KEY: SIM_AK, KLING_SECRET_KEY: SIM_SK };
}
