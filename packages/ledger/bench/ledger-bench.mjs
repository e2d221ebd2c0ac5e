// Ledger benchmark: run after build (`pnpm run bench`). Prints absolute figures and ratios
// against baselines measured in the same run (the machine is noisy; ratios travel better).
// RECORDS=<n> overrides the default 1,000,000. LEDGER_BEFORE_DIST=<dir> also measures the memory
// per record of another build (e.g. the previous dist copied aside) for a before/after ratio.

import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createFileLedger } from '../dist/index.js';
import { conversationsFor, recordLine as recordLineOf, writeLedgerFile } from './ledger-data.mjs';

const RECORDS = Number(process.env.RECORDS ?? 1_000_000);
const CONVERSATIONS = conversationsFor(RECORDS);
const silent = { warn: () => undefined };
// The single-file figures are measured without rotation, comparable with earlier runs; section 7
// measures a rotated ledger.
const noRotation = { rotateBytes: Number.POSITIVE_INFINITY };
const SEGMENT_BYTES = 32 * 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
const path = join(dir, 'ledger.jsonl');

function ms(start) {
  return performance.now() - start;
}

async function time(fn) {
  const start = performance.now();
  const result = await fn();
  return { ms: ms(start), result };
}

/** Median of `runs` timings of `fn`. */
async function median(runs, fn) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push((await time(fn)).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const recordLine = (i) => recordLineOf(i, CONVERSATIONS);

function fmt(n) {
  return n < 10 ? n.toFixed(3) : n.toFixed(1);
}

const rows = [];
function report(name, value, unit, baselineName, baselineValue) {
  const ratio = baselineValue === undefined ? '' : `${(value / baselineValue).toFixed(2)}× ${baselineName}`;
  rows.push([name, `${fmt(value)} ${unit}`, ratio]);
}

try {
  // 1. Generate the file directly (not through append) in large writes.
  const generated = await time(() => writeLedgerFile(path, RECORDS, CONVERSATIONS));
  const fileBytes = statSync(path).size;
  console.log(
    `generated ${RECORDS.toLocaleString('en')} records, ${(fileBytes / 1e6).toFixed(0)} MB in ${fmt(generated.ms)} ms`,
  );

  // 2. Baselines from this run.
  const readRaw = (await time(() => readFileSync(path))).ms;
  const pageLines = Array.from({ length: 20 }, (_, i) => recordLine(i).trimEnd());
  const parsePage = await median(201, () => {
    for (const line of pageLines) JSON.parse(line);
  });
  // Baseline for appends: 1000 awaited raw writes of a ledger-sized line to a plain file.
  const rawHandle = await open(join(dir, 'raw-writes.jsonl'), 'a');
  const rawLine = Buffer.from(recordLine(0));
  const rawWrites = (
    await time(async () => {
      for (let i = 0; i < 1000; i++) await rawHandle.write(rawLine, 0, rawLine.length, null);
    })
  ).ms;
  await rawHandle.close();
  report('baseline: read the raw file once', readRaw, 'ms');
  report('baseline: 1000 awaited raw fs writes of a line', rawWrites, 'ms');
  report('baseline: JSON.parse of one 20-record page', parsePage, 'ms');

  // 3. First open has no snapshot: a full scan, then (≥ snapshotEveryRecords replayed) it writes one.
  const rebuild = await time(() => createFileLedger({ path, logger: silent, ...noRotation }));
  report('open without snapshot (full scan, 1st start)', rebuild.ms, 'ms', 'raw read', readRaw);
  const firstClose = await time(() => rebuild.result.close());
  report('close after it (snapshot was already written at open)', firstClose.ms, 'ms', 'raw read', readRaw);

  // 4. Open with the snapshot (the normal start-up).
  const openTimes = [];
  let ledger;
  for (let i = 0; i < 3; i++) {
    const opened = await time(() => createFileLedger({ path, logger: silent, ...noRotation }));
    openTimes.push(opened.ms);
    if (i < 2) await opened.result.close();
    else ledger = opened.result;
  }
  openTimes.sort((a, b) => a - b);
  report('open with snapshot (median of 3)', openTimes[1], 'ms', 'raw read', readRaw);

  // 5. Queries.
  const stats = await ledger.stats();
  if (stats.totalRequests !== RECORDS)
    throw new Error(`expected ${RECORDS} records, stats say ${stats.totalRequests}`);
  report('stats()', await median(101, () => ledger.stats()), 'ms', 'page parse', parsePage);
  report(
    'history page: newest 20',
    await median(101, () => ledger.history({ limit: 20 })),
    'ms',
    'page parse',
    parsePage,
  );
  report(
    'history page: 20 at offset N/2',
    await median(101, () => ledger.history({ limit: 20, offset: Math.floor(RECORDS / 2) })),
    'ms',
    'page parse',
    parsePage,
  );
  const firstFiltered = await time(() => ledger.history({ conversationId: 'conv-7', limit: 20 }));
  report('history by conversation, 1st call', firstFiltered.ms, 'ms', 'page parse', parsePage);
  report(
    'history by conversation, later calls',
    await median(101, () => ledger.history({ conversationId: 'conv-8', limit: 20 })),
    'ms',
    'page parse',
    parsePage,
  );
  report(
    'conversation(id, {maxTurns: 10})',
    await median(101, () => ledger.conversation('conv-9', { maxTurns: 10 })),
    'ms',
    'page parse',
    parsePage,
  );

  // 6. Appends (fsync 'interval', the default).
  const fresh = () => ({
    direction: 'inbound',
    conversationId: 'bench',
    message: 'append benchmark',
    reply: 'ok',
    provider: 'mock',
    model: 'mock-model',
    inputTokens: 5,
    outputTokens: 5,
    costUsd: 0,
    priced: false,
    processingMs: 10,
    streamed: false,
    status: 'success',
  });
  const sequential = await time(async () => {
    for (let i = 0; i < 1000; i++) await ledger.append(fresh());
  });
  report('1000 appends, one at a time', sequential.ms, 'ms', 'raw writes', rawWrites);
  console.log(`   → ${(1000 / (sequential.ms / 1000)).toFixed(0)} appends/s sequential`);
  const parallel = await time(() => Promise.all(Array.from({ length: 1000 }, () => ledger.append(fresh()))));
  report('1000 appends, all concurrent (group commit)', parallel.ms, 'ms', 'raw writes', rawWrites);
  console.log(`   → ${(1000 / (parallel.ms / 1000)).toFixed(0)} appends/s concurrent`);
  await ledger.close();

  const always = await createFileLedger({ path, logger: silent, fsync: 'always', ...noRotation });
  const alwaysSeq = await time(async () => {
    for (let i = 0; i < 100; i++) await always.append(fresh());
  });
  report("100 appends one at a time, fsync 'always'", alwaysSeq.ms, 'ms', 'raw writes', rawWrites);
  const alwaysPar = await time(() => Promise.all(Array.from({ length: 1000 }, () => always.append(fresh()))));
  report("1000 concurrent appends, fsync 'always'", alwaysPar.ms, 'ms', 'raw writes', rawWrites);
  await always.close();

  // 7. The same records rotated into 32 MiB segments (written directly, like section 1).
  const rotatedDir = join(dir, 'rotated');
  mkdirSync(rotatedDir);
  const rotatedPath = join(rotatedDir, 'ledger.jsonl');
  let segmentCount = 0;
  {
    let segment = 1;
    let fd = openSync(join(rotatedDir, 'ledger.1.jsonl'), 'w');
    let bytes = 0;
    let chunk = [];
    for (let i = 0; i < RECORDS; i++) {
      const line = recordLine(i);
      chunk.push(line);
      bytes += Buffer.byteLength(line);
      if (bytes >= SEGMENT_BYTES) {
        writeSync(fd, chunk.join(''));
        closeSync(fd);
        segment += 1;
        fd = openSync(join(rotatedDir, `ledger.${segment}.jsonl`), 'w');
        chunk = [];
        bytes = 0;
      } else if (chunk.length >= 20_000) {
        writeSync(fd, chunk.join(''));
        chunk = [];
      }
    }
    writeSync(fd, chunk.join(''));
    closeSync(fd);
    // The last file written is the active one.
    execFileSync('mv', [join(rotatedDir, `ledger.${segment}.jsonl`), rotatedPath]);
    segmentCount = segment - 1;
  }
  const rotatedOptions = { path: rotatedPath, logger: silent, rotateBytes: SEGMENT_BYTES };
  const rotatedRebuild = await time(() => createFileLedger(rotatedOptions));
  await rotatedRebuild.result.close();
  report(
    `open, ${segmentCount} segments + active, no snapshot/sidecars`,
    rotatedRebuild.ms,
    'ms',
    'raw read',
    readRaw,
  );
  const rotatedOpens = [];
  for (let i = 0; i < 3; i++) {
    const opened = await time(() => createFileLedger(rotatedOptions));
    rotatedOpens.push(opened.ms);
    const s = await opened.result.stats();
    if (s.totalRequests !== RECORDS) throw new Error(`rotated: expected ${RECORDS}, got ${s.totalRequests}`);
    if (i === 2) {
      report(
        'rotated: history page 20 at offset N/2',
        await median(101, () => opened.result.history({ limit: 20, offset: Math.floor(RECORDS / 2) })),
        'ms',
        'page parse',
        parsePage,
      );
      report(
        'rotated: conversation(id, {maxTurns: 10})',
        await median(101, () => opened.result.conversation('conv-9', { maxTurns: 10 })),
        'ms',
        'page parse',
        parsePage,
      );
    }
    await opened.result.close();
  }
  rotatedOpens.sort((a, b) => a - b);
  report(
    `open, ${segmentCount} segments + sidecars + snapshot (median of 3)`,
    rotatedOpens[1],
    'ms',
    'raw read',
    readRaw,
  );

  // 8. Memory per record, unique conversation ids (a fresh process each, run with --expose-gc).
  const memoryScript = fileURLToPath(new URL('./memory-bench.mjs', import.meta.url));
  const measureMemory = (distDir) => {
    const out = execFileSync(process.execPath, ['--expose-gc', memoryScript], {
      env: { ...process.env, RECORDS: String(RECORDS), ...(distDir && { LEDGER_DIST: distDir }) },
      encoding: 'utf8',
    });
    console.log(out.trim());
    return Number(/([\d.]+) bytes\/record/.exec(out)?.[1]);
  };
  const memoryNow = measureMemory(undefined);
  report('memory per record, unique conversation ids', memoryNow, 'bytes');
  if (process.env.LEDGER_BEFORE_DIST) {
    const memoryBefore = measureMemory(process.env.LEDGER_BEFORE_DIST);
    report('memory per record, LEDGER_BEFORE_DIST build', memoryBefore, 'bytes');
    console.log(`   → now / before: ${(memoryNow / memoryBefore).toFixed(3)}`);
  }

  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(
    `\nledger bench, ${RECORDS.toLocaleString('en')} records, ${(fileBytes / 1e6).toFixed(0)} MB, node ${process.version}`,
  );
  for (const [name, value, ratio] of rows)
    console.log(`${name.padEnd(width)}  ${value.padStart(12)}  ${ratio}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
