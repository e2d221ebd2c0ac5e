import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpServer as McpServerClass } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type CallToolResult, ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import {
  configureModelInputShape,
  configureModelOutputShape,
  healthOutputShape,
  type ProcessResponse,
  processMessageOutputShape,
  processRequestShape,
  providerInfoOutputShape,
  RESPONDER_SERVER_NAME,
  receivedMessagesInputShape,
  receivedMessagesOutputShape,
  statsOutputShape,
  toolListResult,
} from '@org/contracts';
import { toResponderError } from './responder-error';
import type { ResponderService } from './responder-service';

function ok(text: string, structured: object): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: { ...structured } };
}

function failure(error: unknown): CallToolResult {
  const mapped = toResponderError(error);
  const field = mapped.details?.field === undefined ? '' : ` (field: ${mapped.details.field})`;
  return { isError: true, content: [{ type: 'text', text: `${mapped.code}: ${mapped.message}${field}` }] };
}

async function run(action: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await action();
  } catch (error) {
    return failure(error);
  }
}

function describeReply(reply: ProcessResponse): string {
  return `${reply.aiResponse}\n\n— ${reply.provider}/${reply.model}, ${reply.usage.totalTokens} tokens, $${reply.usage.estimatedCost.toFixed(6)}, ${reply.processingTime} s, conversation ${reply.conversationId}`;
}

/**
 * Registers the seven responder tools (names pinned in contracts' RESPONDER_TOOL_NAMES) on an MCP server;
 * returns them by name.
 */
export function registerResponderTools(
  server: McpServer,
  service: ResponderService,
): Record<string, RegisteredTool> {
  const inputShape = processRequestShape({ maxMessageChars: service.maxMessageChars });
  const tools: Record<string, RegisteredTool> = {};

  tools.get_received_messages = server.registerTool(
    'get_received_messages',
    {
      description: 'List messages this server received, newest first, with replies, tokens and cost.',
      inputSchema: receivedMessagesInputShape,
      outputSchema: receivedMessagesOutputShape,
    },
    ({ limit, offset, conversation_id }) =>
      run(async () => {
        const page = await service.messages({
          ...(limit !== undefined && { limit }),
          ...(offset !== undefined && { offset }),
          ...(conversation_id !== undefined && { conversation_id }),
        });
        const lines = page.messages.map(
          (m) =>
            `[${m.timestamp}] ${m.status} ${m.model}: ${m.message.slice(0, 80)}${m.message.length > 80 ? '…' : ''}`,
        );
        return ok(`${page.messages.length} of ${page.total} messages\n${lines.join('\n')}`, page);
      }),
  );

  tools.get_openai_stats = server.registerTool(
    'get_openai_stats',
    {
      description:
        'Usage of the AI provider (whichever is configured): requests, tokens, cost, per-model breakdown.',
      inputSchema: {},
      outputSchema: statsOutputShape,
    },
    () =>
      run(async () => {
        const stats = await service.stats();
        return ok(
          `${stats.totalRequests} requests, ${stats.totalTokens} tokens, $${stats.estimatedTotalCost.toFixed(6)}, average ${stats.averageResponseTime} s`,
          stats,
        );
      }),
  );

  tools.configure_ai_model = server.registerTool(
    'configure_ai_model',
    {
      description: 'Change the default model, temperature or max_tokens at runtime (give at least one).',
      inputSchema: configureModelInputShape,
      outputSchema: configureModelOutputShape,
    },
    (args) =>
      run(async () => {
        const { changed, config } = service.updateConfig(args);
        const summary = `model ${config.defaultModel}, temperature ${config.temperature}, max_tokens ${config.maxTokens}`;
        return ok(
          changed.length === 0 ? `Nothing changed: ${summary}` : `Updated ${changed.join(', ')}: ${summary}`,
          { status: 'updated', changed, config },
        );
      }),
  );

  tools.process_message = server.registerTool(
    'process_message',
    {
      description: 'Ask the AI provider; pass conversation_id to continue a conversation.',
      inputSchema: inputShape,
      outputSchema: processMessageOutputShape,
    },
    (args, extra) =>
      run(async () => {
        const reply = await service.process(args, { signal: extra.signal, peer: 'mcp' });
        return ok(describeReply(reply), reply);
      }),
  );

  tools.process_message_stream = server.registerTool(
    'process_message_stream',
    {
      description:
        'Like process_message, streamed: progress notifications carry the text so far; returns the whole reply.',
      inputSchema: inputShape,
      outputSchema: processMessageOutputShape,
    },
    (args, extra) =>
      run(async () => {
        const progressToken = extra._meta?.progressToken;
        let text = '';
        let deltas = 0;
        for await (const part of service.stream(args, { signal: extra.signal, peer: 'mcp' })) {
          if (part.type === 'delta') {
            text += part.content;
            deltas += 1;
            if (progressToken !== undefined) {
              await extra.sendNotification({
                method: 'notifications/progress',
                params: { progressToken, progress: deltas, message: text },
              });
            }
          } else {
            const { done: _done, ...event } = part.event;
            const reply: ProcessResponse = {
              status: 'success',
              aiResponse: text,
              ...event,
              provider: event.provider ?? service.providerName,
              processingTime: event.processingTime ?? 0,
              timestamp: new Date().toISOString(),
            };
            return ok(describeReply(reply), reply);
          }
        }
        throw new Error('stream ended without a result');
      }),
  );

  tools.get_provider_info = server.registerTool(
    'get_provider_info',
    {
      description: 'The configured AI provider, its models and the current defaults (no secrets).',
      inputSchema: {},
      outputSchema: providerInfoOutputShape,
    },
    () =>
      run(async () => {
        const info = await service.providerInfo();
        return ok(
          `${info.provider} (${info.configured ? 'configured' : 'not configured'}), default ${info.defaultModel}; models: ${info.models.join(', ')}`,
          info,
        );
      }),
  );

  tools.health_check = server.registerTool(
    'health_check',
    {
      description: 'Health of this server and its AI provider.',
      inputSchema: {},
      outputSchema: healthOutputShape,
    },
    () =>
      run(async () => {
        const health = await service.health();
        return ok(
          `${health.status}: ${health.provider} ${health.ai.status}${health.ai.error ? ` (${health.ai.error})` : ''}, ${health.messagesProcessed} messages processed`,
          health,
        );
      }),
  );
  return tools;
}

/** An MCP server named `ai-responder-server` with the responder tools registered; connect it to a transport. */
export function createResponderMcpServer(
  service: ResponderService,
  options: { version?: string } = {},
): McpServer {
  const server = new McpServerClass({ name: RESPONDER_SERVER_NAME, version: options.version ?? '0.1.0' });
  const tools = registerResponderTools(server, service);
  // The SDK's tools/list would advertise the full zod schemas as draft-07; this one advertises the compact
  // rendering of contracts' toolJsonSchema, while calls are still checked against the full schemas.
  server.server.setRequestHandler(ListToolsRequestSchema, () => toolListResult(tools) as { tools: Tool[] });
  return server;
}
