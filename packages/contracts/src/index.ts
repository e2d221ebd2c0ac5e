export type { ExchangeStatus, Usage } from './common';
export {
  ConversationIdSchema,
  ExchangeStatusSchema,
  MaxTokensSchema,
  ModelIdSchema,
  TemperatureSchema,
  UsageSchema,
} from './common';
export type { ErrorBody, ErrorCode, ErrorIssue } from './errors';
export { describeIssues, ERROR_CODES, ErrorBodySchema, ErrorIssueSchema, toErrorIssues } from './errors';
export type {
  ConfigResponse,
  ConfigUpdate,
  HealthResponse,
  MessageRecord,
  MessagesQuery,
  MessagesResponse,
  ModelsResponse,
  ProcessRequest,
  ProcessResponse,
  RequestSchemaOptions,
  StatsResponse,
} from './http';
export {
  AiHealthSchema,
  ConfigResponseSchema,
  ConfigUpdateSchema,
  configUpdateShape,
  createProcessRequestSchema,
  HealthResponseSchema,
  MessageRecordSchema,
  MessagesQuerySchema,
  MessagesResponseSchema,
  ModelBreakdownSchema,
  ModelsResponseSchema,
  ProcessRequestSchema,
  ProcessResponseSchema,
  processRequestShape,
  StatsResponseSchema,
} from './http';
export { DEFAULT_SYSTEM_PROMPT, REQUEST_LIMITS } from './limits';
export type {
  ConfigureModelOutput,
  HistoryInput,
  HistoryOutput,
  ListedTool,
  ProviderInfoOutput,
  SendMessageInput,
  SendMessageOutput,
  ServerHealthOutput,
} from './mcp-tools';
export {
  advertisedAsObject,
  ConfigureModelOutputSchema,
  configOutputShape,
  configureModelInputShape,
  configureModelOutputShape,
  HistoryInputSchema,
  HistoryOutputSchema,
  healthOutputShape,
  historyInputShape,
  historyOutputShape,
  MESSENGER_SERVER_NAME,
  MESSENGER_TOOL_NAMES,
  modelsOutputShape,
  ProviderInfoOutputSchema,
  processMessageOutputShape,
  providerInfoOutputShape,
  RESPONDER_SERVER_NAME,
  RESPONDER_TOOL_NAMES,
  ReceivedMessagesInputSchema,
  receivedMessagesInputShape,
  receivedMessagesOutputShape,
  SendMessageInputSchema,
  SendMessageOutputSchema,
  ServerHealthOutputSchema,
  sendMessageInputShape,
  sendMessageOutputShape,
  serverHealthOutputShape,
  statsOutputShape,
  toolJsonSchema,
  toolListEntry,
} from './mcp-tools';
export type { StreamDeltaEvent, StreamDoneEvent, StreamErrorEvent, StreamEvent } from './sse';
export {
  parseStreamEventData,
  STREAM_DONE_SENTINEL,
  StreamDeltaEventSchema,
  StreamDoneEventSchema,
  StreamErrorEventSchema,
  StreamEventSchema,
} from './sse';
export { hasUnpairedSurrogate, userText } from './text';
