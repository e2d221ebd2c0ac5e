import { createBedrockProvider } from './bedrock/bedrock-provider';
import { createMockProvider } from './mock/mock-provider';
import { createOpenAIProvider } from './openai/openai-provider';
import type { Provider, ProviderConfig } from './types';

/** Builds the provider a config names. Never touches the network or checks keys: clients are created lazily. */
export function createProvider(config: ProviderConfig): Provider {
  switch (config.provider) {
    case 'mock':
      return createMockProvider(config);
    case 'openai':
      return createOpenAIProvider(config);
    case 'bedrock':
      return createBedrockProvider(config);
  }
}
