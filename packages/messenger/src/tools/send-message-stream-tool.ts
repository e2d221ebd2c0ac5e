import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamDoneEvent } from '@org/contracts';
import { type SendMessageOutput, sendMessageInputShape, sendMessageOutputShape } from '@org/contracts';
import { describeFailure } from '../describe-failure';
import type { MessengerDeps } from '../messenger-deps';
import { formatUsage, recordExchange, toRequestBody } from '../record-exchange';
import { errorResult, structuredResult } from '../tool-results';

export function registerSendMessageStreamTool(server: McpServer, deps: MessengerDeps): void {
  server.registerTool(
    'send_message_stream',
    {
      title: 'Send message to AI (streaming)',
      description:
        'Like send_message_to_ai, but streams: the text so far arrives as progress notifications. Use for long replies.',
      inputSchema: sendMessageInputShape,
      outputSchema: sendMessageOutputShape,
    },
    async (input, extra) => {
      const startedAt = performance.now();
      const progressToken = extra._meta?.progressToken;
      let text = '';
      let lastSentAt = Number.NEGATIVE_INFINITY;
      let lastSentLength = 0;
      let done: StreamDoneEvent | undefined;
      try {
        for await (const part of deps.client.stream(toRequestBody(input), { signal: extra.signal })) {
          if (part.type === 'done') {
            done = part.event;
            continue;
          }
          text += part.content;
          const now = performance.now();
          // Throttled so a fast model does not flood the host with one notification per token;
          // `progress` is the character count so far, which only grows, as the spec requires.
          if (
            progressToken !== undefined &&
            text.length > lastSentLength &&
            now - lastSentAt >= deps.progressIntervalMs
          ) {
            lastSentAt = now;
            lastSentLength = text.length;
            await extra
              .sendNotification({
                method: 'notifications/progress',
                params: { progressToken, progress: text.length, message: text },
              })
              .catch((error: unknown) => deps.logger.debug(`progress notification failed: ${String(error)}`));
          }
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
