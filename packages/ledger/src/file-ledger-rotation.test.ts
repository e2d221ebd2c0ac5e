import { existsSync } from 'node:fs';
import {
  appendFile,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileLedger, type FileLedgerOptions } from './file-ledger';
import type { LedgerLogger } from './ledger-logger';
import { completeRecord } from './record';
import { segmentPath, sidecarPath } from './segments';
import { exchange } from './test-records';
import type { Ledger, LedgerRecord } from './types';

let dir: string;
let path: string;

function recordingLogger(): LedgerLogger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (message) => messages.push(message) };
}

/** Every record of the ledger, newest first, read page by page. */
async function allRecords(ledger: Ledger, pageSize = 7): Promise<LedgerRecord[]> {
  const records: LedgerRecord[] = [];
  const { total } = await ledger.history({ limit: 0 });
  for (let offset = 0; offset < total; offset += pageSize)
    records.push(...(await ledger.history({ limit: pageSize, offset })).records);
  return records;
}

async function segmentFiles(): Promise<string[]> {
  return (await readdir(dir)).filter((name) => /^ledger\.\d+\.jsonl$/.test(name)).sort();
}

/** A line of the bench's size class: ~250 bytes, so a 1000-byte threshold rotates every 4 records. */
async function fill(
  ledger: Ledger,
  n: number,
  conversation: (i: number) => string = () => 'c',
): Promise<void> {
  for (let i = 0; i < n; i++)
    await ledger.append(exchange({ conversationId: conversation(i), message: `m${i}` }));
  // append() resolves before a rotation it triggered has finished; wait for it.
  await ledger.flush();
}

const open = (options: Partial<FileLedgerOptions> = {}, logger: LedgerLogger = recordingLogger()) =>
  createFileLedger({ path, logger, rotateBytes: 1000, ...options });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ledger-rotation-'));
  path = join(dir, 'ledger.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file ledger rotation', () => {
  it('rotates the active file into numbered segments once it reaches rotateBytes', async () => {
    const logger = recordingLogger();
    const ledger = await open({}, logger);
    await fill(ledger, 20);
    const files = await segmentFiles();
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(files[0]).toBe('ledger.1.jsonl');
    const lineLength = (await readFile(join(dir, files[0]!), 'utf8')).indexOf('\n') + 1;
    for (const name of files) {
      const size = (await stat(join(dir, name))).size;
      expect(size).toBeGreaterThanOrEqual(1000);
      expect(size).toBeLessThan(1000 + lineLength + 10);
      expect(existsSync(join(dir, `${name}.idx`))).toBe(true);
    }
    expect((await stat(path)).size).toBeLessThan(1000);
    // Every line is in exactly one file, in order.
    const texts = await Promise.all([
      ...files.map((name) => readFile(join(dir, name), 'utf8')),
      readFile(path, 'utf8'),
    ]);
    const messages = texts
      .join('')
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as LedgerRecord).message);
    expect(messages).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
    expect(logger.messages).toEqual([]);
    await ledger.close();
  });

  it('pages history newest first across segment boundaries, total counting every segment', async () => {
    const ledger = await open();
    await fill(ledger, 23);
    const page = await ledger.history({ limit: 10, offset: 5 });
    expect(page.total).toBe(23);
    expect(page.records.map((r) => r.message)).toEqual(Array.from({ length: 10 }, (_, i) => `m${17 - i}`));
    const all = await allRecords(ledger);
    expect(all.map((r) => r.message)).toEqual(Array.from({ length: 23 }, (_, i) => `m${22 - i}`));
    expect((await ledger.history({ limit: 5, offset: 21 })).records.map((r) => r.message)).toEqual([
      'm1',
      'm0',
    ]);
    await ledger.close();
  });

  it('finds a conversation whose turns span several segments', async () => {
    const ledger = await open();
    await fill(ledger, 30, (i) => (i % 3 === 0 ? 'long' : `other-${i}`));
    const turns = await ledger.conversation('long', { maxTurns: 4 });
    expect(turns.map((r) => r.message)).toEqual(['m18', 'm21', 'm24', 'm27']);
    expect((await ledger.conversation('long')).map((r) => r.message)).toEqual(
      Array.from({ length: 10 }, (_, i) => `m${i * 3}`),
    );
    const page = await ledger.history({ conversationId: 'long', limit: 3, offset: 2 });
    expect(page.total).toBe(10);
    expect(page.records.map((r) => r.message)).toEqual(['m21', 'm18', 'm15']);
    expect(await ledger.conversation('never-seen')).toEqual([]);
    await ledger.close();
  });

  it('keeps history, conversations and stats across a restart after rotations, without rescanning', async () => {
    const ledger = await open();
    await fill(ledger, 26, (i) => `c${i % 4}`);
    const before = {
      stats: await ledger.stats(),
      all: await allRecords(ledger),
      turns: await ledger.conversation('c1', { maxTurns: 3 }),
    };
    await ledger.close();

    const logger = recordingLogger();
    const reopened = await open({}, logger);
    expect(logger.messages).toEqual([]); // snapshot and every sidecar matched
    expect(await reopened.stats()).toEqual(before.stats);
    expect(await allRecords(reopened)).toEqual(before.all);
    expect(await reopened.conversation('c1', { maxTurns: 3 })).toEqual(before.turns);
    await fill(reopened, 6);
    expect((await reopened.history()).total).toBe(32);
    await reopened.close();
  });

  it('rebuilds a missing segment index from the segment without counting its records twice', async () => {
    const ledger = await open();
    await fill(ledger, 16);
    const stats = await ledger.stats();
    await ledger.close();
    await unlink(sidecarPath(segmentPath(path, 2)));
    const logger = recordingLogger();
    const reopened = await open({}, logger);
    expect(logger.messages).toEqual([
      'ledger segment index missing or stale; rebuilding it from the segment',
    ]);
    expect(await reopened.stats()).toEqual(stats);
    expect((await allRecords(reopened)).map((r) => r.message)).toEqual(
      Array.from({ length: 16 }, (_, i) => `m${15 - i}`),
    );
    await reopened.close();
    expect(existsSync(sidecarPath(segmentPath(path, 2)))).toBe(true);
  });

  it('retainSegments deletes the oldest segments; history covers what is kept, stats stay cumulative', async () => {
    const ledger = await open({ retainSegments: 2 });
    await fill(ledger, 30, (i) => (i === 0 || i === 29 ? 'first-and-last' : `c${i}`));
    const files = await segmentFiles();
    expect(files).toHaveLength(2);
    expect(files[0]).not.toBe('ledger.1.jsonl');
    expect((await readdir(dir)).filter((name) => name.endsWith('.idx'))).toHaveLength(2);
    const stats = await ledger.stats();
    expect(stats.totalRequests).toBe(30);
    const kept = await allRecords(ledger);
    expect(kept.length).toBeLessThan(30);
    expect(kept.map((r) => r.message)).toEqual(Array.from({ length: kept.length }, (_, i) => `m${29 - i}`));
    expect((await ledger.history()).total).toBe(kept.length);
    expect((await ledger.conversation('first-and-last')).map((r) => r.message)).toEqual(['m29']);
    await ledger.close();

    const reopened = await open({ retainSegments: 2 });
    expect(await reopened.stats()).toEqual(stats);
    expect(await allRecords(reopened)).toEqual(kept);
    await reopened.close();
    // A smaller retention applies at the next start.
    const fewer = await open({ retainSegments: 0 });
    expect(await segmentFiles()).toEqual([]);
    expect((await fewer.stats()).totalRequests).toBe(30);
    expect((await fewer.history()).total).toBeLessThan(kept.length);
    await fewer.close();
  });

  it('repairs a torn last line in the active file after a rotation', async () => {
    const ledger = await open();
    await fill(ledger, 10);
    await ledger.close();
    await appendFile(path, '{"id":"torn","timestamp":"2026-');
    const logger = recordingLogger();
    const reopened = await open({}, logger);
    expect(logger.messages).toEqual(['skipping a torn last line in the ledger (left by a crash mid-write)']);
    expect((await reopened.stats()).totalRequests).toBe(10);
    await reopened.append(exchange({ message: 'next' }));
    expect((await allRecords(reopened)).map((r) => r.message)).toEqual([
      'next',
      ...Array.from({ length: 10 }, (_, i) => `m${9 - i}`),
    ]);
    await reopened.close();
  });

  it('recovers a rotation cut short after its rename: nothing lost, nothing counted twice', async () => {
    // Segment 1 exists; the active file (future segment 2) has records the snapshot covers and
    // a tail it does not (appended after the last snapshot).
    const ledger = await open({ rotateBytes: 1500 });
    await fill(ledger, 8);
    await ledger.close();
    const unsnapshotted = Array.from({ length: 2 }, (_, i) =>
      completeRecord(exchange({ message: `tail${i}`, status: 'error' }), () => new Date()),
    );
    await appendFile(path, unsnapshotted.map((r) => `${JSON.stringify(r)}\n`).join(''));
    // The crash: the active file was renamed to segment 2 (and its sidecar may or may not have
    // been written); no new active file, no new snapshot.
    expect(existsSync(segmentPath(path, 2))).toBe(false);
    await rename(path, segmentPath(path, 2));

    const logger = recordingLogger();
    const reopened = await open({ rotateBytes: 1500 }, logger);
    expect(logger.messages).toContain('finishing a ledger rotation that was cut short');
    const stats = await reopened.stats();
    expect(stats.totalRequests).toBe(10);
    expect(stats.errors).toBe(2);
    const messages = (await allRecords(reopened)).map((r) => r.message);
    expect(messages).toEqual(['tail1', 'tail0', ...Array.from({ length: 8 }, (_, i) => `m${7 - i}`)]);
    await reopened.append(exchange({ message: 'after' }));
    await reopened.close();

    const again = recordingLogger();
    const third = await open({ rotateBytes: 1500 }, again);
    expect(again.messages).toEqual([]);
    expect((await third.stats()).totalRequests).toBe(11);
    expect((await third.history({ limit: 1 })).records[0]?.message).toBe('after');
    expect(new Set((await allRecords(third)).map((r) => r.id)).size).toBe(11);
    await third.close();
  });

  it('ignores a sidecar left by a rotation that crashed before its rename', async () => {
    const ledger = await open({ rotateBytes: 1500 });
    await fill(ledger, 7);
    await ledger.close();
    await writeFile(sidecarPath(segmentPath(path, 5)), 'stale');
    const reopened = await open({ rotateBytes: 1500 });
    expect((await reopened.stats()).totalRequests).toBe(7);
    expect((await allRecords(reopened)).length).toBe(7);
    await reopened.close();
    expect(existsSync(sidecarPath(segmentPath(path, 5)))).toBe(false);
  });

  it('serves reads while appends rotate and delete segments underneath them', async () => {
    const ledger = await open({ rotateBytes: 600, retainSegments: 3 });
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < 200; i++) {
      work.push(ledger.append(exchange({ conversationId: `c${i % 5}`, message: `m${i}` })));
      if (i % 10 === 0) {
        work.push(ledger.history({ limit: 50 }));
        work.push(ledger.conversation('c1', { maxTurns: 20 }));
      }
    }
    await Promise.all(work);
    const newest = await ledger.history({ limit: 3 });
    expect(newest.records.map((r) => r.message)).toEqual(['m199', 'm198', 'm197']);
    expect((await ledger.stats()).totalRequests).toBe(200);
    const turns = await ledger.conversation('c1');
    expect(turns.every((r) => r.conversationId === 'c1')).toBe(true);
    expect(turns[turns.length - 1]?.message).toBe('m196');
    await ledger.close();
  });
});
