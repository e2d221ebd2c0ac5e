import { LedgerError } from './ledger-error';
import { completeRecord, normalizeMaxTurns, normalizeQuery, pageIndices } from './record';
import { addToStats, emptyStatsState, statsFromState } from './stats-accumulator';
import type { HistoryPage, HistoryQuery, Ledger, LedgerRecord, NewLedgerRecord } from './types';

export interface MemoryLedgerOptions {
  /** Clock for timestamps (tests pin it). */
  now?: () => Date;
}

/** A ledger that lives and dies with the process: tests, demos, `LEDGER=memory`. */
export function createMemoryLedger(options: MemoryLedgerOptions = {}): Ledger {
  const now = options.now ?? (() => new Date());
  const records: LedgerRecord[] = [];
  const byConversation = new Map<string, LedgerRecord[]>();
  const stats = emptyStatsState();
  let closed = false;

  return {
    async append(input: NewLedgerRecord): Promise<LedgerRecord> {
      if (closed) throw new LedgerError('closed', 'the ledger is closed');
      const record = completeRecord(input, now);
      // Stored as a frozen copy so later mutation by the caller cannot rewrite history.
      const stored = Object.freeze(structuredClone(record));
      records.push(stored);
      let turns = byConversation.get(stored.conversationId);
      if (turns === undefined) {
        turns = [];
        byConversation.set(stored.conversationId, turns);
      }
      turns.push(stored);
      addToStats(stats, stored);
      return structuredClone(stored);
    },

    async history(query?: HistoryQuery): Promise<HistoryPage> {
      const { limit, offset, conversationId } = normalizeQuery(query);
      const source = conversationId === undefined ? records : (byConversation.get(conversationId) ?? []);
      const page = pageIndices(source.length, limit, offset).map((i) => structuredClone(source[i]!));
      return { total: source.length, records: page };
    },

    async conversation(conversationId: string, options?: { maxTurns?: number }): Promise<LedgerRecord[]> {
      const turns = byConversation.get(conversationId) ?? [];
      const maxTurns = normalizeMaxTurns(options?.maxTurns);
      const start = Math.max(0, turns.length - maxTurns);
      return turns.slice(start).map((record) => structuredClone(record));
    },

    async stats() {
      return statsFromState(stats);
    },

    async flush() {},

    async close() {
      closed = true;
    },
  };
}
