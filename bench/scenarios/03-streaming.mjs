// Scenario 3: streaming. responder-http `POST /stream` on the mock at zero latency, whose reply (it echoes the
// message, one delta per word) is exactly 1,000 deltas.
// - Time to first event against the mock provider's own first delta, timed in-process (the target's baseline:
//   what the relay adds over the provider), and against a bare node:http SSE server that answers the same
//   request (the floor of any HTTP relay on this machine). The provider comes from @org/ai-providers' build
//   (packages/ai-providers/dist), imported by path: the package is not a dependency of the bench.
// - Events/s relayed, request to [DONE], against that bare server writing the same 1,000 events.
// - The same stream through messenger-mcp's `send_message_stream` with progress notifications: with the
//   default interval (as users run it) and with PROGRESS_INTERVAL_MS=0 (every delta forwarded), against the
//   direct /stream.
//
// Placement as in scenario 2: the servers (responder-http, the bare SSE server) on the server core; the
// clients and messenger-mcp (which runs beside its host) in a worker on the load core.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_API_KEY, startResponderHttp } from '../lib/apps.mjs';
import {
  assertToolOk,
  connectMessenger,
  messengerBin,
  messengerEnv,
  runPinnedWorker,
  workerMain,
} from '../lib/mcp-client.mjs';
import { cpuMicros } from '../lib/proc.mjs';
import { createStreamClient, startBareSse } from '../lib/sse-client.mjs';
import { median } from '../lib/stats.mjs';

export const id = 3;
export const title = 'streaming: /stream with 1,000 mock deltas, direct and through send_message_stream';

const DELTAS = 1_000;
/** The mock's reply is 5 words, the message's words, then 10 words: 985 message words make 1,000 deltas. */
const MESSAGE = Array.from({ length: DELTAS - 15 }, (_, i) => `w${i}`).join(' ');
const TARGET_FIRST_EVENT_MS = 2;
const TARGET_EVENTS_PER_S = 50_000;

export async function run(ctx, result) {
  const responder = await startResponderHttp(ctx);
  const bare = await startBareSse(ctx);
  try {
    const out = await runPinnedWorker({
      cpu: ctx.loadCpu,
      script: import.meta.url,
      input: {
        responderUrl: responder.url,
        bareUrl: bare.url,
        bin: messengerBin(ctx.root),
        providers: join(ctx.root, 'packages', 'ai-providers', 'dist', 'index.js'),
        ledgerDir: ctx.tmpDir('messenger-ledger'),
        messengerCpu: ctx.loadCpu,
        runs: ctx.smoke ? 2 : 100,
        warmup: ctx.smoke ? 1 : 30,
      },
    });
    const m = (list, key) => median(list.map((r) => r[key]));
    const judge = (ok) => (ctx.smoke ? undefined : ok);

    const firstEvent = m(out.responder, 'firstEventMs');
    const providerFirst = median(out.providerFirstDeltaMs);
    result.row({
      metric: '/stream time to first event',
      value: firstEvent,
      unit: 'ms',
      baseline: { label: "mock provider's own first delta, in-process", value: providerFirst },
      ratio: null,
      target: `≤ +${TARGET_FIRST_EVENT_MS} ms`,
      met: judge(firstEvent - providerFirst <= TARGET_FIRST_EVENT_MS),
    });
    result.row({
      metric: '/stream time to first event',
      value: firstEvent,
      unit: 'ms',
      baseline: { label: 'bare node:http SSE', value: m(out.bare, 'firstEventMs') },
    });
    const rate = (r) => r.deltas / (r.totalMs / 1000);
    const eventsPerS = median(out.responder.map(rate));
    result.row({
      metric: `/stream events/s relayed (${DELTAS.toLocaleString('en-US')} deltas, request to [DONE])`,
      value: eventsPerS,
      unit: 'ev/s',
      baseline: { label: 'bare node:http SSE', value: median(out.bare.map(rate)) },
      target: `≥ ${TARGET_EVENTS_PER_S.toLocaleString('en-US')} ev/s`,
      met: judge(eventsPerS >= TARGET_EVENTS_PER_S),
    });

    for (const [label, runs] of [
      ['default interval', out.messenger],
      ['PROGRESS_INTERVAL_MS=0', out.messengerEvery],
    ]) {
      const seen = runs.filter((r) => r.firstProgressMs !== undefined);
      const some = seen.length < runs.length ? `, ${seen.length} of ${runs.length} calls got one` : '';
      result.row({
        metric: `send_message_stream first progress (${label}${some})`,
        value: m(seen, 'firstProgressMs'),
        unit: 'ms',
        baseline: { label: 'direct /stream first event', value: firstEvent },
      });
      result.row({
        metric: `send_message_stream whole call (${label})`,
        value: m(runs, 'totalMs'),
        unit: 'ms',
        baseline: { label: 'direct /stream to [DONE]', value: m(out.responder, 'totalMs') },
      });
      const late = runs.reduce((sum, r) => sum + r.late, 0);
      const dropped = late > 0 ? `; ${late} more in all dropped by the SDK client` : '';
      result.row({ metric: `progress received per call (${label}${dropped})`, value: m(runs, 'progress') });
      result.row({
        metric: `messenger-mcp CPU per streamed call (${label})`,
        value: runs.reduce((sum, r) => sum + r.cpuUs, 0) / runs.length / 1000,
        unit: 'ms',
      });
    }
  } finally {
    await Promise.all([responder.stop(), bare.stop()]);
  }
}

// ---- the worker (pinned to the load core): the SSE clients, the MCP client and the messengers ----

function checkStream(label, r) {
  if (r.deltas !== DELTAS) throw new Error(`${label}: ${r.deltas} deltas, expected ${DELTAS}`);
  if (r.done?.done !== true) throw new Error(`${label}: no done event`);
}

async function work(input) {
  // The provider's own first delta: how fast the mock itself yields, in this process (no HTTP, no relay).
  const { createMockProvider } = await import(pathToFileURL(input.providers).href);
  const provider = createMockProvider({ latencyMs: 0, streamDelayMs: 0 });
  const providerFirst = async () => {
    const t0 = performance.now();
    const parts = provider.stream({ messages: [{ role: 'user', content: MESSAGE }], model: 'mock-model' });
    const iterator = parts[Symbol.asyncIterator]();
    const first = await iterator.next();
    const ms = performance.now() - t0;
    let deltas = first.value?.type === 'text-delta' ? 1 : 0;
    for (let part = await iterator.next(); !part.done; part = await iterator.next()) {
      if (part.value.type === 'text-delta') deltas += 1;
    }
    if (deltas !== DELTAS) throw new Error(`the mock provider streamed ${deltas} deltas, expected ${DELTAS}`);
    return ms;
  };

  const body = { message: MESSAGE, model: 'mock-model' };
  const direct = createStreamClient(input.responderUrl, { authorization: `Bearer ${BENCH_API_KEY}` });
  const bare = createStreamClient(input.bareUrl);
  const responder = { url: input.responderUrl, apiKey: BENCH_API_KEY };
  const ledger = (name) => join(input.ledgerDir, `${name}.jsonl`);
  const messenger = await connectMessenger({
    bin: input.bin,
    cpu: input.messengerCpu,
    env: messengerEnv(responder, ledger('default')),
  });
  // Every delta forwarded as a progress notification: the heaviest load the messenger can be asked for.
  const messengerEvery = await connectMessenger({
    bin: input.bin,
    cpu: input.messengerCpu,
    env: messengerEnv(responder, ledger('every'), { PROGRESS_INTERVAL_MS: '0' }),
  });
  // The SDK client (1.32) dispatches a notification on a microtask but a response at once, so progress that
  // arrives in the same read as the result is dropped and reported to onerror ("unknown token";
  // modelcontextprotocol/typescript-sdk#2580). Those are counted as `late`: sent, but never seen by the host.
  for (const m of [messenger, messengerEvery]) {
    m.late = 0;
    m.client.onerror = (error) => {
      if (/progress notification for an unknown token/.test(error.message)) m.late += 1;
      else m.error ??= error;
    };
  }
  const viaMessenger = (m) => async () => {
    let firstProgressMs;
    let progress = 0;
    const lateBefore = m.late;
    const cpuBefore = cpuMicros(m.pid);
    const t0 = performance.now();
    const res = await m.client.callTool({ name: 'send_message_stream', arguments: body }, undefined, {
      onprogress: () => {
        firstProgressMs ??= performance.now() - t0;
        progress += 1;
      },
      resetTimeoutOnProgress: true,
    });
    const totalMs = performance.now() - t0;
    await new Promise((resolve) => setImmediate(resolve));
    const cpuUs = cpuMicros(m.pid) - cpuBefore;
    if (m.error) throw m.error;
    assertToolOk('send_message_stream', res);
    const words = res.structuredContent.aiResponse.match(/\s*\S+/g)?.length;
    if (words !== DELTAS) throw new Error(`send_message_stream: ${words} words, expected ${DELTAS}`);
    // With every delta forwarded, some progress must reach the client; with the default interval the one
    // notification a fast stream gets may arrive with the result and be dropped by the client (see above).
    if (m === messengerEvery && progress === 0) throw new Error('send_message_stream: no progress arrived');
    return { firstProgressMs, totalMs, progress, late: m.late - lateBefore, cpuUs };
  };
  const subjects = {
    providerFirstDeltaMs: providerFirst,
    responder: async () => {
      const r = await direct.stream(body);
      checkStream('responder /stream', r);
      return r;
    },
    bare: async () => {
      const r = await bare.stream(body);
      checkStream('bare SSE', r);
      return r;
    },
    messenger: viaMessenger(messenger),
    messengerEvery: viaMessenger(messengerEvery),
  };
  const names = Object.keys(subjects);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  try {
    for (let i = 0; i < input.warmup; i++) for (const name of names) await subjects[name]();
    // Rounds rotate the order, so a slow drift of the machine does not favour one subject.
    for (let i = 0; i < input.runs; i++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + k) % names.length];
        samples[name].push(await subjects[name]());
      }
    }
    for (const r of [...samples.responder, ...samples.bare]) delete r.done;
    return samples;
  } finally {
    direct.close();
    bare.close();
    await Promise.all([messenger.close(), messengerEvery.close()]);
  }
}

await workerMain(import.meta.url, work);
