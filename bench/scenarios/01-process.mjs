// Scenario 1: responder-http POST /process on the zero-latency mock against a bare Fastify route that parses
// the same body and answers a same-shaped JSON. Throughput and server CPU per request at c=50, latency at c=1.

import {
  assertNoErrors,
  measured,
  PROCESS_BODY,
  startBareFastify,
  startResponderHttp,
} from '../lib/apps.mjs';
import { httpLoad } from '../lib/load.mjs';
import { alternate, median } from '../lib/stats.mjs';

export const id = 1;
export const title = 'responder-http POST /process, mock at zero latency';

export async function run(ctx, result) {
  const seconds = ctx.smoke ? 1 : 5;
  const rounds = ctx.smoke ? 1 : 5;
  const responder = await startResponderHttp(ctx);
  const bare = await startBareFastify(ctx);
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
    for (const server of [bare, responder])
      assertNoErrors(`${server.name} warm-up`, await load(server, 50, ctx.smoke ? 1 : 3));

    const c50 = await alternate(
      rounds,
      () => load(bare, 50),
      () => load(responder, 50),
    );
    for (const r of [...c50.base, ...c50.subj]) assertNoErrors('c=50', r);
    const rps = median(c50.subj.map((r) => r.rps));
    const baseRps = median(c50.base.map((r) => r.rps));
    result.row({
      metric: 'req/s at c=50',
      value: rps,
      unit: 'req/s',
      baseline: { label: 'bare Fastify', value: baseRps },
      target: '≥ 0.8×',
      met: rps / baseRps >= 0.8,
    });
    const cpu = median(c50.subj.map((r) => r.cpuPerRequestUs));
    const baseCpu = median(c50.base.map((r) => r.cpuPerRequestUs));
    result.row({
      metric: 'server CPU per request at c=50',
      value: cpu,
      unit: 'µs',
      baseline: { label: 'bare Fastify', value: baseCpu },
      target: '≤ 1.25×',
      met: cpu / baseCpu <= 1.25,
    });

    const c1 = await alternate(
      rounds,
      () => load(bare, 1),
      () => load(responder, 1),
    );
    for (const r of [...c1.base, ...c1.subj]) assertNoErrors('c=1', r);
    for (const [metric, key] of [
      ['latency p50 at c=1', 'p50Ms'],
      ['latency p99 at c=1', 'p99Ms'],
    ]) {
      result.row({
        metric,
        value: median(c1.subj.map((r) => r[key])),
        unit: 'ms',
        baseline: { label: 'bare Fastify', value: median(c1.base.map((r) => r[key])) },
      });
    }
  } finally {
    await Promise.all([responder.stop(), bare.stop()]);
  }
}
