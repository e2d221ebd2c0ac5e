import { defaultLedgerPath, type LedgerPathEnvironment } from './default-ledger-path';
import { createFileLedger, type FileLedgerOptions } from './file-ledger';
import type { LedgerLogger } from './ledger-logger';
import { createMemoryLedger } from './memory-ledger';
import type { Ledger } from './types';

export type LedgerSpec = { kind: 'memory' } | { kind: 'file'; path?: string };

export interface OpenLedgerOptions extends LedgerPathEnvironment {
  /** Names the default file location: `…/mcp-communication/<appName>/ledger.jsonl`. */
  appName: string;
  logger?: LedgerLogger;
  /** Passed to the file backend. */
  fsync?: FileLedgerOptions['fsync'];
  fsyncIntervalMs?: number;
  snapshotEveryRecords?: number;
  rotateBytes?: number;
  retainSegments?: number;
}

/** Picks the backend from the app's config (`LEDGER`, `LEDGER_PATH`). */
export async function openLedger(spec: LedgerSpec, options: OpenLedgerOptions): Promise<Ledger> {
  if (spec.kind === 'memory') return createMemoryLedger();
  const path = spec.path ?? defaultLedgerPath(options.appName, options);
  return createFileLedger({
    path,
    ...(options.logger !== undefined && { logger: options.logger }),
    ...(options.fsync !== undefined && { fsync: options.fsync }),
    ...(options.fsyncIntervalMs !== undefined && { fsyncIntervalMs: options.fsyncIntervalMs }),
    ...(options.snapshotEveryRecords !== undefined && { snapshotEveryRecords: options.snapshotEveryRecords }),
    ...(options.rotateBytes !== undefined && { rotateBytes: options.rotateBytes }),
    ...(options.retainSegments !== undefined && { retainSegments: options.retainSegments }),
  });
}
