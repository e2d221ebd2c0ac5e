import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamDoneEvent } from '@org/contracts';
import { type SendMessageOutput, sendMessageInputShape, sendMessageOutputShape } from '@org/contracts';
import { describeFailure } from '../describe-failure';
import type { MessengerDeps } from '../messenger-deps';
import { formatUsage, recordExchange, toRequestBody } from '../record-exchange';
import { errorResult, structuredResult } from '../tool-results';
import { startStreamProgress } from './stream-progress';

export function registerSendMessageStreamTool(server: McpServer, deps: MessengerDeps): RegisteredTool {
  return server.registerTool(
    'send_message_stream',
    {
      title: 'Send message to AI (streaming)',
      description:
        'Like send_message_to_ai, but streams the reply so far as progress notifications. Use for long replies.',
      inputSchema: sendMessageInputShape,
      outputSchema: sendMessageOutputShape,
    },
    async (input, extra) => {
      const startedAt = performance.now();
      const progressToken = extra._meta?.progressToken;
      let text = '';
      let done: StreamDoneEvent | undefined;
      const progress =
        progressToken === undefined
          ? undefined
          : startStreamProgress({
              send: (params) =>
                extra.sendNotification({
                  method: 'notifications/progress',
                  params: { progressToken, ...params },
                }),
              intervalMs: deps.progressIntervalMs,
              keepAliveMs: deps.progressKeepAliveMs,
              logger: deps.logger,
            });
      try {
        try {
          for await (const part of deps.client.stream(toRequestBody(input), { signal: extra.signal })) {
            if (part.type === 'done') {
              done = part.event;
              continue;
            }
            text += part.content;
            // Throttled inside, so a fast model does not flood the host with one notification per token.
            await progress?.text(text);
          }
        } finally {
          // Success, error and abort all pass here: no keep-alive may follow the tool's result.
          progress?.stop();
        }
        if (done === undefined) throw new Error('the stream ended without a final usage event');
      } catch (error) {
        const failure = describeFailure(error, deps.serverUrl, deps.startHint);
        await recordExchange(
          deps,
          input,
          { conversationId: done?.conversationId, ...(text !== '' && { reply: text }), failure },
          startedAt,
          true,
        );
        const partial =
          text === '' || failure.status === 'aborted' ? '' : `\n\nPartial reply so far:\n${text}`;
        return errorResult(`${failure.message}${partial}`);
      }
      const processingTime = done.processingTime ?? (performance.now() - startedAt) / 1000;
      await recordExchange(
        deps,
        input,
        {
          conversationId: done.conversationId,
          reply: text,
          ...(done.provider !== undefined && { provider: done.provider }),
          model: done.model,
          usage: done.usage,
        },
        startedAt,
        true,
      );
      const output: SendMessageOutput = {
        aiResponse: text,
        model: done.model,
        provider: done.provider ?? 'unknown',
        usage: done.usage,
        processingTime,
        conversationId: done.conversationId,
        timestamp: new Date().toISOString(),
        ...(done.finishReason !== undefined && { finishReason: done.finishReason }),
      };
      return structuredResult(
        `${text}\n\n${formatUsage(done.usage, done.model, processingTime)} conversation_id: ${done.conversationId}`,
        output,
      );
    },
  );
}
