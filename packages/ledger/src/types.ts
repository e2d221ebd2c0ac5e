// PUBLIC TYPES of @org/ledger (pinned by the lead; keep names and shapes, extend if needed).
export type ExchangeStatus = 'success' | 'error' | 'timeout' | 'aborted' | 'incomplete';

export interface LedgerRecord {
  id: string;
  /** ISO 8601. */
  timestamp: string;
  /** inbound: received by this server (responder); outbound: sent by this server (messenger). */
  direction: 'inbound' | 'outbound';
  /** Who the other side was (e.g. Server B URL, or client address). */
  peer?: string;
  conversationId: string;
  message: string;
  context?: string;
  /** The reply text (partial text for incomplete/aborted streams). */
  reply?: string;
  provider: string;
  model: string;
  inputTokens?: number;
  outputTokens?: number;
  costUsd: number;
  /** false when the model was not in the price table (cost unknown). */
  priced: boolean;
  processingMs: number;
  streamed: boolean;
  status: ExchangeStatus;
  error?: { code: string; message: string };
}

export type NewLedgerRecord = Omit<LedgerRecord, 'id' | 'timestamp'> & { id?: string; timestamp?: string };

export interface HistoryQuery {
  /** Page size (default 20, max 500). */
  limit?: number;
  /** Records to skip from the newest. */
  offset?: number;
  conversationId?: string;
}

export interface HistoryPage {
  total: number;
  records: LedgerRecord[]; // newest first
}

export interface ModelStats {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
}

export interface LedgerStats {
  totalRequests: number;
  successfulRequests: number;
  errors: number;
  streamedRequests: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
  unpricedRequests: number;
  averageProcessingMs: number;
  p95ProcessingMs: number;
  byModel: Record<string, ModelStats>;
}

export interface Ledger {
  append(record: NewLedgerRecord): Promise<LedgerRecord>;
  history(query?: HistoryQuery): Promise<HistoryPage>;
  /** The turns of one conversation, oldest first, at most `maxTurns` of the newest. */
  conversation(conversationId: string, options?: { maxTurns?: number }): Promise<LedgerRecord[]>;
  stats(): Promise<LedgerStats>;
  /** Make everything appended so far durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
