// Scenario 6: gateway overhead. responder-http with the openai adapter in front of the fake OpenAI server,
// against the same Chat Completions request sent straight to the fake: added p50 at c=1, the responder's CPU
// per request, the throughput ratio at c=50, and the first streamed event of /stream against the upstream's.
//
// Placement on 2 cores: load generators (wrk, the first-event client) on the load core as in every scenario; the
// responder AND the fake OpenAI (its own process) on the server core. Why the fake there and not beside the load
// generator: (1) the direct baseline must be a client on one core talking to a server on the other, like the
// client→responder hop; with the fake on the load core the direct path never leaves that core (p50 25 µs here
// against about 100 µs across cores) and the cross-core hop every server pays would be charged to the
// responder; (2) at c=50 wrk saturates the load core (and other benchmarks pin their load there too), so a fake
// beside it answers late, and that wait lands in the responder's latency. The cost: at c=50 through the responder
// the fake's CPU (about 20 µs a request, a tenth of the responder's) comes out of the server core, so the
// throughput ratio slightly understates the responder; it is reported, not judged. CPU per request is read per
// process from /proc and is not affected.
//
// The direct baseline sends the exact bodies the responder sends upstream: they are captured first from a
// recording fake (the system prompt, max_tokens, temperature and stream_options included).
//
// wrk cannot time a first event, so /stream is timed by a small node:http client (keep-alive, one socket per
// target) in its own process pinned to the load core: this file run as `node 06-gateway-overhead.mjs
// --first-event-client <json>`. It alternates blocks of requests between the two targets and prints the median
// of each block. The fake's first event is its role chunk (empty content), the responder's is the first word,
// which the fake wrote in the same burst: both are "the first event the client can act on" of their stream.

import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertNoErrors, startResponderHttp } from '../lib/apps.mjs';
import { httpLoad } from '../lib/load.mjs';
import { freePort, httpReady, runNodeJson, startProcess } from '../lib/proc.mjs';
import { median } from '../lib/stats.mjs';

export const id = 6;
export const title = 'gateway overhead: /process and /stream over the openai adapter vs straight to the fake';

const OPENAI_KEY = 'sk-bench-0123456789abcdef';
const MODEL = 'gpt-4o-mini';
/** What a client sends the responder: scenario 1's body with an OpenAI model. */
const RESPONDER_BODY = JSON.stringify({ message: 'What is Python?', model: MODEL, max_tokens: 100 });

const openaiEnv = (baseURL) => ({
  AI_PROVIDER: 'openai',
  OPENAI_API_KEY: OPENAI_KEY,
  OPENAI_BASE_URL: baseURL,
});

/** The Chat Completions bodies the responder sends upstream for /process and /stream. */
async function captureUpstreamBodies(ctx) {
  // Imported here, not at the top: the first-event client process loads this file and needs none of it.
  const { startFakeOpenAI } = await import('@org/test-fakes');
  const recorder = await startFakeOpenAI();
  const responder = await startResponderHttp(ctx, openaiEnv(recorder.url));
  try {
    for (const path of ['/process', '/stream']) {
      const response = await fetch(`${responder.url}${path}`, {
        method: 'POST',
        headers: { ...responder.headers, 'content-type': 'application/json' },
        body: RESPONDER_BODY,
      });
      const text = await response.text();
      if (!response.ok || text.includes('"error"'))
        throw new Error(`capture ${path}: ${response.status} ${text}`);
    }
    const chats = recorder.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body);
    const complete = chats.find((b) => !b.stream);
    const stream = chats.find((b) => b.stream);
    if (!complete || !stream) throw new Error(`capture: the fake saw ${chats.length} chat requests`);
    return { complete: JSON.stringify(complete), stream: JSON.stringify(stream) };
  } finally {
    await Promise.all([responder.stop(), recorder.close()]);
  }
}

async function startFakeServer(ctx) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startProcess({
    name: 'fake-openai',
    args: [join(ctx.root, 'bench', 'baseline', 'fake-openai-server.mjs'), String(port)],
    cpu: ctx.serverCpu, // see "Placement" at the top
    ready: httpReady(`${url}/v1/models`),
  });
  return { ...server, url };
}

/** Runs `load()` and returns its result with CPU µs per request of each process in `servers` (by name). */
async function measuredAll(servers, load) {
  const before = servers.map((s) => s.cpuMicros());
  const result = await load();
  const cpu = Object.fromEntries(
    servers.map((s, i) => [
      s.name,
      result.requests > 0 ? (s.cpuMicros() - before[i]) / result.requests : Number.NaN,
    ]),
  );
  return { ...result, cpu };
}

async function firstEventClient(ctx, config) {
  return runNodeJson({
    cpu: ctx.loadCpu,
    args: [fileURLToPath(import.meta.url), '--first-event-client', JSON.stringify(config)],
    label: 'first-event client',
  });
}

export async function run(ctx, result) {
  const seconds = ctx.smoke ? 1 : 5;
  const rounds = ctx.smoke ? 1 : 5;
  const bodies = await captureUpstreamBodies(ctx);
  const fake = await startFakeServer(ctx);
  let responder;
  try {
    responder = await startResponderHttp(ctx, openaiEnv(`${fake.url}/v1`));
    const direct = {
      label: 'straight to the fake',
      url: `${fake.url}/v1/chat/completions`,
      body: bodies.complete,
      headers: { authorization: `Bearer ${OPENAI_KEY}` },
    };
    const via = {
      label: 'through the responder',
      url: `${responder.url}/process`,
      body: RESPONDER_BODY,
      headers: responder.headers,
    };
    const load = (target, connections, secs = seconds) =>
      measuredAll([responder, fake], () =>
        httpLoad({ ...target, connections, seconds: secs, cpu: ctx.loadCpu }),
      );

    // Warm-up: JIT in both processes, the SDK's keep-alive pool, the ledger's first segment.
    for (const target of [direct, via])
      assertNoErrors(`${target.label} warm-up`, await load(target, 50, ctx.smoke ? 1 : 3));

    // c=1 and c=50 rounds, each alternating which side goes first.
    const samples = { 1: { direct: [], via: [] }, 50: { direct: [], via: [] } };
    for (const connections of [1, 50]) {
      for (let i = 0; i < rounds; i++) {
        const order = i % 2 === 0 ? ['direct', 'via'] : ['via', 'direct'];
        for (const side of order) {
          const r = await load(side === 'direct' ? direct : via, connections);
          assertNoErrors(`${side} c=${connections}`, r);
          samples[connections][side].push(r);
        }
      }
    }
    const med = (list, pick) => median(list.map(pick));

    const p50 = med(samples[1].via, (r) => r.p50Ms);
    const baseP50 = med(samples[1].direct, (r) => r.p50Ms);
    result.row({
      metric: '/process p50 latency at c=1',
      value: p50,
      unit: 'ms',
      baseline: { label: 'direct to fake', value: baseP50 },
      target: '≤ +0.5 ms',
      met: p50 - baseP50 <= 0.5,
      addedMs: p50 - baseP50,
    });
    result.row({
      metric: '/process p99 latency at c=1',
      value: med(samples[1].via, (r) => r.p99Ms),
      unit: 'ms',
      baseline: { label: 'direct to fake', value: med(samples[1].direct, (r) => r.p99Ms) },
    });
    const cpu = med(samples[50].via, (r) => r.cpu['responder-http']);
    result.row({
      metric: 'responder CPU per request at c=50',
      value: cpu,
      unit: 'µs',
      // The upstream's own cost per request when driven directly: the work a request takes at all.
      baseline: {
        label: 'fake OpenAI CPU, direct',
        value: med(samples[50].direct, (r) => r.cpu['fake-openai']),
      },
      target: '≤ 250 µs',
      met: cpu <= 250,
    });
    result.row({
      metric: 'responder CPU per request at c=1',
      value: med(samples[1].via, (r) => r.cpu['responder-http']),
      unit: 'µs',
      baseline: {
        label: 'fake OpenAI CPU, direct',
        value: med(samples[1].direct, (r) => r.cpu['fake-openai']),
      },
    });
    result.row({
      metric: '/process req/s at c=50',
      value: med(samples[50].via, (r) => r.rps),
      unit: 'req/s',
      baseline: { label: 'direct to fake', value: med(samples[50].direct, (r) => r.rps) },
      target: 'report',
    });
    result.row({
      metric: '/process p50 latency at c=50',
      value: med(samples[50].via, (r) => r.p50Ms),
      unit: 'ms',
      baseline: { label: 'direct to fake', value: med(samples[50].direct, (r) => r.p50Ms) },
      target: 'report',
    });

    // /stream: time to the first `data:` line, through the responder vs straight from the fake.
    const firstEvents = await firstEventClient(ctx, {
      rounds: ctx.smoke ? 1 : 7,
      perRound: ctx.smoke ? 20 : 300,
      warmup: ctx.smoke ? 5 : 200,
      targets: {
        direct: { url: direct.url, body: bodies.stream, headers: direct.headers },
        via: { url: `${responder.url}/stream`, body: RESPONDER_BODY, headers: responder.headers },
      },
    });
    const first = median(firstEvents.via);
    const baseFirst = median(firstEvents.direct);
    result.row({
      metric: '/stream time to first event, c=1',
      value: first,
      unit: 'ms',
      baseline: { label: 'direct to fake', value: baseFirst },
      target: '≤ +2 ms',
      met: first - baseFirst <= 2,
      addedMs: first - baseFirst,
    });
  } finally {
    await Promise.all([responder?.stop(), fake.stop()]);
  }
}

// ---- the first-event client (a child process pinned to the load core) ----

/**
 * POSTs `body` and resolves with the ms from sending the request to the first `data:` line; reads the stream to
 * its end and throws unless it is a 200 event stream ending in `data: [DONE]` with no error event.
 */
function timeFirstEvent(agent, target) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstMs;
    let text = '';
    const req = httpRequest(
      target.url,
      {
        method: 'POST',
        agent,
        headers: {
          ...target.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(target.body),
        },
      },
      (res) => {
        if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
          res.resume();
          reject(new Error(`${target.url}: status ${res.statusCode}, ${res.headers['content-type']}`));
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          if (firstMs === undefined) {
            text += chunk;
            if (text.startsWith('data:') || text.includes('\ndata:')) firstMs = performance.now() - started;
          } else {
            text += chunk;
          }
        });
        res.on('end', () => {
          if (firstMs === undefined || !text.trimEnd().endsWith('data: [DONE]') || /"error"\s*:/.test(text)) {
            reject(new Error(`${target.url}: bad event stream:\n${text.slice(0, 2000)}`));
          } else {
            resolve(firstMs);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(target.body);
  });
}

async function firstEventMain(config) {
  const agents = {
    direct: new Agent({ keepAlive: true, maxSockets: 1 }),
    via: new Agent({ keepAlive: true, maxSockets: 1 }),
  };
  const sides = ['direct', 'via'];
  for (let i = 0; i < config.warmup; i++) {
    for (const side of sides) await timeFirstEvent(agents[side], config.targets[side]);
  }
  const out = { direct: [], via: [] };
  for (let round = 0; round < config.rounds; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      const times = [];
      for (let i = 0; i < config.perRound; i++)
        times.push(await timeFirstEvent(agents[side], config.targets[side]));
      out[side].push(median(times));
    }
  }
  for (const agent of Object.values(agents)) agent.destroy();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--first-event-client') {
  await firstEventMain(JSON.parse(process.argv[3]));
}
