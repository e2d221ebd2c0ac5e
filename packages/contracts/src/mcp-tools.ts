import { z } from 'zod';
import { ConversationIdSchema } from './common';
import {
  ConfigResponseSchema,
  configUpdateShape,
  HealthResponseSchema,
  MessageRecordSchema,
  MessagesResponseSchema,
  ModelsResponseSchema,
  ProcessResponseSchema,
  processRequestShape,
  StatsResponseSchema,
} from './http';
import { REQUEST_LIMITS } from './limits';

// MCP's registerTool takes raw zod shapes (objects of fields), so each tool exposes its input and
// output as a shape; `z.object(shape)` gives the full schema where one is needed.

/** send_message_to_ai, send_message_stream, process_message, process_message_stream. */
export const sendMessageInputShape = processRequestShape();
export const SendMessageInputSchema = z.strictObject(sendMessageInputShape);
export type SendMessageInput = z.infer<typeof SendMessageInputSchema>;

/** Result of a message tool: the `/process` response without the envelope `status`. */
export const sendMessageOutputShape = {
  aiResponse: ProcessResponseSchema.shape.aiResponse,
  model: ProcessResponseSchema.shape.model,
  provider: ProcessResponseSchema.shape.provider,
  usage: ProcessResponseSchema.shape.usage,
  processingTime: ProcessResponseSchema.shape.processingTime,
  conversationId: ProcessResponseSchema.shape.conversationId,
  timestamp: z.string().optional(),
  finishReason: z.string().optional(),
};
export const SendMessageOutputSchema = z.object(sendMessageOutputShape);
export type SendMessageOutput = z.infer<typeof SendMessageOutputSchema>;

export const historyInputShape = {
  limit: z
    .number()
    .int()
    .min(1)
    .max(REQUEST_LIMITS.historyPageMax)
    .optional()
    .describe(`Newest entries to return (default 20, max ${REQUEST_LIMITS.historyPageMax})`),
  conversation_id: ConversationIdSchema.optional().describe('Only this conversation'),
};
export const HistoryInputSchema = z.strictObject(historyInputShape);
export type HistoryInput = z.infer<typeof HistoryInputSchema>;

/** get_conversation_history (messenger). */
export const historyOutputShape = {
  totalMessages: z.number().int().nonnegative(),
  totalAIResponses: z.number().int().nonnegative(),
  messages: z.array(MessageRecordSchema),
};
export const HistoryOutputSchema = z.object(historyOutputShape);
export type HistoryOutput = z.infer<typeof HistoryOutputSchema>;

/** get_received_messages (responder): like `GET /messages`. */
export const receivedMessagesInputShape = {
  ...historyInputShape,
  offset: z.number().int().min(0).optional().describe('Entries to skip from the newest'),
};
export const ReceivedMessagesInputSchema = z.strictObject(receivedMessagesInputShape);
export const receivedMessagesOutputShape = MessagesResponseSchema.shape;

/** get_ai_usage_stats (messenger), get_openai_stats (responder). */
export const statsOutputShape = StatsResponseSchema.shape;

/** check_server_b_health (messenger). */
export const serverHealthOutputShape = {
  serverUrl: z.string(),
  reachable: z.boolean(),
  /** Round trip in milliseconds. */
  latencyMs: z.number().nonnegative().optional(),
  health: HealthResponseSchema.optional(),
  error: z.string().optional(),
};
export const ServerHealthOutputSchema = z.object(serverHealthOutputShape);
export type ServerHealthOutput = z.infer<typeof ServerHealthOutputSchema>;

/** list_available_models (messenger). */
export const modelsOutputShape = ModelsResponseSchema.shape;
/** get_server_b_config (messenger). */
export const configOutputShape = ConfigResponseSchema.shape;
/** health_check (responder). */
export const healthOutputShape = HealthResponseSchema.shape;

/** configure_ai_model (responder). */
export const configureModelInputShape = configUpdateShape;
export const configureModelOutputShape = {
  status: z.literal('updated'),
  changed: z.array(z.string()),
  config: ConfigResponseSchema,
};
export const ConfigureModelOutputSchema = z.object(configureModelOutputShape);
export type ConfigureModelOutput = z.infer<typeof ConfigureModelOutputSchema>;

/** get_provider_info (responder). */
export const providerInfoOutputShape = {
  provider: z.string(),
  defaultModel: z.string(),
  models: z.array(z.string()),
  configured: z.boolean(),
  temperature: z.number(),
  maxTokens: z.number().int(),
};
export const ProviderInfoOutputSchema = z.object(providerInfoOutputShape);
export type ProviderInfoOutput = z.infer<typeof ProviderInfoOutputSchema>;

/** process_message (responder): the `/process` response. */
export const processMessageOutputShape = ProcessResponseSchema.shape;

/** Tool names, pinned: MCP hosts and prompts refer to them. */
export const MESSENGER_TOOL_NAMES = [
  'send_message_to_ai',
  'send_message_stream',
  'get_conversation_history',
  'get_ai_usage_stats',
  'check_server_b_health',
  'list_available_models',
  'get_server_b_config',
] as const;
export const RESPONDER_TOOL_NAMES = [
  'get_received_messages',
  'get_openai_stats',
  'configure_ai_model',
  'process_message',
  'process_message_stream',
  'get_provider_info',
  'health_check',
] as const;
export const MESSENGER_SERVER_NAME = 'messenger-server';
export const RESPONDER_SERVER_NAME = 'ai-responder-server';
