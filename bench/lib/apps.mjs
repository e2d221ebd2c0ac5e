// Starting the project's apps and the baselines for a benchmark, pinned to the server core.

import { join } from 'node:path';
import { freePort, httpReady, startProcess } from './proc.mjs';

export const BENCH_API_KEY = 'bench-key-0123456789';

/** The body every /process benchmark sends. */
export const PROCESS_BODY = JSON.stringify({
  message: 'What is Python?',
  model: 'mock-model',
  max_tokens: 100,
});

/**
 * responder-http as a user runs it (defaults: file ledger, info logs), on the mock provider at zero latency,
 * with a bearer key and no rate limit (a load test is not abuse). `env` adds or overrides variables.
 */
export async function startResponderHttp(
  ctx,
  env = {},
  { bin = ctx.appBin('responder-http'), name = 'responder-http' } = {},
) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startProcess({
    name,
    args: [bin],
    cpu: ctx.serverCpu,
    env: {
      AI_PROVIDER: 'mock',
      MOCK_LATENCY_MS: '0',
      MOCK_STREAM_DELAY_MS: '0',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      RESPONDER_API_KEY: BENCH_API_KEY,
      RATE_LIMIT_MAX: '0',
      LEDGER: 'file',
      LEDGER_PATH: join(ctx.tmpDir('ledger'), 'ledger.jsonl'),
      LOG_FORMAT: 'json',
      NO_COLOR: '1',
      ...env,
    },
    ready: httpReady(`${url}/health`),
  });
  return { ...server, url, headers: { authorization: `Bearer ${BENCH_API_KEY}` } };
}

/** The bare Fastify route of scenario 1 (bench/baseline/bare-fastify.mjs). */
export async function startBareFastify(ctx) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startProcess({
    name: 'bare-fastify',
    args: [join(ctx.root, 'bench', 'baseline', 'bare-fastify.mjs'), String(port)],
    cpu: ctx.serverCpu,
    ready: httpReady(`${url}/health`),
  });
  return { ...server, url, headers: {} };
}

/** Runs `load()` against a server and returns its result plus the server's CPU µs per request. */
export async function measured(server, load) {
  const before = server.cpuMicros();
  const result = await load();
  const cpu = server.cpuMicros() - before;
  return { ...result, cpuPerRequestUs: result.requests > 0 ? cpu / result.requests : Number.NaN };
}

export function assertNoErrors(label, result) {
  if (result.errors > 0) {
    throw new Error(
      `${label}: ${result.errors} of ${result.requests} requests failed (socket error or non-2xx)`,
    );
  }
  if (result.requests === 0) throw new Error(`${label}: no request completed`);
}
