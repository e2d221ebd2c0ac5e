import type { NewLedgerRecord } from './types';

/** A plausible exchange for tests and the bench; override what the test is about. */
export function exchange(overrides: Partial<NewLedgerRecord> = {}): NewLedgerRecord {
  return {
    direction: 'inbound',
    conversationId: 'conv-1',
    message: 'Hello',
    reply: '[MOCK RESPONSE #1] You said: Hello',
    provider: 'mock',
    model: 'mock-model',
    inputTokens: 10,
    outputTokens: 20,
    costUsd: 0.001,
    priced: true,
    processingMs: 100,
    streamed: false,
    status: 'success',
    ...overrides,
  };
}
