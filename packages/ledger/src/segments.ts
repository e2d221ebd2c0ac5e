import { open, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readIndexFile, writeIndexFile } from './index-file';
import type { IndexSlice } from './record-index';

/**
 * Closed segments of a rotated ledger: `ledger.jsonl` becomes `ledger.<n>.jsonl` (n = 1, 2, …,
 * oldest first; numbers are never reused, so a rotation renames one file and touches no other),
 * each with a sidecar `ledger.<n>.jsonl.idx` holding its line index so start-up never rescans it.
 */
const SIDECAR_MAGIC = Buffer.from('MCPLSEG1', 'latin1');

function parts(ledgerPath: string): { dir: string; stem: string; extension: string } {
  const name = basename(ledgerPath);
  const dot = name.lastIndexOf('.');
  return dot > 0
    ? { dir: dirname(ledgerPath), stem: name.slice(0, dot), extension: name.slice(dot) }
    : { dir: dirname(ledgerPath), stem: name, extension: '' };
}

export function segmentPath(ledgerPath: string, number: number): string {
  const { dir, stem, extension } = parts(ledgerPath);
  return join(dir, `${stem}.${number}${extension}`);
}

export function sidecarPath(segment: string): string {
  return `${segment}.idx`;
}

export interface SegmentListing {
  /** Segment numbers with a file, ascending. */
  segments: number[];
  /** Segment numbers with a sidecar but no file (a deletion or rotation cut short). */
  orphanSidecars: number[];
}

export async function listSegments(ledgerPath: string): Promise<SegmentListing> {
  const { dir, stem, extension } = parts(ledgerPath);
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${literal(stem)}\\.([1-9][0-9]{0,14})${literal(extension)}(\\.idx)?$`);
  const files = new Set<number>();
  const sidecars = new Set<number>();
  for (const name of await readdir(dir)) {
    const match = pattern.exec(name);
    if (match === null) continue;
    (match[2] === undefined ? files : sidecars).add(Number(match[1]));
  }
  return {
    segments: [...files].sort((a, b) => a - b),
    orphanSidecars: [...sidecars].filter((n) => !files.has(n)),
  };
}

export interface SegmentSidecar {
  bytes: number;
  lastRecordId: string | null;
  index: IndexSlice;
}

export async function writeSegmentSidecar(segment: string, sidecar: SegmentSidecar): Promise<void> {
  await writeIndexFile(
    sidecarPath(segment),
    SIDECAR_MAGIC,
    { bytes: sidecar.bytes, records: sidecar.index.offsets.length, lastRecordId: sidecar.lastRecordId },
    sidecar.index,
  );
}

export async function readSegmentSidecar(segment: string): Promise<SegmentSidecar | undefined> {
  const file = await readIndexFile(sidecarPath(segment), SIDECAR_MAGIC);
  if (file === undefined) return undefined;
  const { bytes, lastRecordId } = file.header;
  if (!Number.isSafeInteger(bytes) || !(lastRecordId === null || typeof lastRecordId === 'string'))
    return undefined;
  return { bytes: bytes as number, lastRecordId, index: file.slice };
}

/** Makes a rename or unlink in `dir` durable; best effort (not every platform can fsync a directory). */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a directory for fsync; the rename is still atomic there.
  }
}
