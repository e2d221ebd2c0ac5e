import { sleepUnlessAborted } from '../abort';
import { abortedError } from '../provider-error';
import type {
  ChatRequest,
  ChatResult,
  MockProviderConfig,
  Provider,
  ProviderUsage,
  StreamPart,
} from '../types';

export type MockProviderOptions = Omit<MockProviderConfig, 'provider'> & { provider?: 'mock' };

const MOCK_MODELS = ['mock-model', 'mock-model-large'] as const;

/** Rough token estimate (about 4 characters per token for English text), at least 1. */
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * Deterministic provider for tests and demos: no network, text compatible with the original Python mock
 * (`[MOCK RESPONSE #n] You said: '…'. …`), `n` counting calls per provider instance.
 */
export function createMockProvider(options: MockProviderOptions = {}): Provider {
  const defaultModel = options.defaultModel ?? 'mock-model';
  const latencyMs = options.latencyMs ?? 0;
  const streamDelayMs = options.streamDelayMs ?? 0;
  let calls = 0;

  async function answer(request: ChatRequest): Promise<ChatResult> {
    await sleepUnlessAborted(latencyMs, 'mock', request.signal);
    calls += 1;
    const lastUser = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const text = `[MOCK RESPONSE #${calls}] You said: '${lastUser}'. This is a test response without calling any external API.`;
    const usage: ProviderUsage = {
      inputTokens: estimateTokens(request.messages.map((m) => m.content).join('\n')),
      outputTokens: estimateTokens(text),
    };
    return { text, model: request.model ?? defaultModel, usage, finishReason: 'stop' };
  }

  return {
    name: 'mock',
    defaultModel,
    complete: answer,
    async *stream(request: ChatRequest): AsyncIterable<StreamPart> {
      const result = await answer(request);
      // Words keep their leading whitespace so the deltas concatenate to exactly complete()'s text.
      const words = result.text.match(/\s*\S+/g) ?? [result.text];
      for (const [index, word] of words.entries()) {
        if (index > 0 && streamDelayMs > 0) await sleepUnlessAborted(streamDelayMs, 'mock', request.signal);
        if (request.signal?.aborted) throw abortedError('mock', request.signal.reason);
        yield { type: 'text-delta', text: word };
      }
      yield { type: 'finish', model: result.model, usage: result.usage, finishReason: result.finishReason };
    },
    async listModels() {
      return [...MOCK_MODELS];
    },
    supportsModel(model: string) {
      return model === defaultModel || model.startsWith('mock-');
    },
    async health() {
      return { configured: true, status: 'healthy' };
    },
  };
}
