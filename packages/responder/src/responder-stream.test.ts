import { request as httpRequest, type ServerResponse } from 'node:http';
import { createMockProvider, createProvider, type Provider } from '@org/ai-providers';
import {
  ErrorBodySchema,
  ProcessResponseSchema,
  parseStreamEventData,
  StreamDoneEventSchema,
} from '@org/contracts';
import { createMemoryLedger, type Ledger } from '@org/ledger';
import { type FakeOpenAI, startFakeOpenAI } from '@org/test-fakes';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type CreateResponderAppOptions, createResponderApp } from './responder-app';
import { createResponderService } from './responder-service';

let app: FastifyInstance | undefined;
let fake: FakeOpenAI | undefined;
let ledger: Ledger;
let url: string;

async function listen(provider: Provider, options: Partial<CreateResponderAppOptions> = {}) {
  ledger = createMemoryLedger();
  const service = createResponderService({
    provider,
    ledger,
    defaults: { temperature: 0.7, maxTokens: 100 },
  });
  app = await createResponderApp({ service, rateLimit: false, ...options });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
}

async function openaiAgainstFake(options: Partial<CreateResponderAppOptions> = {}, timeoutMs?: number) {
  fake = await startFakeOpenAI();
  await listen(
    createProvider({
      provider: 'openai',
      apiKey: 'sk-test',
      baseURL: fake.url,
      defaultModel: 'gpt-4o-mini',
      ...(timeoutMs !== undefined && { timeoutMs }),
    }),
    options,
  );
  return fake;
}

const post = (path: string, body: unknown, init: RequestInit = {}) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });

/** The `data:` payloads and comments of an SSE body, in order. */
function sseFrames(text: string): string[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => (frame.startsWith('data: ') ? frame.slice(6) : frame));
}

async function until<T>(check: () => Promise<T | undefined> | T | undefined, tries = 500): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition never met');
}

afterEach(async () => {
  await app?.close();
  await fake?.close();
  app = undefined;
  fake = undefined;
});

describe('POST /stream over a real socket', () => {
  it('sends deltas, a done event, then [DONE], with the no-buffering headers', async () => {
    await listen(createMockProvider());
    const res = await post('/stream', { message: 'Tell me a joke' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const frames = sseFrames(await res.text());
    expect(frames.at(-1)).toBe('[DONE]');
    const events = frames.map(parseStreamEventData);
    const text = events.flatMap((e) => (e.type === 'delta' ? [e.event.content] : [])).join('');
    expect(text).toContain("You said: 'Tell me a joke'");
    const done = StreamDoneEventSchema.parse(JSON.parse(frames.at(-2) ?? ''));
    expect(done.provider).toBe('mock');
    expect(done.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    const record = (await ledger.history()).records[0];
    expect(record).toMatchObject({
      streamed: true,
      status: 'success',
      reply: text,
      conversationId: done.conversationId,
    });
  });

  it('answers a plain JSON 400 when the body is invalid, before any stream starts', async () => {
    await listen(createMockProvider());
    const res = await post('/stream', { message: 'x', max_tokens: -1 });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(ErrorBodySchema.parse(await res.json()).error.details?.field).toBe('max_tokens');
  });

  it('sends `: heartbeat` comments while the provider is silent', async () => {
    const openai = await openaiAgainstFake({ heartbeatMs: 30 });
    openai.setBehavior({ type: 'stall', ms: 300 });
    const text = await (await post('/stream', { message: 'slow' })).text();
    expect(text).toContain(': heartbeat\n\n');
    expect(sseFrames(text).at(-1)).toBe('[DONE]');
  });

  it('ends a stream cut upstream with an error event and no [DONE]; the ledger records the failure', async () => {
    const openai = await openaiAgainstFake();
    openai.setBehavior({ type: 'cut-stream', afterChunks: 2 });
    const frames = sseFrames(await (await post('/stream', { message: 'one two three four five' })).text());
    expect(frames).not.toContain('[DONE]');
    const last = parseStreamEventData(frames.at(-1) ?? '');
    expect(last.type).toBe('error');
    const record = (await ledger.history()).records[0];
    // Whatever text arrived before the cut is kept; the status says the reply is not whole.
    expect(record?.status).toBe(record?.reply ? 'incomplete' : 'error');
    expect(record?.error?.code).toBe('provider_unavailable');
  });

  it('a client that disconnects aborts the provider call, recorded as aborted', async () => {
    const openai = await openaiAgainstFake();
    openai.setBehavior({ type: 'stall' });
    const controller = new AbortController();
    const res = await post('/stream', { message: 'never answered' }, { signal: controller.signal });
    expect(res.status).toBe(200);
    await until(() => openai.requests[0]);
    controller.abort();
    const record = await until(async () => (await ledger.history()).records[0]);
    expect(await openai.requests[0]?.settled).toBe('aborted');
    expect(record.status).toBe('aborted');
  });

  it('a client that stops reading, then disconnects, still ends the stream and is recorded as aborted', async () => {
    ledger = createMemoryLedger();
    const service = createResponderService({
      // The mock: through the OpenAI fake a 12 MB reply needs a 1 MB request, which the OpenAI SDK on Node 24
      // fails against the fake with a connection error (not investigated further; 400 KB requests work).
      provider: createProvider({ provider: 'mock' }),
      ledger,
      defaults: { temperature: 0.7, maxTokens: 100 },
      maxMessageChars: 1_000_000,
    });
    app = await createResponderApp({ service, rateLimit: false });
    const responses: ServerResponse[] = [];
    app.addHook('onRequest', async (_request, reply) => {
      responses.push(reply.raw);
    });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    // 500 000 one-word deltas: 12 MB of events, more than the socket buffers hold for a reader that never reads.
    const body = JSON.stringify({ message: 'w '.repeat(500_000) });
    const client = httpRequest(`${url}/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    client.on('error', () => {});
    client.on('response', (response) => response.pause());
    client.end(body);
    // The server is now waiting for the client to drain its response...
    await until(() => (responses[0]?.writableNeedDrain ? true : undefined), 3000);
    // ...and the client goes away instead.
    client.destroy();
    const record = await until(async () => (await ledger.history()).records[0]);
    expect(record.status).toBe('aborted');
    expect(responses[0]?.destroyed).toBe(true);
  }, 60_000);

  it('a /process client that disconnects aborts the provider call too', async () => {
    const openai = await openaiAgainstFake();
    openai.setBehavior({ type: 'stall' });
    const controller = new AbortController();
    const pending = post('/process', { message: 'never answered' }, { signal: controller.signal }).catch(
      () => 'gone',
    );
    await until(() => openai.requests[0]);
    controller.abort();
    expect(await pending).toBe('gone');
    expect(await openai.requests[0]?.settled).toBe('aborted');
    const record = await until(async () => (await ledger.history()).records[0]);
    expect(record.status).toBe('aborted');
  });
});

describe('rate limiting and auth over a real socket', () => {
  it('answers 429 with Retry-After and our error body', async () => {
    await listen(createMockProvider(), { rateLimit: { max: 2, windowMs: 60_000 } });
    expect((await fetch(`${url}/config`)).status).toBe(200);
    expect((await fetch(`${url}/config`)).status).toBe(200);
    const limited = await fetch(`${url}/config`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = ErrorBodySchema.parse(await limited.json());
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.details?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('accepts the right bearer key and refuses a wrong one', async () => {
    await listen(createMockProvider(), { apiKey: 'a-long-shared-key-123456' });
    const good = await post(
      '/process',
      { message: 'hi' },
      {
        headers: { 'content-type': 'application/json', authorization: 'Bearer a-long-shared-key-123456' },
      },
    );
    expect(good.status).toBe(200);
    ProcessResponseSchema.parse(await good.json());
    const bad = await post(
      '/stream',
      { message: 'hi' },
      {
        headers: { 'content-type': 'application/json', authorization: 'Bearer a-long-shared-key-12345' },
      },
    );
    expect(bad.status).toBe(401);
    expect(ErrorBodySchema.parse(await bad.json()).error.code).toBe('unauthorized');
  });
});
