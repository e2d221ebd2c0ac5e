import { appendFile, type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LedgerError } from './ledger-error';
import { type LedgerLogger, stderrLedgerLogger } from './ledger-logger';
import { LineIndex } from './line-index';
import { completeRecord, normalizeMaxTurns, normalizeQuery, pageIndices } from './record';
import { readSnapshot, snapshotPathFor, writeSnapshot } from './snapshot';
import { addToStats, emptyStatsState, type StatsState, statsFromState } from './stats-accumulator';
import type { HistoryPage, HistoryQuery, Ledger, LedgerRecord, NewLedgerRecord } from './types';

export type FsyncPolicy = 'always' | 'never' | 'interval';

export interface FileLedgerOptions {
  /** The JSON-lines file; created (with its directory) when missing. */
  path: string;
  /**
   * When appended bytes are forced to the disk (see README, "Durability"):
   * 'always' – fdatasync before append() resolves; 'interval' (default) – at most every
   * `fsyncIntervalMs`; 'never' – only on flush()/close(). In every mode append() resolves only
   * after the OS has the bytes, so a process crash loses nothing that was acknowledged.
   */
  fsync?: FsyncPolicy;
  /** Default 1000 ms. */
  fsyncIntervalMs?: number;
  /** Rewrite the snapshot after this many new records (default 100,000) and on close(). */
  snapshotEveryRecords?: number;
  logger?: LedgerLogger;
  now?: () => Date;
}

const READ_CHUNK_BYTES = 8 * 1024 * 1024;
const NEWLINE = 0x0a;

interface PendingAppend {
  record: LedgerRecord;
  line: Buffer;
  resolve: (record: LedgerRecord) => void;
  reject: (error: unknown) => void;
}

function isRecordLike(value: unknown): value is LedgerRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    typeof r.conversationId === 'string' &&
    typeof r.model === 'string' &&
    typeof r.costUsd === 'number' &&
    typeof r.processingMs === 'number' &&
    typeof r.status === 'string' &&
    typeof r.priced === 'boolean'
  );
}

async function readExactly(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0)
      throw new LedgerError('io', `unexpected end of ledger file at byte ${position + done}`);
    done += bytesRead;
  }
}

async function writeAll(handle: FileHandle, buffer: Buffer): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    // Position null: the handle is opened for appending, so the OS places the bytes at the end.
    const { bytesWritten } = await handle.write(buffer, done, buffer.length - done, null);
    done += bytesWritten;
  }
}

/**
 * Opens (or creates) an append-only JSON-lines ledger. One process per file: the file is
 * not locked, and a second writer would corrupt the in-memory index.
 */
export async function createFileLedger(options: FileLedgerOptions): Promise<Ledger> {
  const path = options.path;
  const snapshotPath = snapshotPathFor(path);
  const logger = options.logger ?? stderrLedgerLogger;
  const now = options.now ?? (() => new Date());
  const fsyncPolicy = options.fsync ?? 'interval';
  const snapshotEvery = Math.max(1, options.snapshotEveryRecords ?? 100_000);

  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a+');

  let stats: StatsState;
  let index: LineIndex;
  let fileSize = 0;
  let lastRecordId: string | null = null;
  let recordsSinceSnapshot = 0;

  // ---- start-up: trust the snapshot if it matches the file, then replay the tail ----
  try {
    const size = (await handle.stat()).size;
    const snapshot = await readSnapshot(snapshotPath);
    let replayFrom = 0;
    if (
      snapshot !== undefined &&
      (await snapshotMatches(snapshot.ledgerBytes, snapshot.index, snapshot.lastRecordId, size))
    ) {
      stats = snapshot.stats;
      index = snapshot.index;
      lastRecordId = snapshot.lastRecordId;
      replayFrom = snapshot.ledgerBytes;
    } else {
      if (snapshot !== undefined)
        logger.warn('ledger snapshot does not match the file; rebuilding from the file', { path });
      stats = emptyStatsState();
      index = new LineIndex();
    }
    fileSize = replayFrom;
    recordsSinceSnapshot = await replay(replayFrom, size);
  } catch (error) {
    await handle.close();
    throw error;
  }

  async function snapshotMatches(
    ledgerBytes: number,
    snapshotIndex: LineIndex,
    snapshotLastId: string | null,
    size: number,
  ): Promise<boolean> {
    if (ledgerBytes > size) return false;
    if (snapshotIndex.count === 0) return ledgerBytes === 0;
    const start = snapshotIndex.offsets[snapshotIndex.count - 1]!;
    if (!(start < ledgerBytes)) return false;
    const line = Buffer.allocUnsafe(ledgerBytes - start);
    await readExactly(handle, line, start);
    if (line[line.length - 1] !== NEWLINE) return false;
    try {
      return (
        (JSON.parse(line.toString('utf8', 0, line.length - 1)) as { id?: unknown }).id === snapshotLastId
      );
    } catch {
      return false;
    }
  }

  function indexRecord(record: LedgerRecord, offset: number): void {
    index.push(offset, record.conversationId);
    addToStats(stats, record);
    lastRecordId = record.id;
  }

  /** Reads [from, size), indexing each whole line; repairs a torn last line. Returns records added. */
  async function replay(from: number, size: number): Promise<number> {
    let added = 0;
    let position = from;
    let carry = Buffer.alloc(0);
    while (position < size) {
      const length = Math.min(READ_CHUNK_BYTES, size - position);
      const buffer = Buffer.allocUnsafe(carry.length + length);
      carry.copy(buffer, 0);
      await readExactly(handle, buffer.subarray(carry.length), position);
      const bufferStart = position - carry.length;
      position += length;
      let lineStart = 0;
      for (;;) {
        const newline = buffer.indexOf(NEWLINE, lineStart);
        if (newline === -1) break;
        if (newline > lineStart) {
          const offset = bufferStart + lineStart;
          const record = parseLine(buffer.toString('utf8', lineStart, newline));
          if (record === undefined) {
            logger.warn('skipping an unreadable ledger line', { path, byteOffset: offset });
          } else {
            indexRecord(record, offset);
            added += 1;
          }
        }
        lineStart = newline + 1;
      }
      carry = Buffer.from(buffer.subarray(lineStart));
    }
    fileSize = size;
    if (carry.length > 0) added += await repairTornTail(carry, size - carry.length);
    return added;
  }

  function parseLine(text: string): LedgerRecord | undefined {
    try {
      const value: unknown = JSON.parse(text);
      return isRecordLike(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The file ends without a newline: a write was cut short by a crash. Such a record was never
   * acknowledged (append() resolves after the whole line, newline included, is written). If the
   * bytes still hold a whole record we keep it and add the newline; otherwise we move them to
   * `<ledger>.torn` and truncate, so the next append starts on a fresh line.
   */
  async function repairTornTail(bytes: Buffer, offset: number): Promise<number> {
    const record = parseLine(bytes.toString('utf8'));
    if (record !== undefined) {
      logger.warn('ledger file ended without a newline; completing the last line', {
        path,
        byteOffset: offset,
      });
      await writeAll(handle, Buffer.from('\n'));
      await handle.datasync();
      indexRecord(record, offset);
      fileSize = offset + bytes.length + 1;
      return 1;
    }
    logger.warn('skipping a torn last line in the ledger (left by a crash mid-write)', {
      path,
      byteOffset: offset,
      bytes: bytes.length,
      savedTo: `${path}.torn`,
    });
    await appendFile(`${path}.torn`, Buffer.concat([bytes, Buffer.from('\n')]));
    await handle.truncate(offset);
    await handle.datasync();
    fileSize = offset;
    return 0;
  }

  // ---- appends: one queue, one handle, group commit ----
  let pending: PendingAppend[] = [];
  let writer: Promise<void> | undefined;
  let unsyncedWrites = false;
  let syncing: Promise<void> | undefined;
  let closing: Promise<void> | undefined;

  async function saveSnapshot(): Promise<void> {
    // The snapshot must never cover bytes the disk might lose, or a power cut could leave it
    // pointing past the end of the file (it would then be rejected and rebuilt, but slowly).
    await syncNow();
    await writeSnapshot(snapshotPath, { ledgerBytes: fileSize, lastRecordId, stats, index });
    recordsSinceSnapshot = 0;
  }

  /**
   * fdatasync unless nothing was written since the last one. A caller arriving while the
   * interval timer's sync is in flight waits for it and then syncs again if more was written,
   * so flush() never returns before its bytes are on the disk.
   */
  async function syncNow(): Promise<void> {
    for (;;) {
      if (syncing !== undefined) {
        await syncing.catch(() => undefined);
        continue;
      }
      if (!unsyncedWrites) return;
      unsyncedWrites = false;
      syncing = handle
        .datasync()
        .catch((error: unknown) => {
          unsyncedWrites = true;
          throw error;
        })
        .finally(() => {
          syncing = undefined;
        });
      await syncing;
    }
  }

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      const bytes = batch.length === 1 ? batch[0]!.line : Buffer.concat(batch.map((item) => item.line));
      try {
        await writeAll(handle, bytes);
        unsyncedWrites = true;
        if (fsyncPolicy === 'always') await syncNow();
      } catch (cause) {
        // Part of the batch may have reached the file: cut it back so no torn line stays behind.
        await handle.truncate(fileSize).catch(() => undefined);
        const error = new LedgerError('io', `could not append to the ledger file ${path}`, { cause });
        for (const item of batch) item.reject(error);
        continue;
      }
      let offset = fileSize;
      for (const item of batch) {
        indexRecord(item.record, offset);
        offset += item.line.length;
      }
      fileSize = offset;
      recordsSinceSnapshot += batch.length;
      for (const item of batch) item.resolve(item.record);
      if (recordsSinceSnapshot >= snapshotEvery) {
        await saveSnapshot().catch((error: unknown) =>
          logger.warn('could not write the ledger snapshot', { path, error: String(error) }),
        );
      }
    }
  }

  function startWriter(): void {
    if (writer !== undefined) return;
    writer = drain().finally(() => {
      writer = undefined;
      if (pending.length > 0) startWriter();
    });
  }

  async function idle(): Promise<void> {
    while (writer !== undefined) await writer;
  }

  const syncTimer =
    fsyncPolicy === 'interval'
      ? setInterval(() => {
          syncNow().catch((error: unknown) =>
            logger.warn('ledger fsync failed', { path, error: String(error) }),
          );
        }, options.fsyncIntervalMs ?? 1000)
      : undefined;
  syncTimer?.unref();

  if (recordsSinceSnapshot >= snapshotEvery) await saveSnapshot();

  // ---- reads: positional reads of indexed lines only (never bytes still being written) ----
  function lineEnd(i: number, sizeNow: number): number {
    return i + 1 < index.count ? index.offsets[i + 1]! : sizeNow;
  }

  async function readRecords(indices: readonly number[]): Promise<LedgerRecord[]> {
    if (indices.length === 0) return [];
    const sizeNow = fileSize;
    let lo = Number.POSITIVE_INFINITY;
    let hi = -1;
    for (const i of indices) {
      if (i < lo) lo = i;
      if (i > hi) hi = i;
    }
    // Contiguous page (unfiltered history): one read covers it. Scattered: one read per line.
    const ranges: Array<[number, number]> =
      hi - lo + 1 === indices.length ? [[lo, hi]] : indices.map((i): [number, number] => [i, i]);
    const byIndex = new Map<number, LedgerRecord>();
    await Promise.all(
      ranges.map(async ([first, last]) => {
        const start = index.offsets[first]!;
        const buffer = Buffer.allocUnsafe(lineEnd(last, sizeNow) - start);
        await readExactly(handle, buffer, start);
        for (let i = first; i <= last; i++) {
          const from = index.offsets[i]! - start;
          const newline = buffer.indexOf(NEWLINE, from);
          const record = parseLine(buffer.toString('utf8', from, newline === -1 ? buffer.length : newline));
          if (record === undefined)
            throw new LedgerError('io', `ledger line ${i} at byte ${start + from} is unreadable`);
          byIndex.set(i, record);
        }
      }),
    );
    return indices.map((i) => byIndex.get(i)!);
  }

  function assertOpen(): void {
    if (closing !== undefined) throw new LedgerError('closed', 'the ledger is closed');
  }

  return {
    append(input: NewLedgerRecord): Promise<LedgerRecord> {
      return new Promise((resolve, reject) => {
        assertOpen();
        const record = completeRecord(input, now);
        const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
        pending.push({ record, line, resolve, reject });
        startWriter();
      });
    },

    async history(query?: HistoryQuery): Promise<HistoryPage> {
      assertOpen();
      const { limit, offset, conversationId } = normalizeQuery(query);
      if (conversationId === undefined) {
        const total = index.count;
        return { total, records: await readRecords(pageIndices(total, limit, offset)) };
      }
      const turns = index.recordsOf(conversationId);
      const total = turns.length;
      const page = pageIndices(total, limit, offset).map((i) => turns[i]!);
      return { total, records: await readRecords(page) };
    },

    async conversation(conversationId: string, options?: { maxTurns?: number }): Promise<LedgerRecord[]> {
      assertOpen();
      const turns = index.recordsOf(conversationId);
      const maxTurns = normalizeMaxTurns(options?.maxTurns);
      return readRecords(turns.slice(Math.max(0, turns.length - maxTurns)));
    },

    async stats() {
      assertOpen();
      return statsFromState(stats);
    },

    async flush() {
      if (closing !== undefined) return closing;
      await idle();
      await syncNow();
    },

    close() {
      closing ??= (async () => {
        if (syncTimer !== undefined) clearInterval(syncTimer);
        await idle();
        try {
          if (recordsSinceSnapshot > 0) await saveSnapshot();
          else await syncNow();
        } finally {
          await handle.close();
        }
      })();
      return closing;
    },
  };
}
