import type { MessageRecord, StatsResponse } from '@org/contracts';
import type { LedgerRecord, LedgerStats } from './types';

// Shared by the responder (`/messages`, `/stats`) and the messenger (`get_conversation_history`,
// `get_ai_usage_stats`): times in seconds to the millisecond, costs in USD to 1e-8.
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const seconds = (ms: number) => round(ms / 1000, 3);
const usd = (value: number) => round(value, 8);

/** A ledger record in the wire shape of `/messages` and `get_conversation_history`. */
export function toMessageRecord(record: LedgerRecord): MessageRecord {
  const promptTokens = record.inputTokens ?? 0;
  const completionTokens = record.outputTokens ?? 0;
  return {
    id: record.id,
    timestamp: record.timestamp,
    conversationId: record.conversationId,
    message: record.message,
    ...(record.context !== undefined && { context: record.context }),
    ...(record.reply !== undefined && { aiResponse: record.reply }),
    provider: record.provider,
    model: record.model,
    usage: {
      promptTokens,
      completionTokens,
      totalTokens: promptTokens + completionTokens,
      estimatedCost: record.costUsd,
      priced: record.priced,
    },
    processingTime: seconds(record.processingMs),
    streamed: record.streamed,
    status: record.status,
    ...(record.error !== undefined && { error: record.error }),
    ...(record.peer !== undefined && { peer: record.peer }),
  };
}

/** Ledger stats in the original system's field names (seconds, USD). */
export function toStatsResponse(stats: LedgerStats): StatsResponse {
  const modelBreakdown: StatsResponse['modelBreakdown'] = {};
  for (const [model, entry] of Object.entries(stats.byModel)) {
    modelBreakdown[model] = {
      requests: entry.requests,
      tokens: entry.totalTokens,
      cost: usd(entry.costUsd),
      errors: entry.errors,
    };
  }
  return {
    totalRequests: stats.totalRequests,
    totalTokens: stats.totalTokens,
    estimatedTotalCost: usd(stats.costUsd),
    averageResponseTime: seconds(stats.averageProcessingMs),
    modelBreakdown,
    successfulRequests: stats.successfulRequests,
    errors: stats.errors,
    streamedRequests: stats.streamedRequests,
    promptTokens: stats.inputTokens,
    completionTokens: stats.outputTokens,
    unpricedRequests: stats.unpricedRequests,
    p95ResponseTime: seconds(stats.p95ProcessingMs),
  };
}
