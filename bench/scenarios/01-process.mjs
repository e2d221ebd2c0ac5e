// Scenario 1: responder-http POST /process on the zero-latency mock against a bare Fastify route that parses
// the same body and answers a same-shaped JSON. Throughput and server CPU per request at c=50, latency at c=1.
// With `--before <checkout>` (another clone of this repository, built), that build's responder-http is measured
// in the same rounds too, for a before/after ratio.

import { join } from 'node:path';
import {
  assertNoErrors,
  measured,
  PROCESS_BODY,
  startBareFastify,
  startResponderHttp,
} from '../lib/apps.mjs';
import { httpLoad } from '../lib/load.mjs';
import { median } from '../lib/stats.mjs';

export const id = 1;
export const title = 'responder-http POST /process, mock at zero latency';

/** `rounds` rounds over all servers, the order rotating each round so drift of the machine favours none. */
async function rotate(rounds, servers, measure) {
  const samples = new Map(servers.map((server) => [server, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < servers.length; i++) {
      const server = servers[(i + round) % servers.length];
      samples.get(server).push(await measure(server));
    }
  }
  return samples;
}

export async function run(ctx, result) {
  const seconds = ctx.smoke ? 1 : 5;
  const rounds = ctx.smoke ? 1 : 5;
  const responder = await startResponderHttp(ctx);
  const bare = await startBareFastify(ctx);
  const before = ctx.before
    ? await startResponderHttp(
        ctx,
        {},
        {
          bin: join(ctx.before, 'apps', 'responder-http', 'dist', 'main.js'),
          name: 'responder-http (before)',
        },
      )
    : undefined;
  const servers = before ? [bare, responder, before] : [bare, responder];
  try {
    const load = (server, connections, secs = seconds) =>
      measured(server, () =>
        httpLoad({
          url: `${server.url}/process`,
          body: PROCESS_BODY,
          headers: server.headers,
          connections,
          seconds: secs,
          cpu: ctx.loadCpu,
        }),
      );
    // Warm-up: JIT, connection pools, the ledger's first segment.
    for (const server of servers) {
      assertNoErrors(`${server.name} warm-up`, await load(server, 50, ctx.smoke ? 1 : 3));
    }

    const c50 = await rotate(rounds, servers, (server) => load(server, 50));
    for (const [server, samples] of c50) for (const r of samples) assertNoErrors(`${server.name} c=50`, r);
    const med = (samples, key) => median(samples.map((r) => r[key]));
    const baseRps = med(c50.get(bare), 'rps');
    const baseCpu = med(c50.get(bare), 'cpuPerRequestUs');
    const rps = med(c50.get(responder), 'rps');
    const cpu = med(c50.get(responder), 'cpuPerRequestUs');
    result.row({
      metric: 'req/s at c=50',
      value: rps,
      unit: 'req/s',
      baseline: { label: 'bare Fastify', value: baseRps },
      target: '≥ 0.8×',
      met: rps / baseRps >= 0.8,
    });
    result.row({
      metric: 'server CPU per request at c=50',
      value: cpu,
      unit: 'µs',
      baseline: { label: 'bare Fastify', value: baseCpu },
      target: '≤ 1.25×',
      met: cpu / baseCpu <= 1.25,
    });
    if (before) {
      const beforeRps = med(c50.get(before), 'rps');
      const beforeCpu = med(c50.get(before), 'cpuPerRequestUs');
      result.row({
        metric: 'req/s at c=50, this build vs --before',
        value: rps,
        unit: 'req/s',
        baseline: { label: 'before', value: beforeRps },
      });
      result.row({
        metric: 'server CPU per request at c=50, this build vs --before',
        value: cpu,
        unit: 'µs',
        baseline: { label: 'before', value: beforeCpu },
      });
      result.row({
        metric: 'before: server CPU per request at c=50',
        value: beforeCpu,
        unit: 'µs',
        baseline: { label: 'bare Fastify', value: baseCpu },
      });
    }

    const c1 = await rotate(rounds, servers, (server) => load(server, 1));
    for (const [server, samples] of c1) for (const r of samples) assertNoErrors(`${server.name} c=1`, r);
    for (const [metric, key] of [
      ['latency p50 at c=1', 'p50Ms'],
      ['latency p99 at c=1', 'p99Ms'],
    ]) {
      result.row({
        metric,
        value: med(c1.get(responder), key),
        unit: 'ms',
        baseline: { label: 'bare Fastify', value: med(c1.get(bare), key) },
      });
      if (before) {
        result.row({
          metric: `${metric}, this build vs --before`,
          value: med(c1.get(responder), key),
          unit: 'ms',
          baseline: { label: 'before', value: med(c1.get(before), key) },
        });
      }
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}
