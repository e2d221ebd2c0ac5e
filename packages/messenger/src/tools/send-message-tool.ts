import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type SendMessageOutput, sendMessageInputShape, sendMessageOutputShape } from '@org/contracts';
import { describeFailure } from '../describe-failure';
import type { MessengerDeps } from '../messenger-deps';
import { formatUsage, recordExchange, toRequestBody } from '../record-exchange';
import { errorResult, structuredResult } from '../tool-results';

export function registerSendMessageTool(server: McpServer, deps: MessengerDeps): RegisteredTool {
  return server.registerTool(
    'send_message_to_ai',
    {
      title: 'Send message to AI',
      description:
        'Send a message to the AI on Server B and return its full reply with token usage and cost.',
      inputSchema: sendMessageInputShape,
      outputSchema: sendMessageOutputShape,
    },
    async (input, extra) => {
      const startedAt = performance.now();
      try {
        const response = await deps.client.process(toRequestBody(input), { signal: extra.signal });
        await recordExchange(
          deps,
          input,
          {
            conversationId: response.conversationId,
            reply: response.aiResponse,
            provider: response.provider,
            model: response.model,
            usage: response.usage,
          },
          startedAt,
          false,
        );
        const output: SendMessageOutput = {
          aiResponse: response.aiResponse,
          model: response.model,
          provider: response.provider,
          usage: response.usage,
          processingTime: response.processingTime,
          conversationId: response.conversationId,
          timestamp: response.timestamp,
          ...(response.finishReason !== undefined && { finishReason: response.finishReason }),
        };
        return structuredResult(
          `${response.aiResponse}\n\n${formatUsage(response.usage, response.model, response.processingTime)} conversation_id: ${response.conversationId}`,
          output,
        );
      } catch (error) {
        const failure = describeFailure(error, deps.serverUrl, deps.startHint);
        await recordExchange(deps, input, { conversationId: undefined, failure }, startedAt, false);
        return errorResult(failure.message);
      }
    },
  );
}
