import type { ModelEntry, ModelPrice } from './types';

// Every price below is USD per 1,000,000 tokens, checked on CHECKED against the page in `source`.
// Cross-check for all rows: BerriAI/litellm model_prices_and_context_window.json (read 2026-11-27).
// Where sources disagreed the model is left out (see README "Not in the table").
const CHECKED = '2026-11-27';

const OPENAI_PRICING = 'https://platform.openai.com/docs/pricing';
const BEDROCK_PRICING = 'https://aws.amazon.com/bedrock/pricing/';
// Claude 4.5+ on Bedrock: regional/geo profiles cost 10% more than `global.` profiles.
const BEDROCK_CLAUDE_GLOBAL_NOTE =
  'https://aws.amazon.com/bedrock/pricing/ (price = regional/geo profiles, globalPrice = global. profile; regional is +10%)';

interface OpenAiOptions {
  aliases?: readonly string[];
  /** o-series and gpt-5 family: reasoning models that take max_completion_tokens and no temperature. */
  reasoning?: boolean;
}

function openai(id: string, displayName: string, price: ModelPrice, options: OpenAiOptions = {}): ModelEntry {
  const reasoning = options.reasoning ?? false;
  return {
    id,
    provider: 'openai',
    displayName,
    aliases: options.aliases ?? [],
    price,
    // Reasoning models reject `max_tokens` and any non-default temperature
    // (https://platform.openai.com/docs/guides/reasoning, checked 2026-11-27).
    tokenLimitParam: reasoning ? 'max_completion_tokens' : 'max_tokens',
    acceptsTemperature: !reasoning,
    acceptsTemperatureWithTopP: true,
    source: OPENAI_PRICING,
    checked: CHECKED,
  };
}

interface BedrockOptions {
  aliases: readonly string[];
  globalPrice?: ModelPrice;
  requiresInferenceProfile?: boolean;
  /** Newer Claude on Bedrock reject temperature and top_p in the same request. */
  acceptsTemperatureWithTopP?: boolean;
  acceptsTemperature?: boolean;
  source?: string;
}

function bedrock(id: string, displayName: string, price: ModelPrice, options: BedrockOptions): ModelEntry {
  const entry: ModelEntry = {
    id,
    provider: 'bedrock',
    displayName,
    aliases: options.aliases,
    price,
    tokenLimitParam: 'max_tokens',
    acceptsTemperature: options.acceptsTemperature ?? true,
    acceptsTemperatureWithTopP: options.acceptsTemperatureWithTopP ?? true,
    source: options.source ?? (options.globalPrice ? BEDROCK_CLAUDE_GLOBAL_NOTE : BEDROCK_PRICING),
    checked: CHECKED,
  };
  if (options.globalPrice) entry.globalPrice = options.globalPrice;
  if (options.requiresInferenceProfile) entry.requiresInferenceProfile = true;
  return entry;
}

// Claude Sonnet 4.5 / Haiku 4.5 / Opus 4.1+ refuse `temperature` together with `top_p`
// ("temperature and top_p cannot both be specified"), per Anthropic's model migration notes.
const NEWER_CLAUDE = { acceptsTemperatureWithTopP: false, requiresInferenceProfile: true } as const;

const OPENAI_ROWS: readonly ModelEntry[] = [
  openai('gpt-4', 'GPT-4', { input: 30, output: 60 }),
  openai('gpt-4-turbo', 'GPT-4 Turbo', { input: 10, output: 30 }),
  openai('gpt-4o', 'GPT-4o', { input: 2.5, output: 10, cachedInput: 1.25 }),
  openai('gpt-4o-mini', 'GPT-4o mini', { input: 0.15, output: 0.6, cachedInput: 0.075 }),
  openai('gpt-3.5-turbo', 'GPT-3.5 Turbo', { input: 0.5, output: 1.5 }),
  openai('gpt-4.1', 'GPT-4.1', { input: 2, output: 8, cachedInput: 0.5 }),
  openai('gpt-4.1-mini', 'GPT-4.1 mini', { input: 0.4, output: 1.6, cachedInput: 0.1 }),
  openai('gpt-4.1-nano', 'GPT-4.1 nano', { input: 0.1, output: 0.4, cachedInput: 0.025 }),
  openai('o1', 'o1', { input: 15, output: 60, cachedInput: 7.5 }, { reasoning: true }),
  openai('o1-mini', 'o1-mini', { input: 1.1, output: 4.4, cachedInput: 0.55 }, { reasoning: true }),
  openai('o3', 'o3', { input: 2, output: 8, cachedInput: 0.5 }, { reasoning: true }),
  openai('o3-mini', 'o3-mini', { input: 1.1, output: 4.4, cachedInput: 0.55 }, { reasoning: true }),
  openai('o4-mini', 'o4-mini', { input: 1.1, output: 4.4, cachedInput: 0.275 }, { reasoning: true }),
  openai('gpt-5', 'GPT-5', { input: 1.25, output: 10, cachedInput: 0.125 }, { reasoning: true }),
  openai('gpt-5-mini', 'GPT-5 mini', { input: 0.25, output: 2, cachedInput: 0.025 }, { reasoning: true }),
  openai('gpt-5-nano', 'GPT-5 nano', { input: 0.05, output: 0.4, cachedInput: 0.005 }, { reasoning: true }),
  openai('gpt-5.1', 'GPT-5.1', { input: 1.25, output: 10, cachedInput: 0.125 }, { reasoning: true }),
  openai('gpt-5.2', 'GPT-5.2', { input: 1.75, output: 14, cachedInput: 0.175 }, { reasoning: true }),
  // GPT-5.4 prices are for context under 270K tokens (OpenAI charges more above).
  openai('gpt-5.4', 'GPT-5.4', { input: 2.5, output: 15, cachedInput: 0.25 }, { reasoning: true }),
  openai(
    'gpt-5.4-mini',
    'GPT-5.4 mini',
    { input: 0.75, output: 4.5, cachedInput: 0.075 },
    { reasoning: true },
  ),
  openai(
    'gpt-5.4-nano',
    'GPT-5.4 nano',
    { input: 0.2, output: 1.25, cachedInput: 0.02 },
    { reasoning: true },
  ),
];

const SONNET_REGIONAL: ModelPrice = { input: 3.3, output: 16.5, cachedInput: 0.33 };
const SONNET_GLOBAL: ModelPrice = { input: 3, output: 15, cachedInput: 0.3 };
const OPUS_45_REGIONAL: ModelPrice = { input: 5.5, output: 27.5, cachedInput: 0.55 };
const OPUS_45_GLOBAL: ModelPrice = { input: 5, output: 25, cachedInput: 0.5 };

const BEDROCK_ROWS: readonly ModelEntry[] = [
  // Anthropic Claude. Prices above 200K input tokens (Sonnet 4/4.5 long context) are not modelled.
  bedrock(
    'anthropic.claude-3-haiku-20240307-v1:0',
    'Claude 3 Haiku',
    { input: 0.25, output: 1.25 },
    {
      aliases: ['claude-3-haiku'],
    },
  ),
  bedrock(
    'anthropic.claude-3-sonnet-20240229-v1:0',
    'Claude 3 Sonnet',
    { input: 3, output: 15 },
    {
      aliases: ['claude-3-sonnet'],
    },
  ),
  bedrock(
    'anthropic.claude-3-opus-20240229-v1:0',
    'Claude 3 Opus',
    { input: 15, output: 75 },
    {
      aliases: ['claude-3-opus'],
    },
  ),
  bedrock(
    'anthropic.claude-3-5-sonnet-20240620-v1:0',
    'Claude 3.5 Sonnet',
    { input: 3, output: 15 },
    {
      aliases: ['claude-3.5-sonnet', 'claude-3-5-sonnet'],
    },
  ),
  bedrock(
    'anthropic.claude-3-5-sonnet-20241022-v2:0',
    'Claude 3.5 Sonnet v2',
    { input: 3, output: 15, cachedInput: 0.3 },
    { aliases: ['claude-3.5-sonnet-v2', 'claude-3-5-sonnet-v2'] },
  ),
  bedrock(
    'anthropic.claude-3-5-haiku-20241022-v1:0',
    'Claude 3.5 Haiku',
    { input: 0.8, output: 4, cachedInput: 0.08 },
    { aliases: ['claude-3.5-haiku', 'claude-3-5-haiku'] },
  ),
  bedrock(
    'anthropic.claude-3-7-sonnet-20250219-v1:0',
    'Claude 3.7 Sonnet',
    { input: 3, output: 15, cachedInput: 0.3 },
    { aliases: ['claude-3.7-sonnet', 'claude-3-7-sonnet'], requiresInferenceProfile: true },
  ),
  bedrock(
    'anthropic.claude-sonnet-4-20250514-v1:0',
    'Claude Sonnet 4',
    { input: 3, output: 15, cachedInput: 0.3 },
    { aliases: ['claude-sonnet-4'], requiresInferenceProfile: true },
  ),
  bedrock(
    'anthropic.claude-opus-4-20250514-v1:0',
    'Claude Opus 4',
    { input: 15, output: 75, cachedInput: 1.5 },
    { aliases: ['claude-opus-4'], requiresInferenceProfile: true },
  ),
  bedrock(
    'anthropic.claude-opus-4-1-20250805-v1:0',
    'Claude Opus 4.1',
    { input: 15, output: 75, cachedInput: 1.5 },
    { aliases: ['claude-opus-4.1', 'claude-opus-4-1'], ...NEWER_CLAUDE },
  ),
  bedrock('anthropic.claude-sonnet-4-5-20250929-v1:0', 'Claude Sonnet 4.5', SONNET_REGIONAL, {
    aliases: ['claude-sonnet-4.5', 'claude-sonnet-4-5'],
    globalPrice: SONNET_GLOBAL,
    ...NEWER_CLAUDE,
  }),
  bedrock(
    'anthropic.claude-haiku-4-5-20251001-v1:0',
    'Claude Haiku 4.5',
    { input: 1.1, output: 5.5, cachedInput: 0.11 },
    {
      aliases: ['claude-haiku-4.5', 'claude-haiku-4-5'],
      globalPrice: { input: 1, output: 5, cachedInput: 0.1 },
      ...NEWER_CLAUDE,
    },
  ),
  bedrock('anthropic.claude-opus-4-5-20251101-v1:0', 'Claude Opus 4.5', OPUS_45_REGIONAL, {
    aliases: ['claude-opus-4.5', 'claude-opus-4-5'],
    globalPrice: OPUS_45_GLOBAL,
    ...NEWER_CLAUDE,
  }),
  bedrock('anthropic.claude-opus-4-6-v1', 'Claude Opus 4.6', OPUS_45_REGIONAL, {
    aliases: ['claude-opus-4.6', 'claude-opus-4-6'],
    globalPrice: OPUS_45_GLOBAL,
    ...NEWER_CLAUDE,
  }),
  bedrock('anthropic.claude-sonnet-4-6', 'Claude Sonnet 4.6', SONNET_REGIONAL, {
    aliases: ['claude-sonnet-4.6'],
    globalPrice: SONNET_GLOBAL,
    ...NEWER_CLAUDE,
  }),
  bedrock('anthropic.claude-opus-4-7', 'Claude Opus 4.7', OPUS_45_REGIONAL, {
    aliases: ['claude-opus-4.7'],
    globalPrice: OPUS_45_GLOBAL,
    ...NEWER_CLAUDE,
    // Opus 4.7 refuses sampling parameters altogether (LiteLLM: supports_sampling_params=false).
    acceptsTemperature: false,
  }),

  // Amazon Nova. cachedInput = Bedrock "cache read" price.
  bedrock(
    'amazon.nova-micro-v1:0',
    'Amazon Nova Micro',
    { input: 0.035, output: 0.14, cachedInput: 0.00875 },
    {
      aliases: ['nova-micro'],
    },
  ),
  bedrock(
    'amazon.nova-lite-v1:0',
    'Amazon Nova Lite',
    { input: 0.06, output: 0.24, cachedInput: 0.015 },
    {
      aliases: ['nova-lite'],
    },
  ),
  bedrock(
    'amazon.nova-pro-v1:0',
    'Amazon Nova Pro',
    { input: 0.8, output: 3.2, cachedInput: 0.2 },
    {
      aliases: ['nova-pro'],
    },
  ),
  bedrock(
    'amazon.nova-premier-v1:0',
    'Amazon Nova Premier',
    { input: 2.5, output: 12.5, cachedInput: 0.625 },
    {
      aliases: ['nova-premier'],
      requiresInferenceProfile: true,
    },
  ),

  // Meta Llama (on-demand, standard tier).
  bedrock(
    'meta.llama3-1-8b-instruct-v1:0',
    'Llama 3.1 8B Instruct',
    { input: 0.22, output: 0.22 },
    {
      aliases: ['llama-3.1-8b'],
    },
  ),
  bedrock(
    'meta.llama3-1-70b-instruct-v1:0',
    'Llama 3.1 70B Instruct',
    { input: 0.72, output: 0.72 },
    {
      aliases: ['llama-3.1-70b'],
    },
  ),
  bedrock(
    'meta.llama3-1-405b-instruct-v1:0',
    'Llama 3.1 405B Instruct',
    { input: 2.4, output: 2.4 },
    {
      aliases: ['llama-3.1-405b'],
    },
  ),
  bedrock(
    'meta.llama3-2-1b-instruct-v1:0',
    'Llama 3.2 1B Instruct',
    { input: 0.1, output: 0.1 },
    {
      aliases: ['llama-3.2-1b'],
      requiresInferenceProfile: true,
    },
  ),
  bedrock(
    'meta.llama3-2-3b-instruct-v1:0',
    'Llama 3.2 3B Instruct',
    { input: 0.15, output: 0.15 },
    {
      aliases: ['llama-3.2-3b'],
      requiresInferenceProfile: true,
    },
  ),
  bedrock(
    'meta.llama3-2-11b-instruct-v1:0',
    'Llama 3.2 11B Vision Instruct',
    { input: 0.16, output: 0.16 },
    {
      aliases: ['llama-3.2-11b'],
      requiresInferenceProfile: true,
    },
  ),
  bedrock(
    'meta.llama3-2-90b-instruct-v1:0',
    'Llama 3.2 90B Vision Instruct',
    { input: 0.72, output: 0.72 },
    {
      aliases: ['llama-3.2-90b'],
      requiresInferenceProfile: true,
    },
  ),
  bedrock(
    'meta.llama3-3-70b-instruct-v1:0',
    'Llama 3.3 70B Instruct',
    { input: 0.72, output: 0.72 },
    {
      aliases: ['llama-3.3-70b'],
      requiresInferenceProfile: true,
    },
  ),

  // Mistral AI. Large 24.02 / 24.07 are left out: sources disagree (see README).
  bedrock(
    'mistral.mistral-7b-instruct-v0:2',
    'Mistral 7B Instruct',
    { input: 0.15, output: 0.2 },
    {
      aliases: ['mistral-7b'],
    },
  ),
  bedrock(
    'mistral.mixtral-8x7b-instruct-v0:1',
    'Mixtral 8x7B Instruct',
    { input: 0.45, output: 0.7 },
    {
      aliases: ['mixtral-8x7b'],
    },
  ),
  bedrock(
    'mistral.mistral-small-2402-v1:0',
    'Mistral Small (24.02)',
    { input: 1, output: 3 },
    {
      aliases: ['mistral-small'],
    },
  ),
];

/** The built-in model table: OpenAI chat models and Bedrock text models, each row with its source and check date. */
export const MODEL_TABLE: readonly ModelEntry[] = [...OPENAI_ROWS, ...BEDROCK_ROWS];
