import { createProvider, type Provider } from '@org/ai-providers';
import {
  ConfigResponseSchema,
  ErrorBodySchema,
  HealthResponseSchema,
  ModelsResponseSchema,
  ProcessResponseSchema,
  parseStreamEventData,
} from '@org/contracts';
import { createMemoryLedger, type Ledger } from '@org/ledger';
import { estimateCost } from '@org/pricing';
import { type FakeBedrock, type FakeOpenAI, startFakeBedrock, startFakeOpenAI } from '@org/test-fakes';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createResponderApp } from './responder-app';
import { createResponderService } from './responder-service';

let openai: FakeOpenAI;
let bedrock: FakeBedrock;
let app: FastifyInstance | undefined;
let ledger: Ledger;

beforeAll(async () => {
  openai = await startFakeOpenAI();
  bedrock = await startFakeBedrock();
});
afterAll(async () => {
  await openai.close();
  await bedrock.close();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  openai.setBehavior({ type: 'ok' });
  bedrock.setBehavior({ type: 'ok' });
});

async function build(provider: Provider, conversation = { maxTurns: 20, maxChars: 40_000 }) {
  ledger = createMemoryLedger();
  const service = createResponderService({
    provider,
    ledger,
    defaults: { temperature: 0.5, maxTokens: 100 },
    conversation,
  });
  app = await createResponderApp({ service, rateLimit: false });
  return app;
}

const openaiProvider = (timeoutMs?: number) =>
  createProvider({
    provider: 'openai',
    apiKey: 'sk-test',
    baseURL: openai.url,
    defaultModel: 'gpt-4o-mini',
    ...(timeoutMs !== undefined && { timeoutMs }),
  });
const bedrockProvider = () =>
  createProvider({
    provider: 'bedrock',
    region: 'us-east-1',
    endpoint: bedrock.url,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    defaultModel: 'claude-3.5-sonnet-v2',
  });

const process = (payload: object) => app?.inject({ method: 'POST', url: '/process', payload });
const error = (body: string) => ErrorBodySchema.parse(JSON.parse(body)).error;

async function streamBody(payload: object) {
  const res = await app?.inject({ method: 'POST', url: '/stream', payload });
  const frames = (res?.body ?? '')
    .split('\n\n')
    .filter((f) => f.startsWith('data: '))
    .map((f) => f.slice(6));
  return frames;
}

describe('responder with the OpenAI adapter against the fake', () => {
  it('continues a conversation: the second request sends the earlier turn first', async () => {
    await build(openaiProvider());
    const first = ProcessResponseSchema.parse(
      (await process({ message: 'My name is Ada.', context: 'Be brief.' }))?.json(),
    );
    const second = ProcessResponseSchema.parse(
      (await process({ message: 'What is my name?', conversation_id: first.conversationId }))?.json(),
    );
    expect(second.conversationId).toBe(first.conversationId);
    const sent = openai.requests.at(-1)?.body as { messages: Array<{ role: string; content: string }> };
    expect(sent.messages).toEqual([
      { role: 'system', content: 'You are a helpful AI assistant.' },
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: first.aiResponse },
      { role: 'user', content: 'What is my name?' },
    ]);
    const firstSent = openai.requests.at(-2)?.body as { messages: Array<{ role: string; content: string }> };
    expect(firstSent.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
  });

  it('drops the oldest turns beyond the window', async () => {
    await build(openaiProvider(), { maxTurns: 1, maxChars: 40_000 });
    const first = ProcessResponseSchema.parse((await process({ message: 'one' }))?.json());
    await process({ message: 'two', conversation_id: first.conversationId });
    await process({ message: 'three', conversation_id: first.conversationId });
    const sent = openai.requests.at(-1)?.body as { messages: Array<{ content: string }> };
    expect(sent.messages.map((m) => m.content).slice(1)).toEqual(['two', expect.any(String), 'three']);
  });

  it('records usage and cost for /process and /stream', async () => {
    await build(openaiProvider());
    const reply = ProcessResponseSchema.parse(
      (await process({ message: 'What is Python?', max_tokens: 100 }))?.json(),
    );
    const expected = estimateCost('gpt-4o-mini', {
      inputTokens: reply.usage.promptTokens,
      outputTokens: reply.usage.completionTokens,
    });
    expect(reply.usage.priced).toBe(true);
    expect(reply.usage.estimatedCost).toBeCloseTo(expected.usd, 10);
    expect(openai.requests.at(-1)?.body).toMatchObject({ max_tokens: 100 });
    const frames = await streamBody({ message: 'Tell me a joke' });
    expect(frames.at(-1)).toBe('[DONE]');
    const done = parseStreamEventData(frames.at(-2) ?? '');
    expect(done.type).toBe('done');
    const records = (await ledger.history()).records;
    expect(records[0]).toMatchObject({ streamed: true, status: 'success', priced: true });
    expect(records[0]?.inputTokens).toBeGreaterThan(0);
    expect(records[0]?.costUsd).toBeGreaterThan(0);
    expect(records[1]).toMatchObject({
      streamed: false,
      status: 'success',
      costUsd: reply.usage.estimatedCost,
    });
  });

  it('maps provider failures to our status codes, recording each', async () => {
    await build(openaiProvider(300));
    const cases: Array<[Parameters<FakeOpenAI['enqueueBehavior']>[0], number, string]> = [
      [{ type: 'error', status: 401 }, 502, 'provider_auth'],
      [{ type: 'error', status: 400 }, 502, 'provider_bad_request'],
      [{ type: 'error', status: 404 }, 404, 'not_found'],
      [{ type: 'error', status: 503 }, 503, 'provider_unavailable'],
      [{ type: 'stall' }, 504, 'provider_timeout'],
    ];
    for (const [behavior, status, code] of cases) {
      openai.enqueueBehavior(behavior);
      const res = await process({ message: 'x' });
      expect([res?.statusCode, error(res?.body ?? '').code], code).toEqual([status, code]);
      expect(res?.body).not.toContain('sk-test');
    }
    const auth = await (async () => {
      openai.enqueueBehavior({ type: 'error', status: 401 });
      return error((await process({ message: 'x' }))?.body ?? '');
    })();
    expect(auth.message).toMatch(/openai.*OPENAI_API_KEY/);
    openai.enqueueBehavior({ type: 'error', status: 429, retryAfterSeconds: 7 });
    const limited = await process({ message: 'x' });
    expect(limited?.statusCode).toBe(429);
    expect(limited?.headers['retry-after']).toBe('7');
    expect(error(limited?.body ?? '').code).toBe('rate_limited');
    const statuses = (await ledger.history({ limit: 50 })).records.map((r) => r.status);
    expect(statuses).toContain('timeout');
    expect(statuses.filter((s) => s === 'error').length).toBeGreaterThanOrEqual(5);
  });
});

describe('responder with the Bedrock adapter against the fake', () => {
  it('records usage and cost for /process and /stream', async () => {
    await build(bedrockProvider());
    const reply = ProcessResponseSchema.parse((await process({ message: 'What is Python?' }))?.json());
    expect(reply.provider).toBe('bedrock');
    expect(reply.usage.priced).toBe(true);
    expect(reply.usage.estimatedCost).toBeGreaterThan(0);
    expect(bedrock.requests.at(-1)?.operation).toBe('converse');
    const frames = await streamBody({ message: 'Stream please' });
    expect(frames.at(-1)).toBe('[DONE]');
    const record = (await ledger.history()).records[0];
    expect(record).toMatchObject({ streamed: true, status: 'success', priced: true, provider: 'bedrock' });
    expect(record?.costUsd).toBeGreaterThan(0);
    expect(bedrock.requests.at(-1)?.operation).toBe('converse-stream');
  });
});

describe('the original README curl examples', () => {
  it('health, process, models, config and stream give the documented shapes', async () => {
    await build(openaiProvider());
    const health = HealthResponseSchema.parse((await app?.inject('/health'))?.json());
    expect(health).toMatchObject({
      server: 'Server B (AI Responder)',
      provider: 'openai',
      ai: { configured: true },
    });
    // The seed's expected /health output must parse as well.
    HealthResponseSchema.parse({
      status: 'healthy',
      server: 'Server B (AI Responder)',
      provider: 'openai',
      messagesProcessed: 0,
      ai: { configured: true, status: 'healthy' },
    });
    const reply = await process({ message: 'What is Python?', model: 'gpt-4o-mini', max_tokens: 100 });
    expect(ProcessResponseSchema.parse(reply?.json()).model).toMatch(/gpt-4o-mini/);
    ModelsResponseSchema.parse((await app?.inject('/models'))?.json());
    ConfigResponseSchema.parse((await app?.inject('/config'))?.json());
    const frames = await streamBody({ message: 'Tell me a joke', model: 'gpt-4o-mini', max_tokens: 100 });
    expect(frames.at(-1)).toBe('[DONE]');
  });
});
