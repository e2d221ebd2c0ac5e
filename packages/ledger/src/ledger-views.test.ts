import { MessageRecordSchema, StatsResponseSchema } from '@org/contracts';
import { describe, expect, it } from 'vitest';
import { toMessageRecord, toStatsResponse } from './ledger-views';
import { createMemoryLedger } from './memory-ledger';
import { exchange } from './test-records';

describe('toMessageRecord', () => {
  it('gives a ledger record the wire shape of /messages and get_conversation_history', async () => {
    const ledger = createMemoryLedger();
    await ledger.append(exchange({ processingMs: 1234.5678, peer: '127.0.0.1' }));
    const [record] = (await ledger.history({})).records;
    const wire = MessageRecordSchema.parse(toMessageRecord(record!));
    expect(wire).toMatchObject({
      conversationId: 'conv-1',
      aiResponse: '[MOCK RESPONSE #1] You said: Hello',
      usage: { promptTokens: 10, completionTokens: 20, totalTokens: 30, estimatedCost: 0.001, priced: true },
      processingTime: 1.235,
      peer: '127.0.0.1',
    });
  });
});

describe('toStatsResponse', () => {
  it('reports the original field names in seconds and USD rounded to 1e-8', async () => {
    const ledger = createMemoryLedger();
    await ledger.append(exchange({ costUsd: 0.1 + 0.2, processingMs: 200 }));
    const stats = StatsResponseSchema.parse(toStatsResponse(await ledger.stats()));
    expect(stats).toMatchObject({
      totalRequests: 1,
      totalTokens: 30,
      estimatedTotalCost: 0.3,
      averageResponseTime: 0.2,
      modelBreakdown: { 'mock-model': { requests: 1, tokens: 30, cost: 0.3, errors: 0 } },
      promptTokens: 10,
      completionTokens: 20,
    });
  });
});
