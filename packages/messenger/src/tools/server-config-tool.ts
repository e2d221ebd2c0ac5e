import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { configOutputShape } from '@org/contracts';
import { describeFailure } from '../describe-failure';
import type { MessengerDeps } from '../messenger-deps';
import { errorResult, structuredResult } from '../tool-results';

export function registerServerConfigTool(server: McpServer, deps: MessengerDeps): RegisteredTool {
  return server.registerTool(
    'get_server_b_config',
    {
      title: 'Server B configuration',
      description: "Server B's provider, default model, temperature and max tokens.",
      inputSchema: {},
      outputSchema: configOutputShape,
    },
    async (_input, extra) => {
      try {
        const config = await deps.client.config({ signal: extra.signal });
        return structuredResult(
          `Provider ${config.provider}, default model ${config.defaultModel}, temperature ${config.temperature}, max tokens ${config.maxTokens}.`,
          config,
        );
      } catch (error) {
        return errorResult(describeFailure(error, deps.serverUrl, deps.startHint).message);
      }
    },
  );
}
