import { readIndexFile, writeIndexFile } from './index-file';
import type { IndexSlice } from './record-index';
import { parseStatsState, type StatsState } from './stats-accumulator';

/**
 * Sidecar snapshot `<ledger>.snapshot` (format in `index-file.ts`): the cumulative stats of every
 * record ever counted (deleted segments included) and the line index of the active file as of
 * byte `ledgerBytes`. `activeSegment` is the number the active file gets when it is rotated:
 * finding `ledger.<activeSegment>.jsonl` on disk at start-up means a rotation completed its
 * rename but not its new snapshot, and the snapshot then describes that segment.
 * Version 1 (one file, conversation-id table) is not read: it is rebuilt from the files once.
 */
const MAGIC = Buffer.from('MCPLEDG2', 'latin1');
const VERSION = 2;

export interface Snapshot {
  activeSegment: number;
  ledgerBytes: number;
  lastRecordId: string | null;
  stats: StatsState;
  index: IndexSlice;
}

export function snapshotPathFor(ledgerPath: string): string {
  return `${ledgerPath}.snapshot`;
}

export async function writeSnapshot(path: string, snapshot: Snapshot): Promise<void> {
  await writeIndexFile(
    path,
    MAGIC,
    {
      version: VERSION,
      activeSegment: snapshot.activeSegment,
      ledgerBytes: snapshot.ledgerBytes,
      records: snapshot.index.offsets.length,
      lastRecordId: snapshot.lastRecordId,
      stats: snapshot.stats,
    },
    snapshot.index,
  );
}

/** Returns undefined when there is no snapshot or it is not one we can trust. */
export async function readSnapshot(path: string): Promise<Snapshot | undefined> {
  const file = await readIndexFile(path, MAGIC);
  if (file === undefined) return undefined;
  const { header, slice } = file;
  const stats = parseStatsState(header.stats);
  const lastRecordId = header.lastRecordId;
  if (
    header.version !== VERSION ||
    stats === undefined ||
    !Number.isSafeInteger(header.ledgerBytes) ||
    !Number.isSafeInteger(header.activeSegment) ||
    (header.activeSegment as number) < 1 ||
    !(lastRecordId === null || typeof lastRecordId === 'string')
  ) {
    return undefined;
  }
  return {
    activeSegment: header.activeSegment as number,
    ledgerBytes: header.ledgerBytes as number,
    lastRecordId,
    stats,
    index: slice,
  };
}
