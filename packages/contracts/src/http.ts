import { z } from 'zod';
import {
  ConversationIdSchema,
  ExchangeStatusSchema,
  MaxTokensSchema,
  ModelIdSchema,
  TemperatureSchema,
  UsageSchema,
} from './common';
import { REQUEST_LIMITS } from './limits';
import { userText } from './text';

export interface RequestSchemaOptions {
  /** Upper bound of `message` in characters (default 10000). */
  maxMessageChars?: number;
}

/** Fields of a `/process` or `/stream` request (snake_case, as in the original system). */
export function processRequestShape(options: RequestSchemaOptions = {}) {
  const maxMessageChars = options.maxMessageChars ?? REQUEST_LIMITS.messageMaxChars;
  return {
    message: userText(REQUEST_LIMITS.messageMinChars, maxMessageChars).describe('The message for the AI'),
    context: userText(0, REQUEST_LIMITS.contextMaxChars)
      .optional()
      .describe('System prompt (default: "You are a helpful AI assistant.")'),
    model: ModelIdSchema.optional().describe('Model id or alias; the server default when omitted'),
    temperature: TemperatureSchema.optional().describe('Sampling temperature 0..2'),
    max_tokens: MaxTokensSchema.optional().describe('Maximum tokens in the reply'),
    conversation_id: ConversationIdSchema.optional().describe('Continue this conversation'),
  };
}

/** Body of `POST /process` and `POST /stream`. Unknown fields are rejected (strict). */
export function createProcessRequestSchema(options: RequestSchemaOptions = {}) {
  return z.strictObject(processRequestShape(options));
}
export const ProcessRequestSchema = createProcessRequestSchema();
export type ProcessRequest = z.infer<typeof ProcessRequestSchema>;

export const ProcessResponseSchema = z.object({
  status: z.literal('success'),
  aiResponse: z.string(),
  model: z.string(),
  provider: z.string(),
  usage: UsageSchema,
  timestamp: z.string(),
  /** Seconds. */
  processingTime: z.number().nonnegative(),
  conversationId: z.string(),
  finishReason: z.string().optional(),
});
export type ProcessResponse = z.infer<typeof ProcessResponseSchema>;

export const AiHealthSchema = z.object({
  configured: z.boolean(),
  status: z.enum(['healthy', 'unhealthy', 'not_configured']),
  error: z.string().optional(),
});

export const HealthResponseSchema = z.object({
  status: z.enum(['healthy', 'degraded']),
  server: z.string(),
  provider: z.string(),
  messagesProcessed: z.number().int().nonnegative(),
  ai: AiHealthSchema,
  /** ISO 8601; absent in the original system. */
  timestamp: z.string().optional(),
  version: z.string().optional(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const ModelsResponseSchema = z.object({
  provider: z.string(),
  models: z.array(z.string()),
  default: z.string(),
});
export type ModelsResponse = z.infer<typeof ModelsResponseSchema>;

export const ConfigResponseSchema = z.object({
  provider: z.string(),
  defaultModel: z.string(),
  temperature: z.number(),
  maxTokens: z.number().int(),
});
export type ConfigResponse = z.infer<typeof ConfigResponseSchema>;

export const configUpdateShape = {
  model: ModelIdSchema.optional().describe('New default model (must be one the provider accepts)'),
  temperature: TemperatureSchema.optional().describe('New default temperature 0..2'),
  max_tokens: MaxTokensSchema.optional().describe('New default max tokens'),
};

/** Body of `PATCH`/`PUT /config`: at least one field. */
export const ConfigUpdateSchema = z
  .strictObject(configUpdateShape)
  .refine(
    (body) => body.model !== undefined || body.temperature !== undefined || body.max_tokens !== undefined,
    {
      error: 'give at least one of model, temperature, max_tokens',
    },
  );
export type ConfigUpdate = z.infer<typeof ConfigUpdateSchema>;

/** One exchange as `/messages` and the history tools report it. */
export const MessageRecordSchema = z.object({
  id: z.string(),
  timestamp: z.string(),
  conversationId: z.string(),
  message: z.string(),
  context: z.string().optional(),
  aiResponse: z.string().optional(),
  provider: z.string(),
  model: z.string(),
  usage: UsageSchema,
  /** Seconds. */
  processingTime: z.number().nonnegative(),
  streamed: z.boolean(),
  status: ExchangeStatusSchema,
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  peer: z.string().optional(),
});
export type MessageRecord = z.infer<typeof MessageRecordSchema>;

const queryInt = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be an integer` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` });

/** Query string of `GET /messages`. */
export const MessagesQuerySchema = z.strictObject({
  limit: queryInt('limit', 1, REQUEST_LIMITS.historyPageMax).default(20),
  offset: queryInt('offset', 0, Number.MAX_SAFE_INTEGER).default(0),
  conversation_id: ConversationIdSchema.optional(),
});
export type MessagesQuery = z.infer<typeof MessagesQuerySchema>;

export const MessagesResponseSchema = z.object({
  total: z.number().int().nonnegative(),
  limit: z.number().int(),
  offset: z.number().int(),
  messages: z.array(MessageRecordSchema),
});
export type MessagesResponse = z.infer<typeof MessagesResponseSchema>;

export const ModelBreakdownSchema = z.object({
  requests: z.number().int().nonnegative(),
  tokens: z.number().int().nonnegative(),
  cost: z.number().nonnegative(),
  errors: z.number().int().nonnegative().optional(),
});

/** `GET /stats` and the usage-stats tools; the first five fields are the original system's. */
export const StatsResponseSchema = z.object({
  totalRequests: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  estimatedTotalCost: z.number().nonnegative(),
  /** Seconds. */
  averageResponseTime: z.number().nonnegative(),
  modelBreakdown: z.record(z.string(), ModelBreakdownSchema),
  successfulRequests: z.number().int().nonnegative().optional(),
  errors: z.number().int().nonnegative().optional(),
  streamedRequests: z.number().int().nonnegative().optional(),
  promptTokens: z.number().int().nonnegative().optional(),
  completionTokens: z.number().int().nonnegative().optional(),
  unpricedRequests: z.number().int().nonnegative().optional(),
  /** Seconds. */
  p95ResponseTime: z.number().nonnegative().optional(),
});
export type StatsResponse = z.infer<typeof StatsResponseSchema>;
