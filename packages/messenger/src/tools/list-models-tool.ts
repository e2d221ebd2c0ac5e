import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { modelsOutputShape } from '@org/contracts';
import { describeFailure } from '../describe-failure';
import type { MessengerDeps } from '../messenger-deps';
import { errorResult, structuredResult } from '../tool-results';

export function registerListModelsTool(server: McpServer, deps: MessengerDeps): RegisteredTool {
  return server.registerTool(
    'list_available_models',
    {
      title: 'List available models',
      description: "Models Server B's AI provider accepts, and its default.",
      inputSchema: {},
      outputSchema: modelsOutputShape,
    },
    async (_input, extra) => {
      try {
        const models = await deps.client.models({ signal: extra.signal });
        return structuredResult(
          `Provider ${models.provider}, default ${models.default}:\n${models.models.map((m) => `- ${m}`).join('\n')}`,
          models,
        );
      } catch (error) {
        return errorResult(describeFailure(error, deps.serverUrl, deps.startHint).message);
      }
    },
  );
}
