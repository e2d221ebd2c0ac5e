// PUBLIC TYPES of @org/ai-providers (pinned by the lead; keep names and shapes, extend if needed).
export type ProviderName = 'mock' | 'openai' | 'bedrock';
export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Model id, alias or inference-profile id; the provider's default when omitted. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
}

export interface ProviderUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
}

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'other';

export interface ChatResult {
  text: string;
  /** Model the provider reports it used (falls back to the requested id). */
  model: string;
  usage: ProviderUsage;
  finishReason: FinishReason;
}

export type StreamPart =
  | { type: 'text-delta'; text: string }
  | {
      type: 'finish';
      model: string;
      /** undefined when the upstream never reported usage (e.g. a compatible server ignoring include_usage): unknown, not zero. */
      usage: ProviderUsage | undefined;
      finishReason: FinishReason;
    };

export interface ProviderHealth {
  configured: boolean;
  status: 'healthy' | 'unhealthy' | 'not_configured';
  error?: string;
}

export interface Provider {
  readonly name: ProviderName;
  readonly defaultModel: string;
  complete(request: ChatRequest): Promise<ChatResult>;
  /** Async iterable of text deltas ending with exactly one `finish` part; throws ProviderError on failure (also mid-stream). */
  stream(request: ChatRequest): AsyncIterable<StreamPart>;
  /** Model ids this provider accepts (canonical ids; aliases are resolved by @org/pricing). */
  listModels(): Promise<string[]>;
  /** Whether `model` is accepted by this provider (alias / profile aware). */
  supportsModel(model: string): boolean;
  health(signal?: AbortSignal): Promise<ProviderHealth>;
}

export type ProviderErrorKind =
  | 'auth'
  | 'rate_limit'
  | 'bad_request'
  | 'not_found'
  | 'timeout'
  | 'unavailable'
  | 'aborted';

export interface MockProviderConfig {
  provider: 'mock';
  defaultModel?: string;
  /** Delay before the reply (or its first streamed word), milliseconds. */
  latencyMs?: number;
  /** Pause between streamed words, milliseconds (0: all at once), so a stream looks and paces like a model's. */
  streamDelayMs?: number;
}
export interface OpenAIProviderConfig {
  provider: 'openai';
  apiKey?: string;
  baseURL?: string;
  defaultModel?: string;
  /** SDK-level retries (default 0: one retry loop per hop lives in the caller). */
  maxRetries?: number;
  timeoutMs?: number;
}
export interface BedrockProviderConfig {
  provider: 'bedrock';
  region?: string;
  endpoint?: string;
  profile?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  defaultModel?: string;
  maxRetries?: number;
  timeoutMs?: number;
}
export type ProviderConfig = MockProviderConfig | OpenAIProviderConfig | BedrockProviderConfig;
