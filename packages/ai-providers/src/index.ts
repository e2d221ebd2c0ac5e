export type { BedrockProviderOptions } from './bedrock/bedrock-provider';
export { createBedrockProvider } from './bedrock/bedrock-provider';
export { createProvider } from './create-provider';
export type { MockProviderOptions } from './mock/mock-provider';
export { createMockProvider } from './mock/mock-provider';
export type { OpenAIProviderOptions } from './openai/openai-provider';
export { createOpenAIProvider } from './openai/openai-provider';
export type { ProviderErrorOptions } from './provider-error';
export { isProviderError, ProviderError } from './provider-error';
export type {
  BedrockProviderConfig,
  ChatMessage,
  ChatRequest,
  ChatResult,
  ChatRole,
  FinishReason,
  MockProviderConfig,
  OpenAIProviderConfig,
  Provider,
  ProviderConfig,
  ProviderErrorKind,
  ProviderHealth,
  ProviderName,
  ProviderUsage,
  StreamPart,
} from './types';
