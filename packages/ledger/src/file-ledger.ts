import { writeSync } from 'node:fs';
import { appendFile, type FileHandle, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LedgerError } from './ledger-error';
import { type LedgerLogger, stderrLedgerLogger } from './ledger-logger';
import { completeRecord, normalizeMaxTurns, normalizeQuery, pageIndices } from './record';
import { RecordIndex } from './record-index';
import {
  listSegments,
  readSegmentSidecar,
  segmentPath,
  sidecarPath,
  syncDirectory,
  writeSegmentSidecar,
} from './segments';
import { readSnapshot, type Snapshot, snapshotPathFor, writeSnapshot } from './snapshot';
import { addToStats, emptyStatsState, statsFromState } from './stats-accumulator';
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
  /**
   * Rotate when the active file reaches this many bytes (default 256 MiB): it is renamed to
   * `<name>.<n>.jsonl` (n = 1, 2, … oldest first) and a new active file is started. History and
   * conversations read across segments; stats stay cumulative. `Infinity` never rotates.
   */
  rotateBytes?: number;
  /**
   * Keep at most this many closed segments (default: all); older ones are deleted after a
   * rotation. History totals and conversations then cover only what is kept; stats stay
   * cumulative (they still count the deleted records).
   */
  retainSegments?: number;
  logger?: LedgerLogger;
  now?: () => Date;
}

const READ_CHUNK_BYTES = 8 * 1024 * 1024;
/** 256 MiB: ≈ 500,000 typical records per segment; its sidecar is ≈ 8 MB. */
export const DEFAULT_ROTATE_BYTES = 256 * 1024 * 1024;
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

/**
 * Appends `buffer` with write(2) on the loop thread. A group of records is one such call per event-loop turn:
 * a page-cache write of a few KB costs about a microsecond, while the thread-pool round trip of
 * `FileHandle.write` cost ~15 µs of CPU per call (bench scenario 1: it was the largest single cost of a
 * /process request). fdatasync, which can really wait for the disk, stays on the thread pool.
 */
function writeAllNow(handle: FileHandle, buffer: Buffer): void {
  let done = 0;
  // Position null: the file is opened for appending, so the OS places the bytes at the end.
  while (done < buffer.length) done += writeSync(handle.fd, buffer, done, buffer.length - done, null);
}

/** A closed segment: records [first, first + count) of the index live in `path`. */
interface Segment {
  number: number;
  path: string;
  first: number;
  count: number;
  /** Length of its whole lines (the end of its last record). */
  bytes: number;
  /** Opened on the first read (or kept from when it was the active file). */
  handle: FileHandle | undefined;
}

/**
 * Opens (or creates) an append-only JSON-lines ledger, rotated into numbered segments as it
 * grows. One process per file: the files are not locked, and a second writer would corrupt the
 * in-memory index.
 */
export async function createFileLedger(options: FileLedgerOptions): Promise<Ledger> {
  const path = options.path;
  const snapshotPath = snapshotPathFor(path);
  const logger = options.logger ?? stderrLedgerLogger;
  const now = options.now ?? (() => new Date());
  const fsyncPolicy = options.fsync ?? 'interval';
  const snapshotEvery = Math.max(1, options.snapshotEveryRecords ?? 100_000);
  const rotateBytes = Math.max(1, options.rotateBytes ?? DEFAULT_ROTATE_BYTES);
  const retainSegments = Math.max(0, Math.floor(options.retainSegments ?? Number.POSITIVE_INFINITY));

  await mkdir(dirname(path), { recursive: true });
  let handle = await open(path, 'a+');

  let stats = emptyStatsState();
  const index = new RecordIndex();
  const segments: Segment[] = [];
  /** The number the active file gets when it is rotated. */
  let activeNumber = 1;
  /** Index number of the active file's first record. */
  let activeFirst = 0;
  let fileSize = 0;
  let lastRecordId: string | null = null;
  let recordsSinceSnapshot = 0;
  /** Handles of deleted segments, closed once no read is using them. */
  let retired: FileHandle[] = [];
  let readsInFlight = 0;

  function indexRecord(record: LedgerRecord, offset: number): void {
    index.push(offset, record.conversationId);
    addToStats(stats, record);
    lastRecordId = record.id;
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
   * Reads [from, size) of a file, calling `onRecord` for each whole line; an unreadable line is
   * skipped with a warning. Returns the bytes after the last newline (a torn tail, normally empty).
   */
  async function scan(
    file: FileHandle,
    filePath: string,
    from: number,
    size: number,
    onRecord: (record: LedgerRecord, offset: number) => void,
  ): Promise<Buffer> {
    let position = from;
    let carry = Buffer.alloc(0);
    while (position < size) {
      const length = Math.min(READ_CHUNK_BYTES, size - position);
      const buffer = Buffer.allocUnsafe(carry.length + length);
      carry.copy(buffer, 0);
      await readExactly(file, buffer.subarray(carry.length), position);
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
            logger.warn('skipping an unreadable ledger line', { path: filePath, byteOffset: offset });
          } else {
            onRecord(record, offset);
          }
        }
        lineStart = newline + 1;
      }
      carry = Buffer.from(buffer.subarray(lineStart));
    }
    return carry;
  }

  /** True if `file` holds at least `bytes` bytes and its indexed line before `bytes` has `lastId`. */
  async function coverageMatches(
    file: FileHandle,
    bytes: number,
    lastOffset: number | undefined,
    lastId: string | null,
  ): Promise<boolean> {
    if (bytes > (await file.stat()).size) return false;
    if (lastOffset === undefined) return bytes === 0;
    if (!(lastOffset < bytes)) return false;
    const line = Buffer.allocUnsafe(bytes - lastOffset);
    await readExactly(file, line, lastOffset);
    if (line[line.length - 1] !== NEWLINE) return false;
    return parseLine(line.toString('utf8', 0, line.length - 1))?.id === lastId;
  }

  /**
   * Adds a closed segment to the index. With `countStats` its records are scanned and counted;
   * without, its sidecar is used when it matches the file (else the file is scanned for the index
   * only, and the sidecar rewritten). `snapshot`: the part of it a snapshot already indexed and
   * counted (a rotation cut short after its rename).
   */
  async function loadSegment(number: number, countStats: boolean, snapshot?: Snapshot): Promise<void> {
    const file = segmentPath(path, number);
    const segmentHandle = await open(file, 'r');
    const first = index.count;
    let bytes: number | undefined;
    try {
      const size = (await segmentHandle.stat()).size;
      if (!countStats && snapshot === undefined) {
        const sidecar = await readSegmentSidecar(file);
        const offsets = sidecar?.index.offsets;
        if (
          sidecar !== undefined &&
          sidecar.bytes === size &&
          (await coverageMatches(
            segmentHandle,
            sidecar.bytes,
            offsets?.[offsets.length - 1],
            sidecar.lastRecordId,
          ))
        ) {
          index.pushMany(sidecar.index);
          bytes = sidecar.bytes;
        } else {
          logger.warn('ledger segment index missing or stale; rebuilding it from the segment', {
            path: file,
          });
        }
      }
      if (bytes === undefined) {
        let from = 0;
        let segmentLastId: string | null = null;
        if (snapshot !== undefined) {
          index.pushMany(snapshot.index);
          from = snapshot.ledgerBytes;
          segmentLastId = snapshot.lastRecordId;
        }
        const tail = await scan(segmentHandle, file, from, size, (record, offset) => {
          index.push(offset, record.conversationId);
          if (countStats) addToStats(stats, record);
          segmentLastId = record.id;
        });
        bytes = size - tail.length;
        if (tail.length > 0)
          logger.warn('ledger segment ends with a partial line; ignoring it', {
            path: file,
            byteOffset: bytes,
          });
        await writeSegmentSidecar(file, {
          bytes,
          lastRecordId: segmentLastId,
          index: index.slice(first, index.count),
        });
      }
    } catch (error) {
      await segmentHandle.close();
      throw error;
    }
    segments.push({ number, path: file, first, count: index.count - first, bytes, handle: segmentHandle });
  }

  /** Replays the active file from `from` (counting stats) and repairs a torn last line. */
  async function loadActive(from: number): Promise<number> {
    const size = (await handle.stat()).size;
    let added = 0;
    const tail = await scan(handle, path, from, size, (record, offset) => {
      indexRecord(record, offset);
      added += 1;
    });
    fileSize = size - tail.length;
    if (tail.length > 0) added += await repairTornTail(tail, fileSize);
    return added;
  }

  async function rebuildFromFiles(numbers: readonly number[]): Promise<void> {
    stats = emptyStatsState();
    for (const number of numbers) await loadSegment(number, true);
    activeNumber = Math.max(activeNumber, (numbers[numbers.length - 1] ?? 0) + 1);
    activeFirst = index.count;
    lastRecordId = null;
    recordsSinceSnapshot = await loadActive(0);
  }

  // ---- start-up: trust the snapshot if it matches the files, then replay what it lacks ----
  let snapshotNeeded = false;
  try {
    const listing = await listSegments(path);
    for (const number of listing.orphanSidecars)
      await unlink(sidecarPath(segmentPath(path, number))).catch(() => undefined);
    const snapshot = await readSnapshot(snapshotPath);
    const numbers = listing.segments;
    const lastOffset = (s: Snapshot) => s.index.offsets[s.index.offsets.length - 1];
    if (snapshot === undefined) {
      // First start, a file from elsewhere, or a snapshot from an older version: scan it all.
      await rebuildFromFiles(numbers);
      snapshotNeeded = numbers.length > 0;
    } else {
      activeNumber = snapshot.activeSegment;
      const older = numbers.filter((n) => n < snapshot.activeSegment);
      const rotatedSince = numbers.filter((n) => n >= snapshot.activeSegment);
      // A rotation renamed the active file but crashed before its new snapshot: the snapshot
      // then describes segment `activeSegment`, and the active file holds only newer records.
      const coveredHandle =
        rotatedSince[0] === snapshot.activeSegment
          ? await open(segmentPath(path, rotatedSince[0]), 'r')
          : handle;
      let trusted: boolean;
      try {
        trusted =
          (rotatedSince.length === 0 || rotatedSince[0] === snapshot.activeSegment) &&
          (await coverageMatches(
            coveredHandle,
            snapshot.ledgerBytes,
            lastOffset(snapshot),
            snapshot.lastRecordId,
          ));
      } finally {
        if (coveredHandle !== handle) await coveredHandle.close();
      }
      if (!trusted) {
        logger.warn('ledger snapshot does not match the files; rebuilding from the files', { path });
        await rebuildFromFiles(numbers);
        snapshotNeeded = true;
      } else {
        stats = snapshot.stats;
        for (const number of older) await loadSegment(number, false);
        if (rotatedSince.length === 0) {
          activeFirst = index.count;
          index.pushMany(snapshot.index);
          lastRecordId = snapshot.lastRecordId;
          fileSize = snapshot.ledgerBytes;
          recordsSinceSnapshot = await loadActive(snapshot.ledgerBytes);
        } else {
          logger.warn('finishing a ledger rotation that was cut short', { path });
          await loadSegment(snapshot.activeSegment, true, snapshot);
          for (const number of rotatedSince.slice(1)) await loadSegment(number, true);
          activeNumber = (rotatedSince[rotatedSince.length - 1] ?? 0) + 1;
          activeFirst = index.count;
          recordsSinceSnapshot = await loadActive(0);
          snapshotNeeded = true;
        }
      }
    }
  } catch (error) {
    await closeAll();
    throw error;
  }

  async function closeAll(): Promise<void> {
    const handles = [handle, ...retired, ...segments.map((s) => s.handle)];
    retired = [];
    for (const s of segments) s.handle = undefined;
    await Promise.all(handles.map((h) => h?.close().catch(() => undefined)));
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
      writeAllNow(handle, Buffer.from('\n'));
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
    await writeSnapshot(snapshotPath, {
      activeSegment: activeNumber,
      ledgerBytes: fileSize,
      lastRecordId,
      stats,
      index: index.slice(activeFirst, index.count),
    });
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

  /**
   * Closes the active file as segment `activeNumber` and starts a new one. Order, so that a crash
   * at any step loses and double-counts nothing: fdatasync; write the segment's sidecar; rename
   * the file (a crash here leaves a snapshot naming this segment's number, which start-up detects
   * and finishes); open the new active file; write the snapshot; delete segments beyond retention.
   */
  async function rotate(): Promise<void> {
    await syncNow();
    const number = activeNumber;
    const file = segmentPath(path, number);
    await writeSegmentSidecar(file, {
      bytes: fileSize,
      lastRecordId,
      index: index.slice(activeFirst, index.count),
    });
    await rename(path, file);
    let next: FileHandle;
    try {
      next = await open(path, 'a+');
    } catch (error) {
      await rename(file, path);
      throw error;
    }
    await syncDirectory(dirname(path));
    // The old handle stays open for reads: renaming does not affect an open file.
    segments.push({
      number,
      path: file,
      first: activeFirst,
      count: index.count - activeFirst,
      bytes: fileSize,
      handle,
    });
    handle = next;
    activeNumber = number + 1;
    activeFirst = index.count;
    fileSize = 0;
    lastRecordId = null;
    await saveSnapshot();
    await applyRetention();
  }

  async function applyRetention(): Promise<void> {
    while (segments.length > retainSegments) {
      const oldest = segments.shift()!;
      index.dropOldest(oldest.count);
      for (const segment of segments) segment.first -= oldest.count;
      activeFirst -= oldest.count;
      if (oldest.handle !== undefined) retired.push(oldest.handle);
      await unlink(oldest.path);
      await unlink(sidecarPath(oldest.path)).catch(() => undefined);
    }
    closeRetiredIfIdle();
  }

  function closeRetiredIfIdle(): void {
    if (readsInFlight > 0 || retired.length === 0) return;
    for (const h of retired) h.close().catch(() => undefined);
    retired = [];
  }

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      const bytes = batch.length === 1 ? batch[0]!.line : Buffer.concat(batch.map((item) => item.line));
      try {
        writeAllNow(handle, bytes);
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
      if (fileSize >= rotateBytes) {
        await rotate().catch((error: unknown) =>
          logger.warn('could not rotate the ledger file', { path, error: String(error) }),
        );
      } else if (recordsSinceSnapshot >= snapshotEvery) {
        await saveSnapshot().catch((error: unknown) =>
          logger.warn('could not write the ledger snapshot', { path, error: String(error) }),
        );
      }
    }
  }

  function startWriter(): void {
    if (writer !== undefined) return;
    // The first write waits for the end of this event-loop turn, so every append made during it (all the
    // requests that one network read delivered) goes out in the same write.
    writer = new Promise<void>((resolve) => setImmediate(resolve)).then(drain).finally(() => {
      writer = undefined;
      if (pending.length > 0) startWriter();
    });
  }

  async function idle(): Promise<void> {
    while (writer !== undefined) await writer;
  }

  try {
    if (segments.length > retainSegments) await applyRetention();
    if (snapshotNeeded || recordsSinceSnapshot >= snapshotEvery) await saveSnapshot();
  } catch (error) {
    await closeAll();
    throw error;
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

  // ---- reads: positional reads of indexed lines only (never bytes still being written) ----

  /** One positional read: the lines of records `numbers` (ascending, contiguous) of one file. */
  interface ReadPlan {
    file: FileHandle | Promise<FileHandle>;
    filePath: string;
    start: number;
    end: number;
    lines: Array<{ number: number; from: number }>;
  }

  function segmentHandle(segment: Segment): FileHandle | Promise<FileHandle> {
    if (segment.handle !== undefined) return segment.handle;
    return open(segment.path, 'r').then((opened) => {
      if (segment.handle !== undefined) {
        opened.close().catch(() => undefined);
        return segment.handle;
      }
      segment.handle = opened;
      return opened;
    });
  }

  /**
   * Plans the reads synchronously (so a rotation or retention running meanwhile, which renumbers
   * records, cannot change what is read): contiguous records of one file share one read.
   */
  function planReads(numbers: readonly number[]): ReadPlan[] {
    const plans: ReadPlan[] = [];
    const sorted = [...numbers].sort((a, b) => a - b);
    let segmentIndex = 0;
    for (const number of sorted) {
      while (
        segmentIndex < segments.length &&
        number >= segments[segmentIndex]!.first + segments[segmentIndex]!.count
      )
        segmentIndex += 1;
      const segment = segments[segmentIndex];
      const inSegment = segment !== undefined && number >= segment.first;
      const lastOfFile = inSegment ? segment.first + segment.count - 1 : index.count - 1;
      const fileEnd = inSegment ? segment.bytes : fileSize;
      const start = index.offsets[number]!;
      const end = number < lastOfFile ? index.offsets[number + 1]! : fileEnd;
      const previous = plans[plans.length - 1];
      const sameFile = previous !== undefined && previous.filePath === (inSegment ? segment.path : path);
      if (
        sameFile &&
        previous.lines[previous.lines.length - 1]!.number === number - 1 &&
        previous.end === start
      ) {
        previous.lines.push({ number, from: start });
        previous.end = end;
      } else {
        plans.push({
          file: inSegment ? segmentHandle(segment) : handle,
          filePath: inSegment ? segment.path : path,
          start,
          end,
          lines: [{ number, from: start }],
        });
      }
    }
    return plans;
  }

  async function readRecords(numbers: readonly number[]): Promise<Map<number, LedgerRecord>> {
    const byNumber = new Map<number, LedgerRecord>();
    if (numbers.length === 0) return byNumber;
    const plans = planReads(numbers);
    readsInFlight += 1;
    try {
      await Promise.all(
        plans.map(async (plan) => {
          const buffer = Buffer.allocUnsafe(plan.end - plan.start);
          await readExactly(await plan.file, buffer, plan.start);
          for (const { number, from } of plan.lines) {
            const at = from - plan.start;
            const newline = buffer.indexOf(NEWLINE, at);
            const record = parseLine(buffer.toString('utf8', at, newline === -1 ? buffer.length : newline));
            if (record === undefined)
              throw new LedgerError('io', `ledger line at byte ${from} of ${plan.filePath} is unreadable`);
            byNumber.set(number, record);
          }
        }),
      );
    } finally {
      readsInFlight -= 1;
      closeRetiredIfIdle();
    }
    return byNumber;
  }

  /** The records of `numbers` in that order, leaving out any whose id only shares the hash. */
  async function readConversation(
    conversationId: string,
    numbers: readonly number[],
  ): Promise<LedgerRecord[]> {
    const byNumber = await readRecords(numbers);
    return numbers.map((n) => byNumber.get(n)!).filter((r) => r.conversationId === conversationId);
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
        const page = pageIndices(total, limit, offset);
        const byNumber = await readRecords(page);
        return { total, records: page.map((n) => byNumber.get(n)!) };
      }
      const turns = index.recordsOf(conversationId); // newest first
      return {
        total: turns.length,
        records: await readConversation(conversationId, turns.slice(offset, offset + limit)),
      };
    },

    async conversation(conversationId: string, options?: { maxTurns?: number }): Promise<LedgerRecord[]> {
      assertOpen();
      const newestFirst = index.recordsOf(conversationId, normalizeMaxTurns(options?.maxTurns));
      return readConversation(conversationId, newestFirst.reverse());
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
          await closeAll();
        }
      })();
      return closing;
    },
  };
}
