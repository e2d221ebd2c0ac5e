import { type FakeBedrock, fakeInputTokens, startFakeBedrock } from '@org/test-fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isProviderError, type ProviderError } from '../provider-error';
import type { Provider, StreamPart } from '../types';
import { createBedrockProvider } from './bedrock-provider';

const CLAUDE_37 = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake-secret-access-key' };

let fake: FakeBedrock;
let provider: Provider;

beforeEach(async () => {
  fake = await startFakeBedrock({ requireInferenceProfile: [CLAUDE_37] });
  provider = createBedrockProvider({ endpoint: fake.url, region: 'us-east-1', credentials });
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
  { role: 'user' as const, content: 'Hello Bedrock' },
];

describe('bedrock provider: converse', () => {
  it('resolves an alias to the full id and returns text, usage and finish reason', async () => {
    const result = await provider.complete({
      messages: hello,
      model: 'claude-3.5-sonnet-v2',
      maxTokens: 100,
      temperature: 0.5,
    });
    expect(result).toEqual({
      text: 'Echo: Hello Bedrock',
      model: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
      usage: { inputTokens: fakeInputTokens(hello), outputTokens: 3 },
      finishReason: 'stop',
    });
    const sent = fake.requests[0];
    expect(sent?.operation).toBe('converse');
    expect(sent?.modelId).toBe('anthropic.claude-3-5-sonnet-20241022-v2:0');
    expect(sent?.body).toEqual({
      system: [{ text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ text: 'Hello Bedrock' }] }],
      inferenceConfig: { maxTokens: 100, temperature: 0.5 },
    });
    // SigV4-signed with the given credentials.
    expect(String(sent?.headers.authorization)).toContain('Credential=AKIDEXAMPLE/');
  });

  it('keeps the us. inference-profile prefix', async () => {
    await provider.complete({ messages: hello, model: `us.${CLAUDE_37}` });
    expect(fake.requests[0]?.modelId).toBe(`us.${CLAUDE_37}`);
  });

  it('passes unknown ids through as given', async () => {
    await provider.complete({ messages: hello, model: 'acme.brand-new-model-v1:0' });
    expect(fake.requests[0]?.modelId).toBe('acme.brand-new-model-v1:0');
  });

  it('turns the on-demand refusal into bad_request telling to use an inference profile', async () => {
    const error = await failure(provider.complete({ messages: hello, model: CLAUDE_37 }));
    expect(error.kind).toBe('bad_request');
    expect(error.status).toBe(400);
    expect(error.message).toContain(`us.${CLAUDE_37}`);
    expect(error.message).toContain('inference profile');
  });

  it('maps AccessDenied / UnrecognizedClient to auth naming the AWS variables, without the secret', async () => {
    for (const name of ['AccessDeniedException', 'UnrecognizedClientException']) {
      fake.enqueueBehavior({ type: 'error', status: 403, name, message: 'The security token is invalid.' });
      const error = await failure(provider.complete({ messages: hello }));
      expect(error.kind).toBe('auth');
      expect(error.message).toContain('AWS_ACCESS_KEY_ID');
      expect(error.message).toContain('AWS_PROFILE');
      expect(error.message).not.toContain(credentials.secretAccessKey);
    }
  });

  it('maps ThrottlingException to retryable rate_limit, with one attempt only by default', async () => {
    fake.enqueueBehavior({
      type: 'error',
      status: 429,
      name: 'ThrottlingException',
      message: 'Too many requests',
    });
    const error = await failure(provider.complete({ messages: hello }));
    expect(error).toMatchObject({ kind: 'rate_limit', status: 429, retryable: true });
    expect(fake.requests).toHaveLength(1);
  });

  it('maps ValidationException, ResourceNotFound, ServiceUnavailable and InternalServer', async () => {
    fake.enqueueBehavior(
      { type: 'error', status: 400, name: 'ValidationException' },
      { type: 'error', status: 404, name: 'ResourceNotFoundException' },
      { type: 'error', status: 503, name: 'ServiceUnavailableException' },
      { type: 'error', status: 500, name: 'InternalServerException' },
    );
    const kinds = [];
    for (let i = 0; i < 4; i++) kinds.push((await failure(provider.complete({ messages: hello }))).kind);
    expect(kinds).toEqual(['bad_request', 'not_found', 'unavailable', 'unavailable']);
  });

  it('maps a stalled endpoint to timeout', async () => {
    fake.setBehavior({ type: 'stall' });
    const slow = createBedrockProvider({ endpoint: fake.url, credentials, timeoutMs: 200 });
    const error = await failure(slow.complete({ messages: hello }));
    expect(error.kind).toBe('timeout');
  });

  it('omits temperature for a model that refuses it', async () => {
    await provider.complete({ messages: hello, model: 'claude-opus-4.7', temperature: 0.4, maxTokens: 9 });
    expect(fake.requests[0]?.body).toMatchObject({ inferenceConfig: { maxTokens: 9 } });
    expect(JSON.stringify(fake.requests[0]?.body)).not.toContain('temperature');
  });
});

describe('bedrock provider: converse-stream', () => {
  it('decodes eventstream frames into deltas and a finish with the metadata usage', async () => {
    const parts = await collect(provider.stream({ messages: hello, model: `us.${CLAUDE_37}` }));
    const text = parts.flatMap((p) => (p.type === 'text-delta' ? [p.text] : [])).join('');
    expect(text).toBe('Echo: Hello Bedrock');
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      model: `us.${CLAUDE_37}`,
      usage: { inputTokens: fakeInputTokens(hello), outputTokens: 3 },
      finishReason: 'stop',
    });
    expect(fake.requests[0]?.operation).toBe('converse-stream');
  });

  it('finishes with usage undefined when no metadata event comes', async () => {
    fake.setBehavior({ type: 'no-metadata' });
    const parts = await collect(provider.stream({ messages: hello }));
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: undefined });
  });

  it('throws unavailable, never a clean finish, on an exception mid-stream or a reset stream', async () => {
    for (const mode of ['exception', 'reset'] as const) {
      fake.setBehavior({ type: 'cut-stream', afterDeltas: 1, mode });
      const parts: StreamPart[] = [];
      const error = await failure(
        (async () => {
          for await (const part of provider.stream({ messages: hello })) parts.push(part);
        })(),
      );
      expect(error.kind).toBe('unavailable');
      expect(parts.some((p) => p.type === 'finish')).toBe(false);
    }
  });

  it('maps throttling on converse-stream to rate_limit', async () => {
    fake.enqueueBehavior({ type: 'error', status: 429, name: 'ThrottlingException' });
    expect((await failure(collect(provider.stream({ messages: hello })))).kind).toBe('rate_limit');
  });

  it('rejects with aborted when the caller aborts, and the server sees the client go away', async () => {
    fake.setBehavior({ type: 'stall' });
    const controller = new AbortController();
    const pending = failure(collect(provider.stream({ messages: hello, signal: controller.signal })));
    while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect((await pending).kind).toBe('aborted');
    expect(await fake.requests[0]?.settled).toBe('aborted');
  });
});

describe('bedrock provider: models and health', () => {
  it('lists Bedrock models of the pricing table and supports aliases and profiles', async () => {
    const models = await provider.listModels();
    expect(models).toContain('anthropic.claude-3-5-sonnet-20241022-v2:0');
    expect(models).not.toContain('gpt-4o');
    expect(provider.supportsModel('claude-3.5-sonnet-v2')).toBe(true);
    expect(provider.supportsModel(`us.${CLAUDE_37}`)).toBe(true);
    expect(provider.supportsModel('gpt-4o')).toBe(false);
  });

  it('is healthy when credentials resolve, without calling AWS', async () => {
    expect(await provider.health()).toEqual({ configured: true, status: 'healthy' });
    expect(fake.requests).toHaveLength(0);
  });
});
