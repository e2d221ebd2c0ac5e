import { z } from 'zod';
import { ConversationIdSchema } from './common';
import {
  ConfigResponseSchema,
  configUpdateShape,
  HealthResponseSchema,
  MessageRecordSchema,
  MessagesResponseSchema,
  ModelBreakdownSchema,
  ModelsResponseSchema,
  ProcessResponseSchema,
  processRequestShape,
  StatsResponseSchema,
} from './http';
import { REQUEST_LIMITS } from './limits';

// MCP's registerTool takes raw zod shapes (objects of fields), so each tool exposes its input and
// output as a shape; `z.object(shape)` gives the full schema where one is needed.

// ---- What tools/list advertises ----
// Every byte of tools/list is context the host pays for on every turn, so the JSON Schemas a server advertises
// are a compact rendering of these zod schemas (toolJsonSchema below). The zod schemas themselves stay complete:
// the SDK parses arguments and checks every structured result against them, so an advertised schema is only
// ever looser than what the server enforces and a result that passes the server conforms to what it advertised.

/** Schemas advertised as a bare `{type: 'object'}` (see advertisedAsObject). */
const advertisedAsObjects = new WeakSet<z.core.$ZodType>();

/**
 * `schema`, advertised in tools/list as a bare `{type: 'object'}`: for a result's nested records whose shape is
 * an HTTP response documented with the API (a `/messages` record, a `/health` body, a `/stats` model entry).
 * The server still validates them in full.
 */
export function advertisedAsObject<T extends z.ZodType>(schema: T): T {
  const copy = schema.clone();
  advertisedAsObjects.add(copy);
  return copy;
}

/** Keywords that say nothing about what a server produces: bounds of its own numbers and strings. */
const OUTPUT_ONLY_NOISE = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
] as const;

function compact(json: z.core.JSONSchema.BaseSchema, io: 'input' | 'output'): void {
  // No-op bounds: zod gives every .int() the safe-integer range, and a zero minimum length.
  if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
  if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
  if (json.minLength === 0) delete json.minLength;
  if (io === 'input') return;
  for (const key of OUTPUT_ONLY_NOISE) delete json[key];
  // A result may gain fields in a later version; JSON object keys are always strings.
  if (json.additionalProperties === false) delete json.additionalProperties;
  if (
    typeof json.propertyNames === 'object' &&
    json.propertyNames.type === 'string' &&
    Object.keys(json.propertyNames).length === 1
  ) {
    delete json.propertyNames;
  }
}

const advertised = { input: new WeakMap<object, object>(), output: new WeakMap<object, object>() };

/**
 * The JSON Schema of a tool's input (`io: 'input'`) or result (`io: 'output'`) as tools/list advertises it:
 * JSON Schema 2020-12 without `$schema` (MCP's default dialect, and these keywords mean the same in draft-07),
 * descriptions, types, `required`, enums and the input bounds a caller must respect; for results, no bounds,
 * no `additionalProperties: false`, and `{type: 'object'}` for parts marked with advertisedAsObject.
 * Computed once per schema object.
 */
export function toolJsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const cached = advertised[io].get(schema);
  if (cached) return cached as Record<string, unknown>;
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    override: ({ zodSchema, jsonSchema }) => {
      if (io === 'output' && advertisedAsObjects.has(zodSchema)) {
        for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
        jsonSchema.type = 'object';
        return;
      }
      compact(jsonSchema, io);
    },
  }) as Record<string, unknown>;
  delete json.$schema;
  advertised[io].set(schema, json);
  return json;
}

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
    // The maximum is the schema's own `maximum`.
    .describe('Newest entries to return (default 20)'),
  conversation_id: ConversationIdSchema.optional().describe('Only this conversation'),
};
export const HistoryInputSchema = z.strictObject(historyInputShape);
export type HistoryInput = z.infer<typeof HistoryInputSchema>;

/** get_conversation_history (messenger). */
export const historyOutputShape = {
  totalMessages: z.number().int().nonnegative(),
  totalAIResponses: z.number().int().nonnegative(),
  messages: z.array(advertisedAsObject(MessageRecordSchema)),
};
export const HistoryOutputSchema = z.object(historyOutputShape);
export type HistoryOutput = z.infer<typeof HistoryOutputSchema>;

/** get_received_messages (responder): like `GET /messages`. */
export const receivedMessagesInputShape = {
  ...historyInputShape,
  offset: z.number().int().min(0).optional().describe('Entries to skip from the newest'),
};
export const ReceivedMessagesInputSchema = z.strictObject(receivedMessagesInputShape);
export const receivedMessagesOutputShape = {
  ...MessagesResponseSchema.shape,
  messages: z.array(advertisedAsObject(MessageRecordSchema)),
};

/** get_ai_usage_stats (messenger), get_openai_stats (responder): the `GET /stats` body. */
export const statsOutputShape = {
  ...StatsResponseSchema.shape,
  modelBreakdown: z.record(z.string(), advertisedAsObject(ModelBreakdownSchema)),
};

/** check_server_b_health (messenger). */
export const serverHealthOutputShape = {
  serverUrl: z.string(),
  reachable: z.boolean(),
  /** Round trip in milliseconds. */
  latencyMs: z.number().nonnegative().optional(),
  /** Server B's `GET /health` body. */
  health: advertisedAsObject(HealthResponseSchema).optional(),
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

/** What tools/list needs of a registered tool (the MCP SDK's RegisteredTool has these fields). */
export interface ListedTool {
  title?: string | undefined;
  description?: string | undefined;
  /** A zod object schema; absent for a tool without arguments. */
  inputSchema?: object | undefined;
  outputSchema?: object | undefined;
  annotations?: object | undefined;
  execution?: { taskSupport?: string | undefined } | undefined;
  _meta?: Record<string, unknown> | undefined;
}

/**
 * One entry of a tools/list result, with the compact schemas of toolJsonSchema. `execution` is left out when it
 * says `taskSupport: 'forbidden'`, which is what its absence means.
 */
export function toolListEntry(name: string, tool: ListedTool): Record<string, unknown> {
  const { title, description, inputSchema, outputSchema, annotations, execution, _meta } = tool;
  return {
    name,
    ...(title !== undefined && { title }),
    ...(description !== undefined && { description }),
    inputSchema:
      inputSchema === undefined
        ? { type: 'object', properties: {} }
        : toolJsonSchema(inputSchema as z.core.$ZodType, 'input'),
    ...(outputSchema !== undefined && {
      outputSchema: toolJsonSchema(outputSchema as z.core.$ZodType, 'output'),
    }),
    ...(annotations !== undefined && { annotations }),
    ...(execution !== undefined && execution.taskSupport !== 'forbidden' && { execution }),
    ...(_meta !== undefined && { _meta }),
  };
}

/**
 * A whole tools/list result: the enabled tools of a server, by name, each as toolListEntry renders it. Both MCP
 * servers answer tools/list with this instead of the SDK's full draft-07 rendering.
 */
export function toolListResult(tools: Record<string, ListedTool & { enabled: boolean }>): {
  tools: Record<string, unknown>[];
} {
  return {
    tools: Object.entries(tools)
      .filter(([, tool]) => tool.enabled)
      .map(([name, tool]) => toolListEntry(name, tool)),
  };
}
