import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type HistoryOutput, historyInputShape, historyOutputShape } from '@org/contracts';
import { toMessageRecord } from '@org/ledger';
import type { MessengerDeps } from '../messenger-deps';
import { errorResult, structuredResult } from '../tool-results';

const DEFAULT_LIMIT = 20;

export function registerConversationHistoryTool(server: McpServer, deps: MessengerDeps): RegisteredTool {
  return server.registerTool(
    'get_conversation_history',
    {
      title: 'Conversation history',
      description: 'Messages this server sent to Server B and the replies, newest first.',
      inputSchema: historyInputShape,
      outputSchema: historyOutputShape,
    },
    async ({ limit, conversation_id }) => {
      try {
        const page = await deps.ledger.history({
          limit: limit ?? DEFAULT_LIMIT,
          ...(conversation_id !== undefined && { conversationId: conversation_id }),
        });
        const totalAIResponses =
          conversation_id === undefined
            ? (await deps.ledger.stats()).successfulRequests
            : (await deps.ledger.conversation(conversation_id)).filter((turn) => turn.status === 'success')
                .length;
        const output: HistoryOutput = {
          totalMessages: page.total,
          totalAIResponses,
          messages: page.records.map(toMessageRecord),
        };
        const lines = output.messages.map(
          (m) =>
            `- ${m.timestamp} [${m.conversationId}] ${m.status}${m.streamed ? ' (streamed)' : ''}: ${clip(m.message)} → ${m.aiResponse === undefined ? (m.error?.message ?? '(no reply)') : clip(m.aiResponse)}`,
        );
        const header = `${output.totalMessages} messages, ${output.totalAIResponses} AI responses${conversation_id ? ` in conversation ${conversation_id}` : ''}; newest ${output.messages.length}:`;
        return structuredResult([header, ...lines].join('\n'), output);
      } catch (error) {
        return errorResult(
          `Could not read the conversation history: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  );
}

function clip(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
