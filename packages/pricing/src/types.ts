/** Provider a model row belongs to. */
export type PricingProvider = 'openai' | 'bedrock';

/** USD per 1,000,000 tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Price of cached (prompt-cache hit) input tokens where the provider prices them. */
  cachedInput?: number;
}

export type TokenLimitParam = 'max_tokens' | 'max_completion_tokens';
/**
 * Bedrock cross-region inference-profile prefixes (`us.anthropic.claude-…`). `global` routes worldwide;
 * the others are geographic. Source: https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html (checked 2026-11-27).
 */
export type InferenceProfilePrefix = 'us' | 'eu' | 'apac' | 'global' | 'us-gov' | 'jp' | 'au';

export interface ModelEntry {
  /** Canonical id: OpenAI model name (`gpt-4o`) or Bedrock base model id (`anthropic.claude-3-5-sonnet-20241022-v2:0`). */
  id: string;
  provider: PricingProvider;
  displayName: string;
  /** Short names accepted as well (`claude-3.5-sonnet-v2`). */
  aliases: readonly string[];
  /** Standard (on-demand / regional inference profile) price. */
  price: ModelPrice;
  /** Bedrock: price when called through a `global.` inference profile, where it differs. */
  globalPrice?: ModelPrice;
  /** Which parameter carries the output token limit. */
  tokenLimitParam: TokenLimitParam;
  /** false: the model rejects any temperature other than its default (o-series, gpt-5 family). */
  acceptsTemperature: boolean;
  /** false: the model refuses temperature and top_p in the same request (newer Claude on Bedrock). */
  acceptsTemperatureWithTopP: boolean;
  /** Bedrock: true when the model can only be invoked through an inference profile (no on-demand base id). */
  requiresInferenceProfile?: boolean;
  /** Where the price comes from (URL) and the date it was checked (YYYY-MM-DD). */
  source: string;
  checked: string;
}

export interface ResolvedModel {
  /** Canonical table id. */
  id: string;
  provider: PricingProvider;
  entry: ModelEntry;
  /** The id to send upstream (keeps an inference-profile prefix the caller gave). */
  requestId: string;
  profile?: InferenceProfilePrefix;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
}

export interface CostEstimate {
  usd: number;
  /** false when the model is not in the table: the cost is unknown, not zero. */
  priced: boolean;
}
