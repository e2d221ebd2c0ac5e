export { ConfigError, isConfigError } from './config-error';
export {
  createMessengerServer,
  type MessengerServer,
  type MessengerServerOptions,
} from './create-messenger-server';
export { type DescribedFailure, describeFailure } from './describe-failure';
export type { MessengerDeps, MessengerResponderClient } from './messenger-deps';
export { createStderrLogger, type MessengerLogger, silentLogger } from './messenger-logger';
export {
  DEFAULT_MCP_PORT_A,
  DEFAULT_PROGRESS_INTERVAL_MS,
  DEFAULT_PROGRESS_KEEPALIVE_MS,
  DEFAULT_SERVER_B_URL,
  DEFAULT_TIMEOUT_SECONDS,
  type LogFormat,
  type LogLevel,
  type MessengerCommand,
  type MessengerConfig,
  type MessengerTransport,
  parseMessengerCommand,
  parseMessengerConfig,
} from './parse-messenger-config';
export { registerConversationHistoryTool } from './tools/conversation-history-tool';
export { registerListModelsTool } from './tools/list-models-tool';
export { registerSendMessageStreamTool } from './tools/send-message-stream-tool';
export { registerSendMessageTool } from './tools/send-message-tool';
export { registerServerConfigTool } from './tools/server-config-tool';
export { registerServerHealthTool } from './tools/server-health-tool';
export { registerUsageStatsTool } from './tools/usage-stats-tool';
