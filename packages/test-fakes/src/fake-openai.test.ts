import { afterEach, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from './fake-openai';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
});

const body = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: 'o3', messages: [{ role: 'user', content: 'hi there' }], ...extra });

describe('fake OpenAI', () => {
  it('answers chat completions in the real wire shape and records the request', async () => {
    fake = await startFakeOpenAI();
    const res = await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: body() });
    const json = (await res.json()) as Record<string, unknown>;
    expect(json).toMatchObject({
      object: 'chat.completion',
      model: 'o3',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Echo: hi there' }, finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 },
    });
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', aborted: false });
    expect(await fake.requests[0]?.settled).toBe('completed');
  });

  it('counts without recording when recordRequests is false, and listens on a chosen port', async () => {
    const probe = await startFakeOpenAI();
    const port = probe.port;
    await probe.close();
    fake = await startFakeOpenAI({ recordRequests: false, port });
    expect(fake.url).toBe(`http://127.0.0.1:${port}/v1`);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: body() });
      expect(((await res.json()) as { id: string }).id).toBe(`chatcmpl-fake${i + 1}`);
    }
    expect(fake.requests).toEqual([]);
    expect(fake.requestCount).toBe(3);
  });

  it('streams SSE chunks, a usage chunk with empty choices, then [DONE]', async () => {
    fake = await startFakeOpenAI();
    const res = await fetch(`${fake.url}/chat/completions`, {
      method: 'POST',
      body: body({ stream: true, stream_options: { include_usage: true } }),
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const usageChunk = JSON.parse(events.at(-2)?.slice('data: '.length) ?? '{}');
    expect(usageChunk).toMatchObject({ choices: [], usage: { completion_tokens: 3 } });
  });

  it('refuses chosen parameters with unsupported_parameter and scripts errors with Retry-After', async () => {
    fake = await startFakeOpenAI({ rejectParameters: { o3: ['max_tokens'] } });
    const refused = await fetch(`${fake.url}/chat/completions`, {
      method: 'POST',
      body: body({ max_tokens: 5 }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { code: 'unsupported_parameter', param: 'max_tokens' },
    });
    fake.enqueueBehavior({ type: 'error', status: 429, retryAfterSeconds: 4 });
    const limited = await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: body() });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('4');
  });
});
