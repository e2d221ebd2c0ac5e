import { randomUUID } from 'node:crypto';
import { LedgerError } from './ledger-error';
import type { HistoryQuery, LedgerRecord, NewLedgerRecord } from './types';

export const DEFAULT_HISTORY_LIMIT = 20;
export const MAX_HISTORY_LIMIT = 500;

/** Fills id and timestamp and rejects what would corrupt the stats (NaN cost, negative tokens). */
export function completeRecord(record: NewLedgerRecord, now: () => Date): LedgerRecord {
  if (typeof record.conversationId !== 'string' || record.conversationId === '') {
    throw new LedgerError('invalid_record', 'conversationId must be a non-empty string');
  }
  if (typeof record.model !== 'string') throw new LedgerError('invalid_record', 'model must be a string');
  if (!Number.isFinite(record.costUsd) || record.costUsd < 0) {
    throw new LedgerError('invalid_record', 'costUsd must be a finite number ≥ 0');
  }
  if (!Number.isFinite(record.processingMs) || record.processingMs < 0) {
    throw new LedgerError('invalid_record', 'processingMs must be a finite number ≥ 0');
  }
  for (const field of ['inputTokens', 'outputTokens'] as const) {
    const value = record[field];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw new LedgerError('invalid_record', `${field} must be a finite number ≥ 0`);
    }
  }
  const id = record.id ?? randomUUID();
  const timestamp = record.timestamp ?? now().toISOString();
  // id and timestamp first so each line of the file reads well with `tail`. Object.assign rather than a rest
  // destructuring plus spread: this runs for every exchange, and the rest pattern was several times slower.
  const completed = Object.assign({ id, timestamp }, record) as LedgerRecord;
  completed.id = id;
  completed.timestamp = timestamp;
  return completed;
}

export interface NormalizedQuery {
  limit: number;
  offset: number;
  conversationId: string | undefined;
}

export function normalizeQuery(query: HistoryQuery = {}): NormalizedQuery {
  const limit = Math.floor(query.limit ?? DEFAULT_HISTORY_LIMIT);
  const offset = Math.floor(query.offset ?? 0);
  return {
    limit: Number.isFinite(limit) ? Math.min(Math.max(limit, 0), MAX_HISTORY_LIMIT) : DEFAULT_HISTORY_LIMIT,
    offset: Number.isFinite(offset) ? Math.max(offset, 0) : 0,
    conversationId: query.conversationId,
  };
}

/**
 * Indices (oldest = 0) of a newest-first page over `total` items: newest first.
 * Returns [] past the end.
 */
export function pageIndices(total: number, limit: number, offset: number): number[] {
  const indices: number[] = [];
  for (let i = total - 1 - offset; i >= 0 && indices.length < limit; i--) indices.push(i);
  return indices;
}

export function normalizeMaxTurns(maxTurns: number | undefined): number {
  if (maxTurns === undefined) return Number.POSITIVE_INFINITY;
  const value = Math.floor(maxTurns);
  return Number.isFinite(value) ? Math.max(value, 0) : Number.POSITIVE_INFINITY;
}
