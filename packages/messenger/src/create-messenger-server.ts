import { McpServer, type RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { MESSENGER_SERVER_NAME, toolListResult } from '@org/contracts';
import type { Ledger } from '@org/ledger';
import type { MessengerDeps, MessengerResponderClient } from './messenger-deps';
import { type MessengerLogger, silentLogger } from './messenger-logger';
import { DEFAULT_PROGRESS_INTERVAL_MS, DEFAULT_PROGRESS_KEEPALIVE_MS } from './parse-messenger-config';
import { registerConversationHistoryTool } from './tools/conversation-history-tool';
import { registerListModelsTool } from './tools/list-models-tool';
import { registerSendMessageStreamTool } from './tools/send-message-stream-tool';
import { registerSendMessageTool } from './tools/send-message-tool';
import { registerServerConfigTool } from './tools/server-config-tool';
import { registerServerHealthTool } from './tools/server-health-tool';
import { registerUsageStatsTool } from './tools/usage-stats-tool';

export interface MessengerServerOptions {
  client: MessengerResponderClient;
  ledger: Ledger;
  /** Server B's base URL, for messages and the ledger. */
  serverUrl: string;
  version?: string;
  logger?: MessengerLogger;
  /** How a person starts Server B (default `npx responder-http`). */
  startHint?: string;
  progressIntervalMs?: number;
  /** Longest silence of a stream before a keep-alive progress notification (default 10 s). */
  progressKeepAliveMs?: number;
}

export interface MessengerServer {
  server: McpServer;
  /** Closes the MCP server. The client and ledger belong to the caller, who closes them. */
  cleanup(): Promise<void>;
}

/** The `messenger-server` MCP server with its seven tools, not yet connected to a transport. */
export function createMessengerServer(options: MessengerServerOptions): MessengerServer {
  const deps: MessengerDeps = {
    client: options.client,
    ledger: options.ledger,
    serverUrl: options.serverUrl,
    logger: options.logger ?? silentLogger,
    startHint: options.startHint ?? 'npx responder-http',
    progressIntervalMs: options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
    progressKeepAliveMs: options.progressKeepAliveMs ?? DEFAULT_PROGRESS_KEEPALIVE_MS,
  };
  const server = new McpServer(
    { name: MESSENGER_SERVER_NAME, version: options.version ?? '0.0.0' },
    {
      instructions:
        'Sends messages to an AI behind Server B (the responder) and keeps history, token usage and cost. Pass conversation_id from a reply to continue a conversation.',
      jsonSchemaValidator: lazyAjvValidator(),
    },
  );
  const tools: Record<string, RegisteredTool> = {
    send_message_to_ai: registerSendMessageTool(server, deps),
    send_message_stream: registerSendMessageStreamTool(server, deps),
    get_conversation_history: registerConversationHistoryTool(server, deps),
    get_ai_usage_stats: registerUsageStatsTool(server, deps),
    check_server_b_health: registerServerHealthTool(server, deps),
    list_available_models: registerListModelsTool(server, deps),
    get_server_b_config: registerServerConfigTool(server, deps),
  };
  // The SDK's tools/list would advertise the full zod schemas as draft-07 (about 10 KB); this one advertises
  // the compact rendering of contracts' toolJsonSchema (under 6 KB), while calls are still checked in full.
  server.server.setRequestHandler(ListToolsRequestSchema, () => toolListResult(tools) as { tools: Tool[] });
  return {
    server,
    async cleanup() {
      await server.close();
    },
  };
}

/**
 * The SDK's default validator (Ajv with formats), built on first use. The server only needs it to check an
 * elicitation answer, which this server never asks for, and building Ajv costs milliseconds of start-up before
 * the handshake — and again for every Streamable HTTP session, which gets a server of its own.
 */
function lazyAjvValidator(): jsonSchemaValidator {
  let ajv: AjvJsonSchemaValidator | undefined;
  return {
    getValidator(schema) {
      ajv ??= new AjvJsonSchemaValidator();
      return ajv.getValidator(schema);
    },
  };
}
