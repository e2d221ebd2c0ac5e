// Memory per record of an open file ledger, the worst case for the conversation index: every
// record has its own conversation id (a server whose clients never reuse one). Run with
// `node --expose-gc bench/memory-bench.mjs`; RECORDS=<n> overrides 1,000,000; LEDGER_DIST=<dir>
// measures another build (e.g. an older dist copied aside) for a before/after comparison.

import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const RECORDS = Number(process.env.RECORDS ?? 1_000_000);
const dist = process.env.LEDGER_DIST ?? new URL('../dist', import.meta.url).pathname;
const { createFileLedger } = await import(pathToFileURL(join(resolve(dist), 'index.js')).href);
const silent = { warn: () => undefined };
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

/** Live bytes after collecting garbage; Buffers' memory is released by finalizers that run later. */
async function used() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** The ledger file, one conversation id per record (in a function: its strings die with it). */
function writeFile() {
  const fd = openSync(path, 'w');
  let chunk = [];
  for (let i = 0; i < RECORDS; i++) {
    chunk.push(
      `${JSON.stringify({
        id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
        timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
        direction: 'inbound',
        conversationId: `9b1deb4d-3b7d-4bad-9bdd-${i.toString(16).padStart(12, '0')}`,
        message: `Question ${i}`,
        reply: `Answer ${i}`,
        provider: 'mock',
        model: 'mock-model',
        inputTokens: 20,
        outputTokens: 40,
        costUsd: 0.00001,
        priced: true,
        processingMs: 50 + (i % 2000),
        streamed: false,
        status: 'success',
      })}\n`,
    );
    if (chunk.length === 50_000) {
      writeSync(fd, chunk.join(''));
      chunk = [];
    }
  }
  if (chunk.length > 0) writeSync(fd, chunk.join(''));
  closeSync(fd);
}

const dir = mkdtempSync(join(tmpdir(), 'ledger-memory-'));
const path = join(dir, 'ledger.jsonl');
try {
  writeFile();
  // First open scans and writes the snapshot; measure the normal (snapshot) start after it.
  await (await createFileLedger({ path, logger: silent })).close();

  const before = await used();
  const started = performance.now();
  const ledger = await createFileLedger({ path, logger: silent });
  const openMs = performance.now() - started;
  // The responder asks for a conversation on every request: include whatever that builds.
  await ledger.conversation('9b1deb4d-3b7d-4bad-9bdd-000000000007', { maxTurns: 10 });
  await ledger.history({ conversationId: '9b1deb4d-3b7d-4bad-9bdd-000000000008' });
  const after = await used();
  if (process.env.DEBUG) console.log(before, after, process.memoryUsage());
  const perRecord = (after - before) / RECORDS;
  console.log(
    `memory: ${RECORDS.toLocaleString('en')} records, unique conversation ids: ${perRecord.toFixed(1)} bytes/record (heapUsed + arrayBuffers), open ${openMs.toFixed(0)} ms, dist ${dist}`,
  );
  // Growth while serving: appends, each a new conversation, with a conversation lookup each (as
  // the responder does), measured over the last half so the first map/array growth is not counted.
  const APPENDS = Math.min(RECORDS, 200_000);
  const appendBatch = async (from, to) => {
    for (let i = from; i < to; i += 1000) {
      const batch = [];
      for (let j = i; j < Math.min(to, i + 1000); j++) {
        const conversationId = `new-${j.toString(16).padStart(12, '0')}-4bad-9bdd-0123456789ab`;
        batch.push(
          ledger.conversation(conversationId, { maxTurns: 10 }).then(() =>
            ledger.append({
              direction: 'inbound',
              conversationId,
              message: `m${j}`,
              provider: 'mock',
              model: 'mock-model',
              costUsd: 0,
              priced: true,
              processingMs: 10,
              streamed: false,
              status: 'success',
            }),
          ),
        );
      }
      await Promise.all(batch);
    }
  };
  await appendBatch(0, APPENDS / 2);
  const midway = await used();
  await appendBatch(APPENDS / 2, APPENDS);
  const grown = await used();
  console.log(
    `memory: growth while appending ${(APPENDS / 2).toLocaleString('en')} records with new conversation ids: ${((grown - midway) / (APPENDS / 2)).toFixed(1)} bytes/record`,
  );
  await ledger.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
