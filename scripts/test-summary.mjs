#!/usr/bin/env node
// Adds up the vitest JSON reports every package writes to .vitest/report.json and prints the one line
// CI reads: `tests: N passed, M failed`. A package whose tests ran but wrote no report counts as a failure.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
// Every workspace package: packages/*, apps/* and the root-level bench/.
const dirs = [
  ...['packages', 'apps'].flatMap((group) =>
    readdirSync(join(root, group)).map((name) => `${group}/${name}`),
  ),
  'bench',
];
for (const name of dirs) {
  const dir = join(root, name);
  const pkg = join(dir, 'package.json');
  if (!existsSync(pkg)) continue;
  const { scripts = {} } = JSON.parse(readFileSync(pkg, 'utf8'));
  if (!scripts.test) continue;
  const report = join(dir, '.vitest', 'report.json');
  if (!existsSync(report)) {
    missing.push(name);
    continue;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests ?? 0;
  failed += json.numFailedTests ?? 0;
  skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  // A file that failed to load (syntax error, missing build) has no test results but must still count.
  for (const file of json.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
  }
}
if (missing.length > 0) {
  console.error(`no test report from: ${missing.join(', ')}`);
  failed += missing.length;
}
// `--label NAME` prefixes the line; `--save FILE` also writes the counts as JSON (CI adds up its legs).
const args = process.argv.slice(2);
const label = args.includes('--label') ? args[args.indexOf('--label') + 1] : undefined;
if (args.includes('--save')) {
  writeFileSync(args[args.indexOf('--save') + 1], JSON.stringify({ passed, failed, skipped }));
}
if (label) {
  // Not the `tests: …` form: only the last line of CI, which adds up all legs, should read as the count.
  console.log(`[${label}] passed ${passed}, failed ${failed}, skipped ${skipped}`);
} else {
  console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
}
process.exit(failed > 0 ? 1 : 0);
