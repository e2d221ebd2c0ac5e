import { z } from 'zod';
import { REQUEST_LIMITS } from './limits';

/** Model ids: OpenAI names, Bedrock ids, inference-profile ids and ARNs. */
export const ModelIdSchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(REQUEST_LIMITS.modelIdMaxChars, {
    error: `must be at most ${REQUEST_LIMITS.modelIdMaxChars} characters`,
  })
  .regex(/^[A-Za-z0-9._:/@+-]+$/, { error: 'may contain only letters, digits and . _ : / @ + -' });

export const ConversationIdSchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(REQUEST_LIMITS.conversationIdMaxChars, {
    error: `must be at most ${REQUEST_LIMITS.conversationIdMaxChars} characters`,
  })
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'may contain only letters, digits, _ and -' });

export const TemperatureSchema = z
  .number({ error: 'must be a number' })
  .min(REQUEST_LIMITS.temperatureMin, { error: `must be between 0 and ${REQUEST_LIMITS.temperatureMax}` })
  .max(REQUEST_LIMITS.temperatureMax, { error: `must be between 0 and ${REQUEST_LIMITS.temperatureMax}` });

export const MaxTokensSchema = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be an integer' })
  .min(REQUEST_LIMITS.maxTokensMin, { error: 'must be at least 1' })
  .max(REQUEST_LIMITS.maxTokensMax, { error: `must be at most ${REQUEST_LIMITS.maxTokensMax}` });

/** Token usage and cost as the original system reports it (camelCase). */
export const UsageSchema = z.object({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  /** USD. 0 with `priced: false` when the model is not in the price table. */
  estimatedCost: z.number().nonnegative(),
  /** false when the cost is unknown (model not in the price table); absent in the original system. */
  priced: z.boolean().optional(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const ExchangeStatusSchema = z.enum(['success', 'error', 'timeout', 'aborted', 'incomplete']);
export type ExchangeStatus = z.infer<typeof ExchangeStatusSchema>;
