import { describe, expect, it } from 'vitest';
import { isProviderError } from '../provider-error';
import type { StreamPart } from '../types';
import { createMockProvider } from './mock-provider';

const hello = [{ role: 'user' as const, content: 'Hello' }];

describe('mock provider', () => {
  it('answers with the seed-compatible text, counting per instance', async () => {
    const provider = createMockProvider();
    const first = await provider.complete({ messages: hello });
    const second = await provider.complete({ messages: [{ role: 'user', content: 'Again' }] });
    expect(first.text).toBe(
      "[MOCK RESPONSE #1] You said: 'Hello'. This is a test response without calling any external API.",
    );
    expect(second.text).toMatch(/^\[MOCK RESPONSE #2\] You said: 'Again'\./);
    expect((await createMockProvider().complete({ messages: hello })).text).toMatch(/^\[MOCK RESPONSE #1\]/);
    expect(first.model).toBe('mock-model');
    expect(first.finishReason).toBe('stop');
  });

  it('reports plausible token counts (about 4 characters a token, at least 1)', async () => {
    const result = await createMockProvider().complete({
      messages: [{ role: 'user', content: 'a'.repeat(400) }],
    });
    expect(result.usage.inputTokens).toBe(100);
    expect(result.usage.outputTokens).toBe(Math.ceil(result.text.length / 4));
    const tiny = await createMockProvider().complete({ messages: [{ role: 'user', content: '' }] });
    expect(tiny.usage.inputTokens).toBe(1);
  });

  it('streams word by word; the deltas join to exactly the complete() text', async () => {
    const parts: StreamPart[] = [];
    for await (const part of createMockProvider().stream({ messages: hello, model: 'mock-model-large' })) {
      parts.push(part);
    }
    const expected = (await createMockProvider().complete({ messages: hello })).text;
    const deltas = parts.filter((p) => p.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.map((p) => p.text).join('')).toBe(expected);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', model: 'mock-model-large', finishReason: 'stop' });
  });

  it('rejects with aborted when aborted during its latency', async () => {
    const provider = createMockProvider({ latencyMs: 60_000 });
    const controller = new AbortController();
    const pending = provider.complete({ messages: hello, signal: controller.signal });
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(isProviderError(error) && error.kind).toBe('aborted');
  });

  it('paces a stream with streamDelayMs between words, and an abort mid-stream stops it', async () => {
    const provider = createMockProvider({ streamDelayMs: 60_000 });
    const controller = new AbortController();
    const seen: string[] = [];
    const consumed = (async () => {
      for await (const part of provider.stream({ messages: hello, signal: controller.signal })) {
        if (part.type === 'text-delta') seen.push(part.text);
        // The first word comes at once; the second waits for the pause, which the abort cuts short.
        controller.abort();
      }
    })().catch((e: unknown) => e);
    const error = await consumed;
    expect(seen).toEqual(['[MOCK']);
    expect(isProviderError(error) && error.kind).toBe('aborted');
  });

  it('lists its models, supports them, and is always healthy', async () => {
    const provider = createMockProvider({ defaultModel: 'mock-model' });
    expect(await provider.listModels()).toEqual(['mock-model', 'mock-model-large']);
    expect(provider.supportsModel('mock-model-large')).toBe(true);
    expect(provider.supportsModel('gpt-4o')).toBe(false);
    expect(await provider.health()).toEqual({ configured: true, status: 'healthy' });
  });
});
