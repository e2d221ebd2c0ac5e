// Scenario 7: the file ledger at 1,000,000 records (smoke: 20,000). The ledger package's own scale
// bench (packages/ledger/bench/scale-bench.mjs) runs in a child process pinned to the server core and
// writes the file straight to disk (seconds, not minutes), then measures, each against a baseline from
// the same process, alternately, as medians:
// - open with its snapshot (the normal start-up) against one raw read of the whole file (readFileSync);
// - stats() and the newest history page against JSON.parse of one 20-record page, the baseline of the
//   responder issue's closing note (0.14× and 2.9×); the page also against a tighter floor: one
//   positional read of those 20 lines from the file plus their JSON.parse.
// Then responder-http itself starts on that ledger (time from spawn until it accepts connections; it
// opens the ledger before it listens) against the same app on an empty ledger.
// Targets (the responder issue, as recorded in packages/ledger/README.md): start-up ≤ 3 s, newest
// history page ≤ 10 ms; stats() has no numeric target.

import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_API_KEY } from '../lib/apps.mjs';
import { freePort, pinned, runNodeJson } from '../lib/proc.mjs';
import { median } from '../lib/stats.mjs';

export const id = 7;
export const title = 'file ledger at scale';

/** Runs the ledger's scale bench in a pinned child and returns its JSON. */
async function runScaleBench(ctx, { records, rounds, path }) {
  const script = join(ctx.root, 'packages', 'ledger', 'bench', 'scale-bench.mjs');
  return runNodeJson({
    cpu: ctx.serverCpu,
    args: [
      script,
      '--json',
      '--keep',
      '--records',
      String(records),
      '--rounds',
      String(rounds),
      '--path',
      path,
    ],
    label: 'scale-bench.mjs',
    onStderrLine: ctx.log,
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Spawns responder-http on `ledgerPath` and returns the milliseconds until it accepts a connection
 * (polled every 2 ms). Checks /stats counts `expectRecords`, then stops it.
 */
async function timeStartup(ctx, ledgerPath, expectRecords) {
  const port = await freePort();
  const [cmd, args] = pinned(ctx.serverCpu, process.execPath, [ctx.appBin('responder-http')]);
  const started = performance.now();
  const child = spawn(cmd, args, {
    env: {
      ...process.env,
      AI_PROVIDER: 'mock',
      MOCK_LATENCY_MS: '0',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      RESPONDER_API_KEY: BENCH_API_KEY,
      RATE_LIMIT_MAX: '0',
      LEDGER: 'file',
      LEDGER_PATH: ledgerPath,
      LOG_FORMAT: 'json',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-16_384);
  });
  let exited;
  child.once('exit', (code, signal) => {
    exited = code ?? signal;
  });
  const gone = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (exited !== undefined)
        throw new Error(`responder-http exited (${exited}) before listening:\n${stderr}`);
      if (await canConnect(port)) break;
      if (performance.now() - started > 30_000)
        throw new Error(`responder-http not listening after 30 s:\n${stderr}`);
      await sleep(2);
    }
    const ms = performance.now() - started;
    const response = await fetch(`http://127.0.0.1:${port}/stats`, {
      headers: { authorization: `Bearer ${BENCH_API_KEY}` },
    });
    if (!response.ok) throw new Error(`GET /stats answered ${response.status}`);
    const stats = await response.json();
    if (stats.totalRequests !== expectRecords) {
      throw new Error(
        `responder-http /stats counts ${stats.totalRequests} records, expected ${expectRecords}`,
      );
    }
    return ms;
  } finally {
    if (exited === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    }
  }
}

export async function run(ctx, result) {
  const records = ctx.smoke ? 20_000 : 1_000_000;
  const rounds = ctx.smoke ? 1 : 5;
  const dir = ctx.tmpDir('ledger-scale');
  const path = join(dir, 'ledger.jsonl');
  const emptyPath = join(ctx.tmpDir('ledger-empty'), 'ledger.jsonl');
  const label = `${records.toLocaleString('en')} records`;
  try {
    const r = await runScaleBench(ctx, { records, rounds, path });
    const MB = (r.fileBytes / 1e6).toFixed(0);
    result.ledger = {
      records: r.records,
      fileBytes: r.fileBytes,
      rounds: r.rounds,
      generateMs: r.generateMs,
    };

    result.row({
      metric: `ledger open with snapshot, ${label} (${MB} MB)`,
      value: r.open.value,
      unit: 'ms',
      baseline: { label: 'readFileSync of the file', value: r.open.baseline },
      target: '≤ 3 s (closing note: 15 ms, 0.06×)',
      met: r.open.value <= 3000,
    });
    result.row({
      metric: 'ledger open without snapshot (first start: full scan)',
      value: r.firstOpenMs,
      unit: 'ms',
      baseline: { label: 'readFileSync of the file', value: r.open.baseline },
    });
    result.row({
      metric: 'stats()',
      value: r.stats.value * 1000,
      unit: 'µs',
      baseline: { label: 'JSON.parse of a 20-record page', value: r.stats.baseline * 1000 },
      target: 'none (closing note: 0.002 ms, 0.14×)',
    });
    result.row({
      metric: 'history newest page (20)',
      value: r.newestPage.value * 1000,
      unit: 'µs',
      baseline: { label: 'JSON.parse of a 20-record page', value: r.newestPage.baseline * 1000 },
      target: '≤ 10 ms (closing note: 0.049 ms, 2.9×)',
      met: r.newestPage.value <= 10,
    });
    result.row({
      metric: 'history newest page (20), against a file floor',
      value: r.newestPageFloor.value * 1000,
      unit: 'µs',
      baseline: { label: 'pread + JSON.parse of those 20 lines', value: r.newestPageFloor.baseline * 1000 },
    });

    // The app's start-up on that ledger (it opens the ledger before listening) against an empty one.
    const full = [];
    const empty = [];
    for (let i = 0; i < rounds; i++) {
      const pair = [
        async () => full.push(await timeStartup(ctx, path, records)),
        async () => empty.push(await timeStartup(ctx, emptyPath, 0)),
      ];
      if (i % 2 === 1) pair.reverse();
      for (const step of pair) await step();
    }
    const startup = median(full);
    result.row({
      metric: `responder-http start until listening, ${label}`,
      value: startup,
      unit: 'ms',
      baseline: { label: 'same app, empty ledger', value: median(empty) },
      target: '≤ 3 s',
      met: startup <= 3000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
