// HTTP load generation: wrk (Debian's package: the leanest at these rates, which matters on 2 cores),
// autocannon from npm when wrk is not installed. Both run in their own process, pinned to the load core.

import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cpuFor, pinned } from './proc.mjs';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

export const wrkPath = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return 'wrk';
  } catch (error) {
    // wrk --version exits 1 after printing its version; only ENOENT means it is missing.
    return error.code === 'ENOENT' ? undefined : 'wrk';
  }
})();

export const loadTool = wrkPath ? 'wrk' : 'autocannon';

const scriptDir = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
let scripts = 0;

function luaString(text) {
  let level = '';
  while (text.includes(`]${level}]`)) level += '=';
  return `[${level}[${text}]${level}]`;
}

function wrkScript({ method, body, headers }) {
  const lines = [`wrk.method = ${luaString(method)}`];
  if (body !== undefined) lines.push(`wrk.body = ${luaString(body)}`);
  for (const [name, value] of Object.entries(headers)) {
    lines.push(`wrk.headers[ ${luaString(name)} ] = ${luaString(value)}`);
  }
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format(\'BENCH_JSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p99":%d,"mean":%.1f}\\n\',',
    '    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,',
    '    latency:percentile(50), latency:percentile(99), latency.mean))',
    'end',
  );
  const path = join(scriptDir, `s${scripts++}.lua`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/**
 * Drives `url` with `connections` keep-alive connections for `seconds`.
 * Returns { rps, requests, errors, p50Ms, p99Ms, tool }; `errors` counts socket errors, timeouts and non-2xx.
 */
export async function httpLoad({
  url,
  method = 'POST',
  body,
  headers = {},
  connections,
  seconds,
  cpu = cpuFor('load'),
}) {
  const allHeaders = body !== undefined ? { 'content-type': 'application/json', ...headers } : headers;
  if (wrkPath) {
    const script = wrkScript({ method, body, headers: allHeaders });
    const [cmd, args] = pinned(cpu, wrkPath, [
      '-t1',
      `-c${connections}`,
      `-d${seconds}s`,
      '--timeout',
      '10s',
      '-s',
      script,
      url,
    ]);
    const { stdout } = await run(cmd, args, { maxBuffer: 1 << 20 });
    const line = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
    if (!line) throw new Error(`wrk printed no summary:\n${stdout}`);
    const r = JSON.parse(line.slice('BENCH_JSON '.length));
    return {
      tool: 'wrk',
      requests: r.requests,
      rps: r.requests / (r.duration_us / 1e6),
      errors: r.connect + r.read + r.write + r.status + r.timeout,
      p50Ms: r.p50 / 1000,
      p99Ms: r.p99 / 1000,
    };
  }
  const bin = require.resolve('autocannon/autocannon.js');
  const args = [bin, '--json', '-c', String(connections), '-d', String(seconds), '-m', method];
  for (const [name, value] of Object.entries(allHeaders)) args.push('-H', `${name}=${value}`);
  if (body !== undefined) args.push('-b', body);
  args.push(url);
  const [cmd, argv] = pinned(cpu, process.execPath, args);
  const { stdout } = await run(cmd, argv, { maxBuffer: 16 << 20 });
  const r = JSON.parse(stdout);
  return {
    tool: 'autocannon',
    requests: r.requests.total,
    rps: r.requests.total / r.duration,
    errors: r.errors + r.timeouts + r.non2xx,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
  };
}
