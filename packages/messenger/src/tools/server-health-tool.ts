import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type ServerHealthOutput, serverHealthOutputShape } from '@org/contracts';
import { describeFailure } from '../describe-failure';
import type { MessengerDeps } from '../messenger-deps';
import { structuredResult } from '../tool-results';

export function registerServerHealthTool(server: McpServer, deps: MessengerDeps): RegisteredTool {
  return server.registerTool(
    'check_server_b_health',
    {
      title: 'Check Server B health',
      description: "Whether Server B answers, its round-trip time, and its AI provider's status.",
      inputSchema: {},
      outputSchema: serverHealthOutputShape,
    },
    // An unreachable Server B is the answer to the question, not a tool failure.
    async (_input, extra) => {
      const startedAt = performance.now();
      try {
        const health = await deps.client.health({ signal: extra.signal });
        const output: ServerHealthOutput = {
          serverUrl: deps.serverUrl,
          reachable: true,
          latencyMs: Math.round(performance.now() - startedAt),
          health,
        };
        const ai = health.ai.error ? `${health.ai.status} (${health.ai.error})` : health.ai.status;
        return structuredResult(
          `Server B at ${deps.serverUrl} is ${health.status} (${output.latencyMs} ms): provider ${health.provider}, AI ${ai}, ${health.messagesProcessed} messages processed.`,
          output,
        );
      } catch (error) {
        const failure = describeFailure(error, deps.serverUrl, deps.startHint);
        const output: ServerHealthOutput = {
          serverUrl: deps.serverUrl,
          reachable: false,
          error: failure.message,
        };
        return structuredResult(failure.message, output);
      }
    },
  );
}
