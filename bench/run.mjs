#!/usr/bin/env node
// pnpm bench: every scenario of the benchmark suite, each figure beside a baseline measured in the same run.
// Usage: node run.mjs [--smoke] [--only 1,3] [--out bench/results.json] [--before <other built checkout>]
//   --smoke  a short run for CI: every scenario runs and must finish without errors; timings are not judged.
// Prints a table to stdout and writes the results as JSON. Exits 1 when a scenario fails with an error
// (never because a figure misses its target).

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadTool } from './lib/load.mjs';
import { cores, cpuFor } from './lib/proc.mjs';
import { createScenarioResult, formatTable, writeResults } from './lib/report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string', default: join(here, 'results.json') },
    // Another checkout of this repository, built: scenario 1 also measures its responder-http in the same run.
    before: { type: 'string' },
  },
});

const SCENARIOS = [
  './scenarios/01-process.mjs',
  './scenarios/02-messenger-hop.mjs',
  './scenarios/03-streaming.mjs',
  './scenarios/04-cold-start.mjs',
  './scenarios/05-context-cost.mjs',
  './scenarios/06-gateway-overhead.mjs',
  './scenarios/07-ledger-scale.mjs',
  './scenarios/08-memory.mjs',
];

const only = values.only?.split(',').map((s) => Number(s.trim()));
const tmpRoot = mkdtempSync(join(tmpdir(), 'bench-'));
const log = (message) => process.stderr.write(`[bench] ${message}\n`);

const ctx = {
  smoke: values.smoke,
  root,
  appBin: (name) => join(root, 'apps', name, 'dist', 'main.js'),
  tmpDir: (prefix) => mkdtempSync(join(tmpRoot, `${prefix}-`)),
  log,
  before: values.before && resolve(values.before),
  serverCpu: cpuFor('server'),
  loadCpu: cpuFor('load'),
};

const machine = {
  node: process.version,
  cpus: cores,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  loadTool,
  pinned: ctx.serverCpu !== undefined,
};
if (loadTool !== 'wrk') {
  log(
    'wrk not found: using autocannon, which needs more CPU at these rates (Debian: apt-get install -y wrk)',
  );
}
log(
  `node ${machine.node}, ${machine.cpus} cores, load generator: ${loadTool}` +
    (machine.pinned
      ? `, servers pinned to cpu ${ctx.serverCpu}, load to cpu ${ctx.loadCpu}`
      : ', no pinning'),
);

const results = [];
let failed = false;
const started = Date.now();
for (const path of SCENARIOS) {
  if (only && !only.includes(Number(path.match(/(\d+)-/)[1]))) continue;
  const scenario = await import(path);
  const result = createScenarioResult(scenario.id, scenario.title, { judge: !values.smoke });
  const t0 = Date.now();
  log(`scenario ${scenario.id}: ${scenario.title}`);
  try {
    await scenario.run(ctx, result);
  } catch (error) {
    failed = true;
    result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`scenario ${scenario.id} failed: ${result.error}`);
  }
  result.seconds = Math.round((Date.now() - t0) / 100) / 10;
  results.push(result);
}

rmSync(tmpRoot, { recursive: true, force: true });
const output = {
  date: new Date().toISOString(),
  mode: values.smoke ? 'smoke' : 'full',
  machine,
  seconds: Math.round((Date.now() - started) / 1000),
  scenarios: results.map(({ row: _row, ...rest }) => rest),
};
writeResults(values.out, output);
process.stdout.write(`${formatTable(results)}\n`);
if (values.smoke) process.stdout.write('smoke run: figures are not judged, only errors.\n');
process.stdout.write(`results: ${values.out}\n`);
process.exitCode = failed ? 1 : 0;
