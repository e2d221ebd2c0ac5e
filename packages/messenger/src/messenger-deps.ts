import type { Ledger } from '@org/ledger';
import type { ResponderClient } from '@org/responder-client';
import type { MessengerLogger } from './messenger-logger';

export type MessengerResponderClient = ResponderClient;

/** What every tool needs. */
export interface MessengerDeps {
  client: MessengerResponderClient;
  ledger: Ledger;
  /** Server B's base URL: shown in messages and recorded as the ledger peer. */
  serverUrl: string;
  logger: MessengerLogger;
  /** How to start Server B, shown when it is not reachable. */
  startHint: string;
  /** Minimum gap between two progress notifications of `send_message_stream` (the first goes at once). */
  progressIntervalMs: number;
  /** Longest silence of `send_message_stream` before a keep-alive progress notification goes out. */
  progressKeepAliveMs: number;
}
