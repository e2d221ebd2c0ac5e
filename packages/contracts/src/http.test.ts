import { describe, expect, it } from 'vitest';
import { toErrorIssues } from './errors';
import {
  ConfigResponseSchema,
  ConfigUpdateSchema,
  createProcessRequestSchema,
  HealthResponseSchema,
  MessagesQuerySchema,
  ModelsResponseSchema,
  ProcessRequestSchema,
  ProcessResponseSchema,
  StatsResponseSchema,
} from './http';
import { HistoryOutputSchema, SendMessageInputSchema } from './mcp-tools';

function failingFields(result: { success: boolean; error?: unknown }): string[] {
  expect(result.success).toBe(false);
  // biome-ignore lint/suspicious/noExplicitAny: narrowing zod's error type in a test helper
  return toErrorIssues((result as any).error).map((issue) => issue.field);
}

describe('the original system README payloads', () => {
  // Request bodies from the curl examples in shared/seed/original-python-readme.md.
  it.each([
    { message: 'What is Python?', model: 'gpt-4o-mini', max_tokens: 100 },
    { message: 'What is Python?', model: 'claude-3.5-sonnet-v2', max_tokens: 100 },
    { message: 'Tell me a joke', model: 'gpt-4o-mini', max_tokens: 100 },
  ])('accepts the /process and /stream body %j', (body) => {
    expect(ProcessRequestSchema.parse(body)).toEqual(body);
  });

  it('accepts the documented /health answers for OpenAI and Bedrock', () => {
    for (const provider of ['openai', 'bedrock']) {
      const body = {
        status: 'healthy',
        server: 'Server B (AI Responder)',
        provider,
        messagesProcessed: 0,
        ai: { configured: true, status: 'healthy' },
      };
      expect(HealthResponseSchema.parse(body)).toEqual(body);
    }
  });

  it('accepts the tool arguments of the end-to-end example', () => {
    const args = { message: 'Explain MCP in one sentence.', model: 'gpt-4o-mini', max_tokens: 50 };
    expect(SendMessageInputSchema.parse(args)).toEqual(args);
  });
});

describe('ProcessRequestSchema rejects malformed requests naming the field', () => {
  it.each([
    [{}, 'message'],
    [{ message: '' }, 'message'],
    [{ message: 'x'.repeat(10_001) }, 'message'],
    [{ message: 42 }, 'message'],
    [{ message: 'hi', temperature: 2.5 }, 'temperature'],
    [{ message: 'hi', temperature: -0.1 }, 'temperature'],
    [{ message: 'hi', temperature: '0.5' }, 'temperature'],
    [{ message: 'hi', max_tokens: 0 }, 'max_tokens'],
    [{ message: 'hi', max_tokens: -5 }, 'max_tokens'],
    [{ message: 'hi', max_tokens: 1.5 }, 'max_tokens'],
    [{ message: 'hi', max_tokens: 10_000_000 }, 'max_tokens'],
    [{ message: 'hi', model: '' }, 'model'],
    [{ message: 'hi', model: 'x'.repeat(300) }, 'model'],
    [{ message: 'hi', model: 'gpt 4o; rm -rf' }, 'model'],
    [{ message: 'hi', conversation_id: '../etc/passwd' }, 'conversation_id'],
    [{ message: 'hi', unexpected: true }, 'unexpected'],
    [{ message: 'bell\u0007' }, 'message'],
    [{ message: 'lone \ud800 surrogate' }, 'message'],
    [{ message: 'hi', context: 'nul\u0000' }, 'context'],
  ])('%j fails on %s', (body, field) => {
    expect(failingFields(ProcessRequestSchema.safeParse(body))).toContain(field);
  });

  it('keeps tabs, newlines, emoji and paired surrogates', () => {
    const message = 'line one\n\tline two 🚀 — ünïcödé\r\n';
    expect(ProcessRequestSchema.parse({ message }).message).toBe(message);
  });

  it('honours a configured message bound', () => {
    const schema = createProcessRequestSchema({ maxMessageChars: 5 });
    expect(schema.safeParse({ message: '12345' }).success).toBe(true);
    expect(failingFields(schema.safeParse({ message: '123456' }))).toEqual(['message']);
  });
});

describe('responses', () => {
  const usage = { promptTokens: 12, completionTokens: 30, totalTokens: 42, estimatedCost: 0.000317 };

  it('accepts a /process answer and names a missing usage field', () => {
    const body = {
      status: 'success',
      aiResponse: 'Python is a programming language.',
      model: 'gpt-4o-mini',
      provider: 'openai',
      usage,
      timestamp: '2026-11-27T10:00:00.000Z',
      processingTime: 1.23,
      conversationId: 'c-1',
    };
    expect(ProcessResponseSchema.parse(body)).toEqual(body);
    const broken = { ...body, usage: { ...usage, promptTokens: undefined } };
    expect(failingFields(ProcessResponseSchema.safeParse(broken))).toEqual(['usage.promptTokens']);
  });

  it('accepts /models, /config and /stats answers', () => {
    expect(
      ModelsResponseSchema.parse({ provider: 'mock', models: ['mock-model'], default: 'mock-model' }),
    ).toBeTruthy();
    expect(
      ConfigResponseSchema.parse({
        provider: 'openai',
        defaultModel: 'gpt-4',
        temperature: 0.7,
        maxTokens: 1000,
      }),
    ).toBeTruthy();
    const stats = {
      totalRequests: 2,
      totalTokens: 84,
      estimatedTotalCost: 0.0006,
      averageResponseTime: 1.1,
      modelBreakdown: { 'gpt-4o-mini': { requests: 2, tokens: 84, cost: 0.0006 } },
    };
    expect(StatsResponseSchema.parse(stats)).toEqual(stats);
    expect(failingFields(StatsResponseSchema.safeParse({ ...stats, totalRequests: -1 }))).toEqual([
      'totalRequests',
    ]);
  });

  it('history output names a malformed record field', () => {
    const result = HistoryOutputSchema.safeParse({
      totalMessages: 1,
      totalAIResponses: 1,
      messages: [{ id: 'x' }],
    });
    expect(failingFields(result)).toContain('messages.0.timestamp');
  });
});

describe('config update and messages query', () => {
  it('requires at least one field and rejects unknown ones', () => {
    expect(ConfigUpdateSchema.parse({ model: 'gpt-4o' })).toEqual({ model: 'gpt-4o' });
    expect(ConfigUpdateSchema.safeParse({}).success).toBe(false);
    expect(failingFields(ConfigUpdateSchema.safeParse({ temperature: 3 }))).toEqual(['temperature']);
    expect(failingFields(ConfigUpdateSchema.safeParse({ maxTokens: 5 }))).toContain('maxTokens');
  });

  it('coerces query strings and applies defaults', () => {
    expect(MessagesQuerySchema.parse({})).toEqual({ limit: 20, offset: 0 });
    expect(MessagesQuerySchema.parse({ limit: '5', offset: '10', conversation_id: 'abc' })).toEqual({
      limit: 5,
      offset: 10,
      conversation_id: 'abc',
    });
    for (const [query, field] of [
      [{ limit: 'ten' }, 'limit'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '501' }, 'limit'],
      [{ offset: '-1' }, 'offset'],
      [{ sort: 'asc' }, 'sort'],
    ] as const) {
      expect(failingFields(MessagesQuerySchema.safeParse(query))).toEqual([field]);
    }
  });
});
