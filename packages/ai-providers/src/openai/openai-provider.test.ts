import { type FakeOpenAI, fakeInputTokens, startFakeOpenAI } from '@org/test-fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isProviderError, type ProviderError } from '../provider-error';
import type { Provider, StreamPart } from '../types';
import { createOpenAIProvider } from './openai-provider';

const KEY = 'sk-test-secret-key-1234567890';

let fake: FakeOpenAI;
let provider: Provider;

beforeEach(async () => {
  fake = await startFakeOpenAI({ rejectParameters: { 'my-reasoner': ['max_tokens', 'temperature'] } });
  provider = createOpenAIProvider({ apiKey: KEY, baseURL: fake.url, defaultModel: 'gpt-4o-mini' });
});
afterEach(async () => {
  await fake.close();
});

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (isProviderError(error)) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

const hello = [
  { role: 'system' as const, content: 'Be brief.' },
  { role: 'user' as const, content: 'Hello there' },
];

describe('openai provider: complete', () => {
  it('returns the text, model and usage the server sent, with the key as bearer token', async () => {
    const result = await provider.complete({ messages: hello, maxTokens: 50, temperature: 0.3 });
    expect(result).toEqual({
      text: 'Echo: Hello there',
      model: 'gpt-4o-mini',
      usage: { inputTokens: fakeInputTokens(hello), outputTokens: 3 },
      finishReason: 'stop',
    });
    const sent = fake.requests[0];
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.body).toMatchObject({
      model: 'gpt-4o-mini',
      max_tokens: 50,
      temperature: 0.3,
      messages: hello,
    });
  });

  it('sends max_completion_tokens and no temperature to reasoning models from the table (o3, gpt-5)', async () => {
    for (const model of ['o3', 'gpt-5']) {
      await provider.complete({ messages: hello, model, maxTokens: 64, temperature: 0.7 });
    }
    for (const request of fake.requests) {
      expect(request.body).toMatchObject({ max_completion_tokens: 64 });
      expect(request.body).not.toHaveProperty('max_tokens');
      expect(request.body).not.toHaveProperty('temperature');
    }
  });

  it('retries an unknown model once per refused parameter and remembers it', async () => {
    const first = await provider.complete({
      messages: hello,
      model: 'my-reasoner',
      maxTokens: 10,
      temperature: 1.2,
    });
    expect(first.text).toBe('Echo: Hello there');
    // max_tokens refused, then temperature refused, then success.
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[2]?.body).toMatchObject({ max_completion_tokens: 10 });
    expect(fake.requests[2]?.body).not.toHaveProperty('temperature');

    await provider.complete({ messages: hello, model: 'my-reasoner', maxTokens: 10, temperature: 1.2 });
    expect(fake.requests).toHaveLength(4);
    expect(fake.requests[3]?.body).toMatchObject({ max_completion_tokens: 10 });
    expect(fake.requests[3]?.body).not.toHaveProperty('max_tokens');
  });

  it('does not retry a 400 that is not about a parameter', async () => {
    fake.enqueueBehavior({ type: 'error', status: 400, message: 'messages must not be empty' });
    const error = await failure(provider.complete({ messages: hello }));
    expect(error.kind).toBe('bad_request');
    expect(error.status).toBe(400);
    expect(fake.requests).toHaveLength(1);
  });

  it('maps 401 to auth without leaking the key', async () => {
    fake.enqueueBehavior({ type: 'error', status: 401, message: `Incorrect API key provided: ${KEY}.` });
    const error = await failure(provider.complete({ messages: hello }));
    expect(error.kind).toBe('auth');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('OPENAI_API_KEY');
    expect(error.message).not.toContain(KEY);
    expect(error.message).not.toContain('secret-key');
  });

  it('maps 429 to rate_limit with retryAfterMs from Retry-After', async () => {
    fake.enqueueBehavior({ type: 'error', status: 429, retryAfterSeconds: 7 });
    const error = await failure(provider.complete({ messages: hello }));
    expect(error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 7000, retryable: true });
    expect(fake.requests).toHaveLength(1); // maxRetries 0: the caller owns the retry loop
  });

  it('prefers retry-after-ms', async () => {
    fake.enqueueBehavior({ type: 'error', status: 429, retryAfterSeconds: 7, retryAfterMs: 1500 });
    expect((await failure(provider.complete({ messages: hello }))).retryAfterMs).toBe(1500);
  });

  it('maps 500 and 503 to unavailable, 404 to not_found', async () => {
    fake.enqueueBehavior(
      { type: 'error', status: 500 },
      { type: 'error', status: 503 },
      { type: 'error', status: 404 },
    );
    expect((await failure(provider.complete({ messages: hello }))).kind).toBe('unavailable');
    expect((await failure(provider.complete({ messages: hello }))).kind).toBe('unavailable');
    expect((await failure(provider.complete({ messages: hello }))).kind).toBe('not_found');
  });

  it('maps a stalled server to timeout', async () => {
    const slow = createOpenAIProvider({ apiKey: KEY, baseURL: fake.url, timeoutMs: 200 });
    fake.setBehavior({ type: 'stall' });
    const error = await failure(slow.complete({ messages: hello }));
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it('maps an unreachable server to unavailable', async () => {
    await fake.close();
    const error = await failure(provider.complete({ messages: hello }));
    expect(error.kind).toBe('unavailable');
  });

  it('rejects with aborted when the caller aborts, and the server sees the client go away', async () => {
    fake.setBehavior({ type: 'stall' });
    const controller = new AbortController();
    const pending = failure(provider.complete({ messages: hello, signal: controller.signal }));
    while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect((await pending).kind).toBe('aborted');
    expect(await fake.requests[0]?.settled).toBe('aborted');
  });
});

describe('openai provider: stream', () => {
  it('times out a stream that goes silent mid-way, but not one that keeps delivering', async () => {
    // Regression: the SDK's timeout stops at the response headers, so a provider that stalled mid-stream hung.
    const idle = createOpenAIProvider({ apiKey: KEY, baseURL: fake.url, timeoutMs: 300 });
    fake.setBehavior({ type: 'ok', chunkDelayMs: 1_000 });
    const stalled = collect(idle.stream({ messages: hello })).then(
      () => undefined,
      (error: ProviderError) => error,
    );
    expect((await stalled)?.kind).toBe('timeout');

    // Paced well under the idle timeout, this stream runs longer than 300 ms in total and still finishes.
    fake.setBehavior({ type: 'ok', chunkDelayMs: 100 });
    const parts = await collect(
      idle.stream({ messages: [{ role: 'user', content: 'one two three four five' }] }),
    );
    expect(parts.at(-1)?.type).toBe('finish');
  });

  it('yields deltas that join to the reply, then one finish with the usage of the empty-choices chunk', async () => {
    const parts = await collect(provider.stream({ messages: hello }));
    const deltas = parts.filter((p) => p.type === 'text-delta');
    expect(deltas.map((p) => p.text).join('')).toBe('Echo: Hello there');
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      model: 'gpt-4o-mini',
      usage: { inputTokens: fakeInputTokens(hello), outputTokens: 3 },
      finishReason: 'stop',
    });
    expect(parts.filter((p) => p.type === 'finish')).toHaveLength(1);
    expect(fake.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('finishes with usage undefined (unknown, not zero) when the server sends no usage', async () => {
    fake.setBehavior({ type: 'no-usage' });
    const parts = await collect(provider.stream({ messages: hello }));
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: undefined, finishReason: 'stop' });
  });

  it('throws unavailable, never a clean finish, when the stream is cut half-way', async () => {
    fake.setBehavior({ type: 'cut-stream', afterChunks: 1 });
    const parts: StreamPart[] = [];
    const error = await failure(
      (async () => {
        for await (const part of provider.stream({ messages: hello })) parts.push(part);
      })(),
    );
    expect(error.kind).toBe('unavailable');
    expect(parts.some((p) => p.type === 'finish')).toBe(false);
  });

  it('maps a 429 before the first chunk to rate_limit', async () => {
    fake.enqueueBehavior({ type: 'error', status: 429, retryAfterSeconds: 3 });
    const error = await failure(collect(provider.stream({ messages: hello })));
    expect(error).toMatchObject({ kind: 'rate_limit', retryAfterMs: 3000 });
  });

  it('stops the upstream request when the caller aborts mid-stream', async () => {
    fake.setBehavior({ type: 'ok', chunkDelayMs: 1_000 });
    const controller = new AbortController();
    const seen: StreamPart[] = [];
    const error = await failure(
      (async () => {
        for await (const part of provider.stream({ messages: hello, signal: controller.signal })) {
          seen.push(part);
          controller.abort();
        }
      })(),
    );
    expect(error.kind).toBe('aborted');
    expect(seen).toEqual([{ type: 'text-delta', text: 'Echo:' }]);
    expect(await fake.requests[0]?.settled).toBe('aborted');
  });

  it('stops the upstream request when the consumer breaks out of the loop', async () => {
    fake.setBehavior({ type: 'ok', chunkDelayMs: 1_000 });
    for await (const part of provider.stream({ messages: hello })) {
      expect(part.type).toBe('text-delta');
      break;
    }
    const outcome = await fake.requests[0]?.settled;
    expect(outcome).toBe('aborted');
  });

  it('applies the same parameter mapping to streams', async () => {
    await collect(provider.stream({ messages: hello, model: 'o3', maxTokens: 5, temperature: 0.2 }));
    expect(fake.requests[0]?.body).toMatchObject({ model: 'o3', max_completion_tokens: 5 });
    expect(fake.requests[0]?.body).not.toHaveProperty('temperature');
  });
});

describe('openai provider: lazy client, models, health', () => {
  it('can be created without a key; the first call fails with auth naming OPENAI_API_KEY', async () => {
    const keyless = createOpenAIProvider({ baseURL: fake.url });
    const error = await failure(keyless.complete({ messages: hello }));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('OPENAI_API_KEY');
    const streamError = await failure(collect(keyless.stream({ messages: hello })));
    expect(streamError.kind).toBe('auth');
    expect(fake.requests).toHaveLength(0);
    expect(await keyless.health()).toMatchObject({ configured: false, status: 'not_configured' });
  });

  it('lists the OpenAI models of the pricing table without a network call', async () => {
    const models = await createOpenAIProvider({}).listModels();
    expect(models).toContain('gpt-4o-mini');
    expect(models).toContain('o3');
    expect(models.some((m) => m.startsWith('anthropic.'))).toBe(false);
  });

  it('supports OpenAI and unknown models, not Bedrock ones', () => {
    expect(provider.supportsModel('gpt-4o')).toBe(true);
    expect(provider.supportsModel('llama3.1:8b-instruct')).toBe(true);
    expect(provider.supportsModel('claude-3.5-sonnet-v2')).toBe(false);
  });

  it('is healthy when GET /models answers and unhealthy when the key is refused', async () => {
    expect(await provider.health()).toEqual({ configured: true, status: 'healthy' });
    expect(fake.requests[0]?.path).toBe('/v1/models');
    fake.close();
    const strict = await startFakeOpenAI({ apiKey: 'sk-other' });
    try {
      const health = await createOpenAIProvider({ apiKey: KEY, baseURL: strict.url }).health();
      expect(health.status).toBe('unhealthy');
      expect(health.error).not.toContain(KEY);
    } finally {
      await strict.close();
    }
  });
});
