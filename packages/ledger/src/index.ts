export { defaultLedgerPath, type LedgerPathEnvironment } from './default-ledger-path';
export { createFileLedger, type FileLedgerOptions, type FsyncPolicy } from './file-ledger';
export { isLedgerError, LedgerError, type LedgerErrorCode } from './ledger-error';
export { type LedgerLogger, stderrLedgerLogger } from './ledger-logger';
export { toMessageRecord, toStatsResponse } from './ledger-views';
export { createMemoryLedger, type MemoryLedgerOptions } from './memory-ledger';
export { type LedgerSpec, type OpenLedgerOptions, openLedger } from './open-ledger';
export { DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT } from './record';
export type {
  ExchangeStatus,
  HistoryPage,
  HistoryQuery,
  Ledger,
  LedgerRecord,
  LedgerStats,
  ModelStats,
  NewLedgerRecord,
} from './types';
