import { createMockProvider } from '@org/ai-providers';
import {
  ConfigResponseSchema,
  ErrorBodySchema,
  HealthResponseSchema,
  MessagesResponseSchema,
  ModelsResponseSchema,
  ProcessResponseSchema,
  StatsResponseSchema,
} from '@org/contracts';
import { createMemoryLedger, type Ledger } from '@org/ledger';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createResponderApp } from './responder-app';
import { createResponderService } from './responder-service';

const KEY = 'test-key-0123456789abcdef';
let app: FastifyInstance;
let ledger: Ledger;

async function build(options: { apiKey?: string; bodyLimitBytes?: number } = {}) {
  ledger = createMemoryLedger();
  const service = createResponderService({
    provider: createMockProvider(),
    ledger,
    defaults: { temperature: 0.7, maxTokens: 1000 },
  });
  app = await createResponderApp({ service, rateLimit: false, ...options });
  return app;
}

const auth = { authorization: `Bearer ${KEY}` };

function errorOf(body: string) {
  return ErrorBodySchema.parse(JSON.parse(body)).error;
}

afterEach(async () => {
  await app?.close();
});

describe('responder app routes (mock provider)', () => {
  it('POST /process answers the documented shape and records the exchange', async () => {
    await build();
    const res = await app.inject({
      method: 'POST',
      url: '/process',
      payload: { message: 'What is Python?', model: 'mock-model', max_tokens: 100 },
    });
    expect(res.statusCode).toBe(200);
    const body = ProcessResponseSchema.parse(res.json());
    expect(body.aiResponse).toContain("You said: 'What is Python?'");
    expect(body.provider).toBe('mock');
    expect(body.usage.totalTokens).toBe(body.usage.promptTokens + body.usage.completionTokens);
    expect(body.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    // The mock is free by construction: a known $0, not an unknown price.
    expect(body.usage).toMatchObject({ estimatedCost: 0, priced: true });
    expect((await ledger.stats()).unpricedRequests).toBe(0);
    const history = await ledger.history();
    expect(history.records[0]?.reply).toBe(body.aiResponse);
    expect(history.records[0]?.status).toBe('success');
  });

  it('GET /health, /models, /config, /stats, /messages parse with the contracts', async () => {
    await build();
    await app.inject({ method: 'POST', url: '/process', payload: { message: 'hi' } });
    const health = HealthResponseSchema.parse((await app.inject('/health')).json());
    expect(health).toMatchObject({
      status: 'healthy',
      server: 'Server B (AI Responder)',
      provider: 'mock',
      messagesProcessed: 1,
    });
    expect(health.ai).toEqual({ configured: true, status: 'healthy' });
    const models = ModelsResponseSchema.parse((await app.inject('/models')).json());
    expect(models.models).toContain('mock-model');
    expect(models.default).toBe('mock-model');
    expect(ConfigResponseSchema.parse((await app.inject('/config')).json())).toEqual({
      provider: 'mock',
      defaultModel: 'mock-model',
      temperature: 0.7,
      maxTokens: 1000,
    });
    const stats = StatsResponseSchema.parse((await app.inject('/stats')).json());
    expect(stats.totalRequests).toBe(1);
    expect(stats.modelBreakdown['mock-model']?.requests).toBe(1);
    const messages = MessagesResponseSchema.parse((await app.inject('/messages?limit=5')).json());
    expect(messages).toMatchObject({ total: 1, limit: 5, offset: 0 });
    expect(messages.messages[0]?.message).toBe('hi');
  });

  it('validation errors name the failing field', async () => {
    await build();
    const cases: Array<[object, string]> = [
      [{}, 'message'],
      [{ message: '' }, 'message'],
      [{ message: 'x', temperature: 3 }, 'temperature'],
      [{ message: 'x', max_tokens: 0 }, 'max_tokens'],
      [{ message: 'x', surprise: 1 }, 'surprise'],
      [{ message: 'x'.repeat(10_001) }, 'message'],
    ];
    for (const [payload, field] of cases) {
      const res = await app.inject({ method: 'POST', url: '/process', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const error = errorOf(res.body);
      expect(error.code).toBe('validation_error');
      expect(error.details?.field).toBe(field);
    }
    const query = await app.inject('/messages?limit=0');
    expect(query.statusCode).toBe(400);
    expect(errorOf(query.body).details?.field).toBe('limit');
  });

  it('invalid JSON, prototype keys, wrong content type, too large, unknown route', async () => {
    await build({ bodyLimitBytes: 2048 });
    const post = (payload: string, type = 'application/json') =>
      app.inject({ method: 'POST', url: '/process', payload, headers: { 'content-type': type } });
    let res = await post('{"message": ');
    expect([res.statusCode, errorOf(res.body).code]).toEqual([400, 'invalid_json']);
    res = await post('{"message":"x","__proto__":{"polluted":true}}');
    expect([res.statusCode, errorOf(res.body).code]).toEqual([400, 'invalid_json']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    res = await post('{"message":"x","constructor":{"prototype":{"polluted":true}}}');
    expect(res.statusCode).toBe(400);
    res = await post('message=hi', 'text/plain');
    expect([res.statusCode, errorOf(res.body).code]).toEqual([415, 'unsupported_media_type']);
    res = await post(JSON.stringify({ message: 'x'.repeat(3000) }));
    expect([res.statusCode, errorOf(res.body).code]).toEqual([413, 'payload_too_large']);
    res = await app.inject('/nope');
    expect([res.statusCode, errorOf(res.body).code]).toEqual([404, 'not_found']);
  });

  it('PATCH and PUT /config change defaults; an unknown model is refused with the accepted list', async () => {
    await build();
    let res = await app.inject({
      method: 'PATCH',
      url: '/config',
      payload: { temperature: 0.2, max_tokens: 50 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ temperature: 0.2, maxTokens: 50 });
    res = await app.inject({ method: 'PUT', url: '/config', payload: { model: 'mock-model-large' } });
    expect(res.json()).toMatchObject({ defaultModel: 'mock-model-large' });
    res = await app.inject({ method: 'PATCH', url: '/config', payload: { model: 'gpt-4o' } });
    expect(res.statusCode).toBe(400);
    const error = errorOf(res.body);
    expect(error.details?.field).toBe('model');
    expect(error.details?.accepted).toEqual(['mock-model', 'mock-model-large']);
    res = await app.inject({ method: 'PATCH', url: '/config', payload: {} });
    expect(res.statusCode).toBe(400);
    res = await app.inject({ method: 'PATCH', url: '/config', payload: { temperature: -1 } });
    expect(errorOf(res.body).details?.field).toBe('temperature');
    // per-request values override the defaults without changing them
    const processed = await app.inject({
      method: 'POST',
      url: '/process',
      payload: { message: 'm', model: 'mock-model' },
    });
    expect(processed.json().model).toBe('mock-model');
    expect((await app.inject('/config')).json().defaultModel).toBe('mock-model-large');
  });

  it('requires the bearer key everywhere but /health', async () => {
    await build({ apiKey: KEY });
    const bad = [
      {},
      { authorization: KEY },
      { authorization: `Basic ${KEY}` },
      { authorization: 'Bearer wrong' },
      { authorization: `Bearer ${KEY.slice(0, -1)}` },
      { authorization: `Bearer ${KEY}x` },
      { authorization: 'Bearer ' },
    ];
    for (const headers of bad) {
      const res = await app.inject({ method: 'GET', url: '/config', headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
      expect(errorOf(res.body).code).toBe('unauthorized');
    }
    const patch = await app.inject({ method: 'PATCH', url: '/config', payload: { temperature: 1 } });
    expect(patch.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/config', headers: auth })).statusCode).toBe(200);
    const health = await app.inject('/health');
    expect(health.statusCode).toBe(200);
    expect(health.body).not.toContain(KEY);
  });

  it('health reveals no message content', async () => {
    await build();
    await app.inject({ method: 'POST', url: '/process', payload: { message: 'secret plans' } });
    const health = await app.inject('/health');
    expect(health.body).not.toContain('secret plans');
  });
});
