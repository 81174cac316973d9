// The load driver of bench/tryon.sh (read its header first): against a running server (pointed at
// a standalone kling_sim with --kling=real) it creates N try-on tasks, follows each over
// graphql-transport-ws (few sockets, many subscriptions), measures the server's CPU and RSS while
// all of them wait for Kling, then the delay from the simulator's completion (its task
// `updated_at`) to the subscriber's SUCCEEDED. Prints the JSON lines; progress goes to stderr.
//
// Environment: SERVER (host:port), SIM (host:port), SERVER_PID, TASKS (10000), PHOTOS (20),
// SOCKETS (8), CREATE_CONCURRENCY (32), CPU_WINDOW_S (10), END_TIMEOUT_S (300), CLK_TCK (100),
// MIN_LATENCY_MS (the simulator's shortest, 20000).
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sleep } from '../tests/lib/server.mjs';
import { personPng } from '../tests/lib/png.mjs';
import { ok, gql, login, upload, wsClient, simTasks } from '../tests/lib/tryon.mjs';

const env = process.env;
const server = env.SERVER;
const sim = { address: env.SIM };
const pid = Number(env.SERVER_PID);
const tasks = Number(env.TASKS ?? 10000);
const photos = Number(env.PHOTOS ?? 20);
const sockets = Number(env.SOCKETS ?? 8);
const createConcurrency = Number(env.CREATE_CONCURRENCY ?? 32);
const cpuWindowS = Number(env.CPU_WINDOW_S ?? 10);
const clkTck = Number(env.CLK_TCK ?? 100);
const minLatencyMs = Number(env.MIN_LATENCY_MS ?? 20000);

const say = (...a) => console.error(`tryon bench ${new Date().toISOString().slice(11, 23)}:`, ...a);
const nowMs = () => performance.timeOrigin + performance.now(); // wall clock, sub-ms

// ---- the server process --------------------------------------------------------------------

function cpuSeconds() {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
  return (Number(fields[11]) + Number(fields[12])) / clkTck; // utime (14), stime (15)
}

function statusKb(key) {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(key));
  return Number(line.split(/\s+/)[1]);
}

// Cores used over `seconds` (or until `until` ms, whichever is first).
async function cpuOver(seconds, until = Infinity) {
  const t0 = nowMs(), c0 = cpuSeconds();
  await sleep(Math.max(0, Math.min(seconds * 1000, until - t0)));
  const elapsed = (nowMs() - t0) / 1000;
  return { cores: (cpuSeconds() - c0) / elapsed, seconds: elapsed };
}

async function metricsText() {
  return (await fetch(`http://${server}/metrics`)).text();
}

async function metric(name) {
  const text = await metricsText();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

// The server's colors_tryon_finish_seconds histogram: per stage, the bucket bounds (ms) that
// hold its p50 and p99, and the count.
async function finishStages() {
  const text = await metricsText();
  const stages = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^colors_tryon_finish_seconds_bucket\{.*stage="([a-z]+)".*le="([^"]+)"\} (\d+)/);
    if (!m) continue;
    (stages[m[1]] ??= []).push([m[2] === '+Inf' ? Infinity : Number(m[2]) * 1000, Number(m[3])]);
  }
  const out = {};
  for (const [stage, buckets] of Object.entries(stages)) {
    const total = buckets.at(-1)[1];
    const bound = (p) => buckets.find(([, n]) => n >= p * total)?.[0];
    out[stage] = { count: total, p50_le_ms: bound(0.5), p99_le_ms: bound(0.99) };
  }
  return out;
}

// The server's colors_kling_responses_total series whose code is not 0 (success), as text.
async function klingTrouble() {
  const text = await metricsText();
  return text.split('\n').filter((l) => l.startsWith('colors_kling_responses_total{') && !l.includes('code="0"'))
    .map((l) => l.replace('colors_kling_responses_total', '')).join(' ') || 'none';
}

// ---- figures ---------------------------------------------------------------------------------

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function emit(name, value, unit, baseline, ratio, extra = {}) {
  const r = (x) => Math.round(x * 1000) / 1000;
  console.log(JSON.stringify({ name, value: r(value), unit, baseline: r(baseline), ratio: r(ratio), ...extra }));
}

async function healthzRoundTrips(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = nowMs();
    await (await fetch(`http://${server}/healthz`)).text();
    out.push(nowMs() - t0);
  }
  return out.sort((a, b) => a - b);
}

// ---- set-up ----------------------------------------------------------------------------------

async function products() {
  let last = -1, same = 0;
  for (;;) { // the demo catalog loads in the background: wait until it has stopped growing
    const data = await ok(server, `{ products(first: 50, filter: {tryOnEnabled: true})
      { edges { node { id variants { id } } } } }`);
    const found = data.products.edges.map((e) => e.node);
    same = found.length === last ? same + 1 : 0;
    if (found.length > 0 && (found.length === 50 || same >= 3)) return found;
    last = found.length;
    await sleep(1000);
  }
}

async function uploadPhotos(token) {
  const ids = [];
  for (let i = 0; i < photos; i++) { // distinct sizes: distinct bytes, distinct media ids
    const up = await upload(server, token, personPng(300 + i, 400));
    if (!up.body.id) throw new Error(`upload failed: ${JSON.stringify(up.body)}`);
    ids.push(up.body.id);
  }
  return ids;
}

// Every (photo, product, variant) combination, so no two tasks share a cache key while there are
// enough combinations; then round-robin.
function inputs(photoIds, productList) {
  const combos = [];
  for (const p of productList) {
    const variants = p.variants.length ? p.variants.map((v) => v.id) : [null];
    for (const v of variants) for (const photo of photoIds) combos.push({ productId: p.id, variantId: v, userReferenceImageId: photo });
  }
  return Array.from({ length: tasks }, (_, i) => combos[i % combos.length]);
}

// ---- the tasks -------------------------------------------------------------------------------

const followed = new Map(); // task id -> { created, succeeded (ms), status }

function follow(client, id) {
  const entry = { status: null, succeeded: null };
  followed.set(id, entry);
  client.subscribe({ query: 'subscription($id: ID!) { tryOnTaskUpdated(id: $id) { id status errorMessage } }', variables: { id } }, {
    next: (v) => {
      const status = v.data?.tryOnTaskUpdated?.status;
      if (status === 'SUCCEEDED') entry.succeeded = nowMs();
      if (status) entry.status = status;
      if (status === 'FAILED') entry.reason = v.data.tryOnTaskUpdated.errorMessage;
      if (v.errors) entry.status = `error ${JSON.stringify(v.errors)}`;
    },
    error: (e) => { entry.status = `error ${e?.message ?? JSON.stringify(e)}`; },
    complete: () => {},
  });
}

const CREATE = `mutation($i: CreateTryOnTaskInput!) { createTryOnTask(input: $i) {
  task { id status } userErrors { message } } }`;

async function createAll(token, list, clients) {
  let next = 0, failures = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      const body = await gql(server, CREATE, { i: list[i] }, token);
      const task = body.data?.createTryOnTask?.task;
      if (!task) {
        if (failures++ < 5) say('create failed:', JSON.stringify(body));
        continue;
      }
      follow(clients[i % clients.length], task.id);
      if (followed.size % 1000 === 0) say(`${followed.size} tasks created`);
    }
  };
  await Promise.all(Array.from({ length: createConcurrency }, worker));
  return failures;
}

async function until(what, timeoutMs, check) {
  const deadline = nowMs() + timeoutMs;
  while (!(await check())) {
    if (nowMs() > deadline) { say(`gave up waiting for ${what}`); return false; }
    await sleep(500);
  }
  return true;
}

const ended = () => [...followed.values()].filter((e) => e.status === 'SUCCEEDED' || e.status === 'FAILED' || e.status?.startsWith('error')).length;

// ---- main ------------------------------------------------------------------------------------

async function main() {
  const token = await login(server, 'demo@colors.example', 'colors-demo-shopper');
  const list = inputs(await uploadPhotos(token), await products());
  say(`${photos} photos, ${new Set(list.map((x) => x.productId)).size} products; idle baseline`);
  await sleep(2000);
  const idle = await cpuOver(5);
  const idleRssKb = statusKb('VmRSS');
  const healthz = await healthzRoundTrips(200);

  const clients = Array.from({ length: sockets }, () => wsClient(server, token));
  const t0 = nowMs(), cpu0 = cpuSeconds();
  const createFailures = await createAll(token, list, clients);
  const createdS = (nowMs() - t0) / 1000;
  const creating = { cores: (cpuSeconds() - cpu0) / createdS };
  say(`${followed.size} created in ${createdS.toFixed(1)} s (${createFailures} failed), server ${creating.cores.toFixed(2)} cores`);
  await until('every task to hold a Kling slot', 120_000,
    async () => (await metric('colors_kling_running_tasks')) + ended() >= followed.size);
  const submittedS = (nowMs() - t0) / 1000;
  // Waiting means after Kling's PROCESSING (a quarter of a task's latency in), before the end:
  // the PROCESSING callbacks, records and pushes are work, not waiting.
  await until('every task to be PROCESSING', 120_000,
    async () => [...followed.values()].every((e) => e.status && e.status !== 'SUBMITTED'));
  // Clean when no simulator task can have ended yet; with a slow create phase (more than the
  // shortest latency) completions overlap the window and the figure is an upper bound.
  const endedBefore = ended();
  const clean = nowMs() + cpuWindowS * 1000 < t0 + minLatencyMs;
  say(`all submitted after ${submittedS.toFixed(1)} s, all PROCESSING after ${((nowMs() - t0) / 1000).toFixed(1)} s (${endedBefore} ended); CPU window ${cpuWindowS} s`);
  const waiting = await cpuOver(cpuWindowS);
  const waitingRssKb = statusKb('VmRSS');
  const endedDuring = ended() - endedBefore;
  say(`waiting: ${waiting.cores.toFixed(3)} cores over ${waiting.seconds.toFixed(1)} s, RSS ${(waitingRssKb / 1024).toFixed(0)} MB; ${endedDuring} ended meanwhile`);

  const c0 = cpuSeconds(), tc = nowMs();
  await until('every task to end', Number(env.END_TIMEOUT_S ?? 300) * 1000, async () => ended() >= followed.size);
  const finishing = { cores: (cpuSeconds() - c0) / ((nowMs() - tc) / 1000) };
  const peakRssKb = statusKb('VmHWM');
  say(`server stages from Kling's succeed to SUCCEEDED: ${JSON.stringify(await finishStages())}`);
  say(`Kling responses other than code 0: ${await klingTrouble()}`);
  for (const c of clients) await c.dispose();

  const simDone = new Map();
  for (const t of await simTasks(sim)) {
    if (t.task_status === 'succeed') simDone.set(t.task_info?.external_task_id, t.updated_at);
  }
  const latencies = [];
  let succeeded = 0, failed = 0, unfinished = 0, unmatched = 0;
  for (const [id, e] of followed) {
    if (e.status === 'SUCCEEDED') succeeded++;
    else if (e.status === 'FAILED' || e.status?.startsWith('error')) failed++;
    else unfinished++; // the simulator had not rendered it yet (END_TIMEOUT_S)
    const done = simDone.get(id);
    if (e.succeeded && done) latencies.push(e.succeeded - done); else if (e.succeeded) unmatched++;
  }
  latencies.sort((a, b) => a - b);
  const reasons = new Map(); // why tasks failed (subscription errors included), by count
  for (const e of followed.values()) {
    if (e.status === 'FAILED' || e.status?.startsWith('error')) {
      const why = (e.reason ?? e.status).slice(0, 160);
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
  }
  for (const [why, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 5)) say(`failed x${n}: ${why}`);
  say(`${succeeded} succeeded, ${failed} failed, ${unfinished} unfinished, ${unmatched} without a simulator completion; finishing phase ${finishing.cores.toFixed(2)} cores`);

  const hz99 = percentile(healthz, 99), hz50 = percentile(healthz, 50);
  const counts = { tasks: followed.size, succeeded, failed, unfinished, create_failures: createFailures, create_seconds: Math.round(createdS * 10) / 10 };
  emit('tryon_wait_cpu', waiting.cores, 'cores', idle.cores, waiting.cores > 0 ? idle.cores / waiting.cores : 0,
    { window_s: Math.round(waiting.seconds * 10) / 10, clean, in_flight: followed.size - endedBefore, ended_in_window: endedDuring, goal: 0.5 });
  emit('tryon_create_cpu', creating.cores, 'cores', idle.cores, creating.cores > 0 ? idle.cores / creating.cores : 0,
    { creates_per_s: Math.round(followed.size / createdS) });
  emit('tryon_wait_rss', waitingRssKb / 1024, 'MB', idleRssKb / 1024, waitingRssKb ? idleRssKb / waitingRssKb : 0,
    { peak_mb: Math.round(peakRssKb / 1024), goal: 500 });
  emit('tryon_done_to_succeeded_p99', percentile(latencies, 99), 'ms', hz99, hz99 / percentile(latencies, 99), { goal: 50, ...counts });
  emit('tryon_done_to_succeeded_p50', percentile(latencies, 50), 'ms', hz50, hz50 / percentile(latencies, 50));
  emit('tryon_done_to_succeeded_max', latencies.at(-1) ?? NaN, 'ms', healthz.at(-1), healthz.at(-1) / (latencies.at(-1) ?? NaN));
  emit('tryon_finishing_cpu', finishing.cores, 'cores', idle.cores, finishing.cores > 0 ? idle.cores / finishing.cores : 0);
  process.exit(0);
}

main().catch((e) => { say(e.stack ?? e); process.exit(1); });
