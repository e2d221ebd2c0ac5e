#!/usr/bin/env node
// Soak test of the built responder-http: N concurrent clients for D seconds on loopback, alternating /process and
// /stream (each SSE reply read to its end), then checks 0 errors, ledger count = successful replies, and the
// server's RSS at the end within 20% of its RSS after warm-up. Prints one summary line; exit 1 on any failure.
//
//   node scripts/soak.mjs [--duration 60] [--clients 50]     (or SOAK_DURATION_S / SOAK_CLIENTS)
//
// Needs `npx turbo run build --filter=responder-http...` first. Bounded: a hard timer kills everything at
// duration + 60 s, and nothing listens beyond 127.0.0.1.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(ROOT, 'apps/responder-http/dist/main.js');
const RSS_TOLERANCE = 0.2;

function option(name, envName, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  const raw = index >= 0 ? process.argv[index + 1] : process.env[envName];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 86_400) {
    fail(`--${name} must be a whole number 1..86400 (got ${JSON.stringify(raw)})`);
  }
  return value;
}

function fail(message) {
  process.stderr.write(`soak: ${message}\n`);
  process.exit(1);
}

const durationS = option('duration', 'SOAK_DURATION_S', 60);
const clients = option('clients', 'SOAK_CLIENTS', 50);
// Warm-up: the first half of the run (at most 10 s), so JIT, pools, the ledger file and the V8 heap reach
// their working size. A garbage-collected heap is a sawtooth, so a single reading compares a random point of
// one tooth with another: the baseline is the highest RSS seen during the second half of the warm-up
// (sampled every 100 ms), and "end" is the reading after the last request. A leak still shows: it lifts the
// end above every warm-up peak.
const warmupMs = Math.min(10_000, Math.round((durationS * 1000) / 2));

if (!existsSync(MAIN))
  fail(`${MAIN} is missing: run \`npx turbo run build --filter=responder-http...\` first`);

const dir = mkdtempSync(join(tmpdir(), 'soak-'));
const child = spawn(process.execPath, [MAIN], {
  cwd: dir,
  env: {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    AI_PROVIDER: 'mock',
    LEDGER: 'file',
    LEDGER_PATH: join(dir, 'responder.jsonl'),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    RATE_LIMIT_MAX: '0',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let childOutput = '';
child.stdout.on('data', (chunk) => (childOutput += chunk));
child.stderr.on('data', (chunk) => (childOutput += chunk));
let childExited = false;
child.once('exit', () => (childExited = true));

const hardStop = setTimeout(
  () => {
    child.kill('SIGKILL');
    fail(`did not finish within ${durationS + 60} s`);
  },
  (durationS + 60) * 1000,
);
hardStop.unref();

function cleanupAndExit(code) {
  if (!childExited) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}

const baseUrl = await new Promise((resolveUrl) => {
  const timer = setTimeout(() => {
    process.stderr.write(childOutput);
    fail('responder-http did not start within 15 s');
  }, 15_000);
  const onData = () => {
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(childOutput);
    if (match) {
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      resolveUrl(match[1]);
    }
  };
  const onEarlyExit = (code) => {
    process.stderr.write(childOutput);
    fail(`responder-http exited with ${code} before listening`);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.once('exit', onEarlyExit);
});
const { hostname, port } = new URL(baseUrl);
const agent = new Agent({ keepAlive: true, maxSockets: clients });

function rssMb() {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** One HTTP exchange; resolves with status and full body text. */
function exchange(method, path, body) {
  return new Promise((resolveExchange, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: hostname,
        port,
        method,
        path,
        agent,
        headers:
          payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolveExchange({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('request timed out after 30 s')));
    req.on('error', reject);
    req.end(payload);
  });
}

const counts = { process: 0, stream: 0, errors: 0 };
const latencies = [];
const errorSamples = [];
let running = true;

function recordError(message) {
  counts.errors += 1;
  if (errorSamples.length < 5) errorSamples.push(message);
}

async function worker(index) {
  let n = 0;
  while (running) {
    const kind = (index + n) % 2 === 0 ? 'process' : 'stream';
    n += 1;
    const started = performance.now();
    try {
      // Each client continues its own conversation, as a messenger does: the ledger's per-conversation index
      // then holds what it must (line offsets), and growth beyond that is a leak, not new data to index.
      const res = await exchange('POST', `/${kind}`, {
        message: `soak ${index}-${n}`,
        conversation_id: `soak-client-${index}`,
      });
      if (res.status !== 200) {
        recordError(`${kind} ${res.status} ${res.text.slice(0, 200)}`);
        continue;
      }
      if (kind === 'process') {
        if (JSON.parse(res.text).status !== 'success') {
          recordError(`process body ${res.text.slice(0, 200)}`);
          continue;
        }
      } else {
        const events = res.text.split('\n\n').filter((block) => block.startsWith('data: '));
        const last = events.at(-1);
        const done = events.at(-2);
        if (last !== 'data: [DONE]' || done === undefined || !done.includes('"done":true')) {
          recordError(`stream did not end with done + [DONE]: ${res.text.slice(-200)}`);
          continue;
        }
      }
      latencies.push(performance.now() - started);
      counts[kind] += 1;
    } catch (error) {
      recordError(`${kind} ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

const startedAt = Date.now();
const workers = Array.from({ length: clients }, (_, index) => worker(index));
await new Promise((r) => setTimeout(r, warmupMs / 2));
let rssWarm = rssMb();
const sampler = setInterval(() => {
  rssWarm = Math.max(rssWarm, rssMb());
}, 100);
await new Promise((r) => setTimeout(r, warmupMs / 2));
clearInterval(sampler);
await new Promise((r) => setTimeout(r, durationS * 1000 - warmupMs));
running = false;
await Promise.all(workers);
const rssEnd = rssMb();
const elapsedS = Math.round((Date.now() - startedAt) / 1000);

let ledgerCount = Number.NaN;
let ledgerErrors = Number.NaN;
try {
  const stats = JSON.parse((await exchange('GET', '/stats')).text);
  ledgerCount = stats.totalRequests;
  ledgerErrors = stats.errors ?? 0;
} catch (error) {
  recordError(`stats ${error instanceof Error ? error.message : String(error)}`);
}
agent.destroy();

child.kill('SIGTERM');
const exitCode = await new Promise((r) =>
  childExited ? r(child.exitCode) : child.once('exit', (code) => r(code)),
);

latencies.sort((a, b) => a - b);
const pct = (p) =>
  latencies.length === 0 ? 0 : latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
const total = counts.process + counts.stream;
const growth = (rssEnd - rssWarm) / rssWarm;
const sign = growth >= 0 ? '+' : '';
const problems = [];
if (counts.errors > 0) problems.push(`${counts.errors} errors (${errorSamples.join(' | ')})`);
if (ledgerCount !== total) problems.push(`ledger has ${ledgerCount} records for ${total} successful replies`);
if (ledgerErrors !== 0) problems.push(`ledger counts ${ledgerErrors} failed exchanges`);
if (!(growth <= RSS_TOLERANCE))
  problems.push(`RSS grew ${Math.round(growth * 100)}% (limit ${RSS_TOLERANCE * 100}%)`);
if (exitCode !== 0) problems.push(`responder-http exited with ${exitCode} on SIGTERM`);
if (total === 0) problems.push('no successful requests');

process.stdout.write(
  `soak: ${elapsedS}s ${clients} clients ${total} requests (${counts.process} process, ${counts.stream} stream) ` +
    `${counts.errors} errors ledger=${ledgerCount} rss warm=${Math.round(rssWarm)}MB end=${Math.round(rssEnd)}MB ` +
    `(${sign}${Math.round(growth * 100)}%) p50=${Math.round(pct(0.5))}ms p99=${Math.round(pct(0.99))}ms` +
    `${problems.length === 0 ? '' : ` FAILED: ${problems.join('; ')}`}\n`,
);
cleanupAndExit(problems.length === 0 ? 0 : 1);
