// The file ledger at scale: start-up (open), stats() and the newest history page of a ledger with
// RECORDS records, each figure beside a baseline measured in the same process, alternately, as
// medians. Run after build:
//   node bench/scale-bench.mjs [--records 1000000] [--rounds 5] [--path <file>] [--keep] [--json]
// --json prints one JSON object on stdout (the suite's scenario 7 runs this script in a pinned child
// process and reads it); without it, a small table. --path writes the ledger there (default: a temp
// dir) and --keep leaves it on disk (with its snapshot) for a caller to reuse.
//
// Baselines:
// - open: one raw read of the whole ledger file (readFileSync), garbage collected before each. Anything that must look at every
//   record costs at least this; with its snapshot the ledger should start far below it.
// - stats and history: JSON.parse of one 20-record page (the lines already in memory), the cost of
//   the smallest unit of work a page of history implies.
// - history also against a tighter floor: one positional read of the same 20 newest lines from the
//   file through a FileHandle plus JSON.parse of each — what any file-backed page must do at least.
// Query timings are batches of calls divided by the batch size (one call of stats() takes about a
// microsecond, below what one timer reading resolves reliably).

import { readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createFileLedger } from '../dist/index.js';
import { conversationsFor, recordId, recordLine, writeLedgerFile } from './ledger-data.mjs';

const silent = { warn: () => undefined };
const PAGE = 20;

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function time(fn) {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

/** Milliseconds per call of `fn`, timed over `calls` sequential calls. */
async function perCall(calls, fn) {
  const start = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return (performance.now() - start) / calls;
}

/** `samples` pairs of (baseline, subject) timings, alternating which goes first. */
async function alternate(samples, baseline, subject) {
  const base = [];
  const subj = [];
  for (let i = 0; i < samples; i++) {
    if (i % 2 === 0) {
      base.push(await baseline());
      subj.push(await subject());
    } else {
      subj.push(await subject());
      base.push(await baseline());
    }
  }
  return { base: median(base), subject: median(subj), samples: { base, subject: subj } };
}

// A 500 MB Buffer from the raw read is garbage whose collection would land in the next timed
// open: collect before each timed open or read (the flag can be set at run time, before first use).
v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');
/** Collects garbage, then gives the freeing of large backing stores (off the main thread) time to finish. */
async function settle() {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 100));
}

function check(condition, message) {
  if (!condition) throw new Error(`ledger scale bench: ${message}`);
}

/**
 * Writes a ledger of `records` records to `path`, opens it and measures. Throws when the ledger
 * answers wrongly (record count, newest ids). Returns plain numbers (milliseconds, bytes).
 */
export async function measureScale({ path, records, rounds = 5, log = () => undefined }) {
  const conversations = conversationsFor(records);
  const options = { path, logger: silent, rotateBytes: Number.POSITIVE_INFINITY };

  const generated = await time(() => writeLedgerFile(path, records, conversations));
  const fileBytes = statSync(path).size;
  log(`wrote ${records} records (${(fileBytes / 1e6).toFixed(0)} MB) in ${generated.ms.toFixed(0)} ms`);

  // The first open has no snapshot: a full scan, after which it writes one (≥ 100,000 records
  // replayed) or close() does. Every later open is the normal start-up.
  const firstOpen = await time(() => createFileLedger(options));
  await firstOpen.result.close();
  log(`first open (full scan) ${firstOpen.ms.toFixed(0)} ms`);

  // The newest page's bytes, for the read + parse floor: the file ends with records-PAGE … records-1.
  let tailBytes = 0;
  for (let i = records - PAGE; i < records; i++) tailBytes += Buffer.byteLength(recordLine(i, conversations));
  const pageLines = Array.from({ length: PAGE }, (_, i) => recordLine(i, conversations).trimEnd());
  const parsePage = () => {
    for (const line of pageLines) JSON.parse(line);
  };
  const raw = await open(path, 'r');
  const tail = Buffer.allocUnsafe(tailBytes);
  const readParseTail = async () => {
    await raw.read(tail, 0, tailBytes, fileBytes - tailBytes);
    let at = 0;
    for (;;) {
      const newline = tail.indexOf(10, at);
      if (newline === -1) break;
      JSON.parse(tail.toString('utf8', at, newline));
      at = newline + 1;
    }
  };

  const calls = { stats: 2000, page: 200, parse: 200 };
  const samplesPerRound = 7;
  const opens = { base: [], subject: [] };
  const statsRuns = { base: [], subject: [] };
  const pageRuns = { base: [], subject: [] };
  const floorRuns = { base: [], subject: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      let ledger;
      const readRaw = async () => {
        await settle();
        return (await time(() => readFileSync(path))).ms;
      };
      const openLedger = async () => {
        await settle();
        const t = await time(() => createFileLedger(options));
        ledger = t.result;
        return t.ms;
      };
      const opened = {};
      if (round % 2 === 0) {
        opened.base = await readRaw();
        opened.subject = await openLedger();
      } else {
        opened.subject = await openLedger();
        opened.base = await readRaw();
      }
      opens.base.push(opened.base);
      opens.subject.push(opened.subject);
      try {
        const stats = await ledger.stats();
        check(stats.totalRequests === records, `stats() counts ${stats.totalRequests}, expected ${records}`);
        const page = await ledger.history({ limit: PAGE });
        check(page.total === records, `history total ${page.total}, expected ${records}`);
        check(page.records.length === PAGE, `history page has ${page.records.length} records`);
        check(page.records[0].id === recordId(records - 1), `newest record is ${page.records[0].id}`);
        check(page.records[PAGE - 1].id === recordId(records - PAGE), 'history page is not the newest 20');

        // Warm-up (JIT) of every timed function before the samples.
        await perCall(calls.parse, parsePage);
        await perCall(calls.page, readParseTail);
        await perCall(calls.stats, () => ledger.stats());
        await perCall(calls.page, () => ledger.history({ limit: PAGE }));
        const s = await alternate(
          samplesPerRound,
          () => perCall(calls.parse, parsePage),
          () => perCall(calls.stats, () => ledger.stats()),
        );
        statsRuns.base.push(s.base);
        statsRuns.subject.push(s.subject);
        const h = await alternate(
          samplesPerRound,
          () => perCall(calls.parse, parsePage),
          () => perCall(calls.page, () => ledger.history({ limit: PAGE })),
        );
        pageRuns.base.push(h.base);
        pageRuns.subject.push(h.subject);
        const f = await alternate(
          samplesPerRound,
          () => perCall(calls.page, readParseTail),
          () => perCall(calls.page, () => ledger.history({ limit: PAGE })),
        );
        floorRuns.base.push(f.base);
        floorRuns.subject.push(f.subject);
      } finally {
        await ledger.close();
      }
      log(
        `round ${round + 1}/${rounds}: open ${opened.subject.toFixed(1)} ms (raw read ${opened.base.toFixed(1)} ms)`,
      );
    }
  } finally {
    await raw.close();
  }
  const both = (runs) => ({ value: median(runs.subject), baseline: median(runs.base), runs });
  return {
    records,
    fileBytes,
    rounds,
    generateMs: generated.ms,
    firstOpenMs: firstOpen.ms,
    open: both(opens),
    stats: both(statsRuns),
    newestPage: both(pageRuns),
    newestPageFloor: both(floorRuns),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '1000000' },
      rounds: { type: 'string', default: '5' },
      path: { type: 'string' },
      keep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const dir = values.path ? dirname(values.path) : await mkdtemp(join(tmpdir(), 'ledger-scale-'));
  const path = values.path ?? join(dir, 'ledger.jsonl');
  const log = (message) => process.stderr.write(`[ledger-scale] ${message}\n`);
  try {
    const result = await measureScale({
      path,
      records: Number(values.records),
      rounds: Number(values.rounds),
      log,
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const fmt = (n) => (n < 0.1 ? n.toFixed(4) : n < 10 ? n.toFixed(3) : n.toFixed(1));
      const line = (name, { value, baseline }, label) =>
        `${name.padEnd(36)} ${fmt(value).padStart(10)} ms  ${(value / baseline).toFixed(2)}× ${label} (${fmt(baseline)} ms)`;
      console.log(
        `ledger scale, ${result.records.toLocaleString('en')} records, ${(result.fileBytes / 1e6).toFixed(0)} MB, medians of ${result.rounds} rounds`,
      );
      console.log(
        `${'first open (full scan, no snapshot)'.padEnd(36)} ${fmt(result.firstOpenMs).padStart(10)} ms`,
      );
      console.log(line('open with snapshot', result.open, 'raw read of the file'));
      console.log(line('stats()', result.stats, 'JSON.parse of a 20-record page'));
      console.log(line('history newest 20', result.newestPage, 'JSON.parse of a 20-record page'));
      console.log(line('history newest 20', result.newestPageFloor, 'read + parse of those 20 lines'));
    }
  } finally {
    if (!values.keep) {
      if (values.path) for (const suffix of ['', '.snapshot']) rmSync(`${path}${suffix}`, { force: true });
      else rmSync(dir, { recursive: true, force: true });
    }
  }
}
