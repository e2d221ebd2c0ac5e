import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { statsOutputShape } from '@org/contracts';
import { toStatsResponse } from '@org/ledger';
import type { MessengerDeps } from '../messenger-deps';
import { errorResult, structuredResult } from '../tool-results';

export function registerUsageStatsTool(server: McpServer, deps: MessengerDeps): RegisteredTool {
  return server.registerTool(
    'get_ai_usage_stats',
    {
      title: 'AI usage stats',
      description:
        "Requests, tokens, estimated cost (USD) and response times of this server's messages, per model.",
      inputSchema: {},
      outputSchema: statsOutputShape,
    },
    async () => {
      try {
        const stats = toStatsResponse(await deps.ledger.stats());
        const models = Object.entries(stats.modelBreakdown).map(
          ([model, m]) => `- ${model}: ${m.requests} requests, ${m.tokens} tokens, $${m.cost.toFixed(6)}`,
        );
        const text = [
          `${stats.totalRequests} requests (${stats.errors ?? 0} failed, ${stats.streamedRequests ?? 0} streamed), ${stats.totalTokens} tokens, estimated $${stats.estimatedTotalCost.toFixed(6)}; average ${stats.averageResponseTime.toFixed(2)} s, p95 ${(stats.p95ResponseTime ?? 0).toFixed(2)} s.`,
          ...models,
        ].join('\n');
        return structuredResult(text, stats);
      } catch (error) {
        return errorResult(
          `Could not read the usage stats: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  );
}
