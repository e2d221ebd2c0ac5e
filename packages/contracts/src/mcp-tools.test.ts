import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  HistoryOutputSchema,
  historyInputShape,
  historyOutputShape,
  SendMessageOutputSchema,
  sendMessageInputShape,
  sendMessageOutputShape,
  serverHealthOutputShape,
  statsOutputShape,
  toolJsonSchema,
  toolListEntry,
  toolListResult,
} from './mcp-tools';

const usage = { promptTokens: 3, completionTokens: 5, totalTokens: 8, estimatedCost: 0.00001 };
const record = {
  id: 'r1',
  timestamp: '2026-11-27T10:00:00.000Z',
  conversationId: 'c1',
  message: 'hi',
  aiResponse: 'hello',
  provider: 'mock',
  model: 'mock-model',
  usage,
  processingTime: 0.01,
  streamed: false,
  status: 'success',
};

describe('toolJsonSchema: what tools/list advertises', () => {
  it('keeps what a caller must respect in an input schema and drops the dialect and no-op bounds', () => {
    const json = toolJsonSchema(z.object(sendMessageInputShape), 'input');
    expect(json.$schema).toBeUndefined();
    expect(json.required).toEqual(['message']);
    const properties = json.properties as Record<string, Record<string, unknown>>;
    expect(properties.message).toMatchObject({ type: 'string', minLength: 1, maxLength: 10_000 });
    expect(properties.message?.description).toBeTruthy();
    expect(properties.max_tokens).toMatchObject({ type: 'integer', minimum: 1, maximum: 128_000 });
    expect(properties.conversation_id?.pattern).toBe('^[A-Za-z0-9_-]+$');
    // zod writes minLength 0 for the optional system prompt: a bound that bounds nothing.
    expect(properties.context).not.toHaveProperty('minLength');
    const history = toolJsonSchema(z.object(historyInputShape), 'input');
    expect((history.properties as Record<string, unknown>).limit).toMatchObject({ minimum: 1, maximum: 500 });
  });

  it('advertises a result by its fields, types and required ones, without bounds or closed objects', () => {
    const json = toolJsonSchema(z.object(sendMessageOutputShape), 'output');
    expect(json).toMatchObject({
      type: 'object',
      required: ['aiResponse', 'model', 'provider', 'usage', 'processingTime', 'conversationId'],
      properties: {
        aiResponse: { type: 'string' },
        usage: {
          type: 'object',
          properties: { totalTokens: { type: 'integer' }, estimatedCost: { type: 'number' } },
          required: ['promptTokens', 'completionTokens', 'totalTokens', 'estimatedCost'],
        },
      },
    });
    const text = JSON.stringify(json);
    for (const noise of [
      '$schema',
      'additionalProperties',
      'minimum',
      'maximum',
      String(Number.MAX_SAFE_INTEGER),
    ]) {
      expect(text).not.toContain(noise);
    }
  });

  it('advertises the records of other endpoints as bare objects but still validates them in full', () => {
    const history = toolJsonSchema(z.object(historyOutputShape), 'output');
    expect((history.properties as Record<string, unknown>).messages).toEqual({
      type: 'array',
      items: { type: 'object' },
    });
    const health = toolJsonSchema(z.object(serverHealthOutputShape), 'output');
    expect((health.properties as Record<string, unknown>).health).toEqual({ type: 'object' });
    const stats = toolJsonSchema(z.object(statsOutputShape), 'output');
    expect((stats.properties as Record<string, unknown>).modelBreakdown).toEqual({
      type: 'object',
      additionalProperties: { type: 'object' },
    });

    const page = { totalMessages: 1, totalAIResponses: 1, messages: [record] };
    expect(HistoryOutputSchema.safeParse(page).success).toBe(true);
    const badRecord = { ...page, messages: [{ ...record, usage: { totalTokens: 'many' } }] };
    expect(HistoryOutputSchema.safeParse(badRecord).success).toBe(false);
    const badStats = z.object(statsOutputShape).safeParse({
      totalRequests: 1,
      totalTokens: 8,
      estimatedTotalCost: 0,
      averageResponseTime: 0.1,
      modelBreakdown: { m: { requests: 'one' } },
    });
    expect(badStats.success).toBe(false);
  });

  it('is computed once per schema object', () => {
    const schema = z.object(sendMessageOutputShape);
    expect(toolJsonSchema(schema, 'output')).toBe(toolJsonSchema(schema, 'output'));
    expect(
      SendMessageOutputSchema.parse({
        aiResponse: 'x',
        model: 'm',
        provider: 'p',
        usage,
        processingTime: 0,
        conversationId: 'c',
      }),
    ).toBeTruthy();
  });
});

describe('toolListEntry', () => {
  it('lists a tool as the SDK would, without the default execution and with an empty input for no arguments', () => {
    const entry = toolListEntry('list_available_models', {
      title: 'List available models',
      description: 'Models.',
      outputSchema: z.object({ models: z.array(z.string()) }),
      execution: { taskSupport: 'forbidden' },
    });
    expect(entry).toEqual({
      name: 'list_available_models',
      title: 'List available models',
      description: 'Models.',
      inputSchema: { type: 'object', properties: {} },
      outputSchema: {
        type: 'object',
        properties: { models: { type: 'array', items: { type: 'string' } } },
        required: ['models'],
      },
    });
    expect(toolListEntry('t', { execution: { taskSupport: 'optional' } }).execution).toEqual({
      taskSupport: 'optional',
    });
  });
});

describe('toolListResult', () => {
  it('lists the enabled tools by name, in order, and leaves out a disabled one', () => {
    const result = toolListResult({
      first: { description: 'One.', enabled: true },
      hidden: { description: 'Off.', enabled: false },
      second: { description: 'Two.', enabled: true },
    });
    expect(result.tools.map((tool) => tool.name)).toEqual(['first', 'second']);
    expect(result.tools[1]).toEqual(toolListEntry('second', { description: 'Two.' }));
  });
});
