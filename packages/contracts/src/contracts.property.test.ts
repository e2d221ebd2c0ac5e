import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProcessRequestSchema, ProcessResponseSchema } from './http';
import { hasUnpairedSurrogate } from './text';

describe('property: what the schemas accept round-trips through JSON', () => {
  it('process requests', () => {
    const request = fc.record(
      {
        message: fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }),
        context: fc.string({ maxLength: 50 }),
        model: fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/),
        temperature: fc.double({ min: 0, max: 2, noNaN: true }),
        max_tokens: fc.integer({ min: 1, max: 128_000 }),
        conversation_id: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
      },
      { requiredKeys: ['message'] },
    );
    fc.assert(
      fc.property(request, (body) => {
        const parsed = ProcessRequestSchema.safeParse(body);
        if (!parsed.success) return true; // control characters etc. are rejected; that's covered elsewhere
        const again = ProcessRequestSchema.parse(JSON.parse(JSON.stringify(parsed.data)));
        expect(again).toEqual(parsed.data);
        return true;
      }),
    );
  });

  it('process responses', () => {
    const usage = fc.record({
      promptTokens: fc.nat(),
      completionTokens: fc.nat(),
      totalTokens: fc.nat(),
      estimatedCost: fc.double({ min: 0, max: 1000, noNaN: true }),
    });
    const response = fc.record({
      status: fc.constant('success' as const),
      aiResponse: fc.string(),
      model: fc.string(),
      provider: fc.string(),
      usage,
      timestamp: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      processingTime: fc.double({ min: 0, max: 1e6, noNaN: true }),
      conversationId: fc.uuid(),
    });
    fc.assert(
      fc.property(response, (body) => {
        const parsed = ProcessResponseSchema.parse(body);
        expect(ProcessResponseSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
      }),
    );
  });
});

describe('property: message text', () => {
  it('accepts any well-formed text without control characters and rejects unpaired surrogates', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 100, unit: 'binary' }), (message) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the property is about control characters
        const hasControl = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(message);
        const ok = ProcessRequestSchema.safeParse({ message }).success;
        expect(ok).toBe(!hasControl && !hasUnpairedSurrogate(message));
      }),
    );
  });
});
