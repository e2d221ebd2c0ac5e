import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ErrorBodySchema } from './errors';
import { parseStreamEventData } from './sse';

describe('parseStreamEventData', () => {
  it('tells deltas, the done event, errors and the [DONE] sentinel apart', () => {
    expect(parseStreamEventData('{"content":"Hel"}')).toEqual({ type: 'delta', event: { content: 'Hel' } });
    const done = {
      done: true,
      model: 'mock-model',
      usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3, estimatedCost: 0 },
      conversationId: 'c1',
    };
    expect(parseStreamEventData(JSON.stringify(done))).toEqual({ type: 'done', event: done });
    expect(parseStreamEventData('{"error":{"code":"provider_timeout","message":"slow"}}')).toEqual({
      type: 'error',
      event: { error: { code: 'provider_timeout', message: 'slow' } },
    });
    expect(parseStreamEventData('[DONE]')).toEqual({ type: 'end' });
  });

  it('throws on payloads that are not events', () => {
    expect(() => parseStreamEventData('not json')).toThrow();
    expect(() => parseStreamEventData('{"contents":"typo"}')).toThrow();
  });
});

describe('error body', () => {
  it('pins the codes and statuses clients depend on', () => {
    expect(ERROR_CODES).toMatchObject({
      validation_error: 400,
      unauthorized: 401,
      payload_too_large: 413,
      rate_limited: 429,
      provider_auth: 502,
      provider_unavailable: 503,
      provider_timeout: 504,
    });
  });

  it('accepts the documented shape with details', () => {
    const body = {
      error: {
        code: 'validation_error',
        message: 'max_tokens: must be at least 1',
        details: { field: 'max_tokens', issues: [{ field: 'max_tokens', message: 'must be at least 1' }] },
      },
    };
    expect(ErrorBodySchema.parse(body)).toEqual(body);
    expect(ErrorBodySchema.safeParse({ error: 'boom' }).success).toBe(false);
  });
});
