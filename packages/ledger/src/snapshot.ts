import { open, readFile, rename } from 'node:fs/promises';
import { LineIndex } from './line-index';
import { parseStatsState, type StatsState } from './stats-accumulator';

/**
 * Sidecar snapshot `<ledger>.snapshot`: stats aggregates and the line index as of byte
 * `ledgerBytes` of the ledger file. Layout: 8-byte magic, uint32 LE header length, the JSON
 * header, zero padding to a multiple of 8, then `records` float64 LE offsets and `records`
 * uint32 LE conversation numbers. Written to a temporary file, fsynced and renamed, so a crash
 * leaves either the old or the new snapshot, never half of one.
 */
const MAGIC = Buffer.from('MCPLEDG1', 'latin1');
const VERSION = 1;

export interface SnapshotHeader {
  version: number;
  ledgerBytes: number;
  records: number;
  lastRecordId: string | null;
  stats: StatsState;
  conversationIds: string[];
}

export interface LoadedSnapshot {
  ledgerBytes: number;
  lastRecordId: string | null;
  stats: StatsState;
  index: LineIndex;
}

export function snapshotPathFor(ledgerPath: string): string {
  return `${ledgerPath}.snapshot`;
}

export async function writeSnapshot(
  path: string,
  state: { ledgerBytes: number; lastRecordId: string | null; stats: StatsState; index: LineIndex },
): Promise<void> {
  const { index } = state;
  const header: SnapshotHeader = {
    version: VERSION,
    ledgerBytes: state.ledgerBytes,
    records: index.count,
    lastRecordId: state.lastRecordId,
    stats: state.stats,
    conversationIds: index.conversationIds,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefixLength = MAGIC.length + 4 + headerBytes.length;
  const padding = (8 - (prefixLength % 8)) % 8;
  const prefix = Buffer.alloc(prefixLength + padding);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(prefix, MAGIC.length + 4);
  // Typed arrays are little-endian on every platform Node supports (x64, arm64).
  const offsets = Buffer.from(index.offsets.buffer, index.offsets.byteOffset, index.count * 8);
  const numbers = Buffer.from(
    index.conversationNumbers.buffer,
    index.conversationNumbers.byteOffset,
    index.count * 4,
  );

  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writev([prefix, offsets, numbers]);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

/** Returns undefined when there is no snapshot or it is not one we can trust. */
export async function readSnapshot(path: string): Promise<LoadedSnapshot | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return undefined;
  }
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > bytes.length) return undefined;
  let header: SnapshotHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, headerEnd)) as SnapshotHeader;
  } catch {
    return undefined;
  }
  const stats = parseStatsState(header.stats);
  if (
    header.version !== VERSION ||
    stats === undefined ||
    !Number.isSafeInteger(header.records) ||
    !Number.isSafeInteger(header.ledgerBytes) ||
    !Array.isArray(header.conversationIds)
  ) {
    return undefined;
  }
  const dataStart = headerEnd + ((8 - (headerEnd % 8)) % 8);
  if (bytes.length !== dataStart + header.records * 12) return undefined;
  // Copy into fresh, aligned buffers (readFile's buffer may start at any byte offset).
  const offsets = new Float64Array(
    bytes.buffer.slice(bytes.byteOffset + dataStart, bytes.byteOffset + dataStart + header.records * 8),
  );
  const numbers = new Uint32Array(
    bytes.buffer.slice(bytes.byteOffset + dataStart + header.records * 8, bytes.byteOffset + bytes.length),
  );
  const conversations = header.conversationIds.length;
  for (const number of numbers) if (number >= conversations) return undefined;
  return {
    ledgerBytes: header.ledgerBytes,
    lastRecordId: header.lastRecordId,
    stats,
    index: LineIndex.restore(offsets, numbers, header.conversationIds),
  };
}
