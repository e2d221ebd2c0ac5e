import { describe, expect, it } from 'vitest';
import { isProviderError, ProviderError } from './provider-error';
import { parseRetryAfterMs } from './retry-after';
import type { ProviderErrorKind } from './types';

describe('ProviderError', () => {
  it('pins which kinds are retryable', () => {
    const kinds: ProviderErrorKind[] = [
      'auth',
      'rate_limit',
      'bad_request',
      'not_found',
      'timeout',
      'unavailable',
      'aborted',
    ];
    const retryable = kinds.filter(
      (kind) => new ProviderError({ kind, provider: 'mock', message: kind }).retryable,
    );
    expect(retryable).toEqual(['rate_limit', 'timeout', 'unavailable']);
  });

  it('carries status, retryAfterMs and cause, and is recognised by the guard', () => {
    const cause = new Error('upstream');
    const error = new ProviderError({
      kind: 'rate_limit',
      provider: 'openai',
      message: 'slow down',
      status: 429,
      retryAfterMs: 2000,
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'ProviderError',
      status: 429,
      retryAfterMs: 2000,
      provider: 'openai',
    });
    expect(error.cause).toBe(cause);
    expect(isProviderError(error)).toBe(true);
    expect(isProviderError(new Error('x'))).toBe(false);
    // A ProviderError from another copy of the package still passes.
    expect(isProviderError({ name: 'ProviderError', kind: 'timeout', provider: 'openai', message: '' })).toBe(
      true,
    );
  });
});

describe('parseRetryAfterMs', () => {
  const headers = (h: Record<string, string>) => (name: string) => h[name];
  it('reads seconds, HTTP dates and retry-after-ms', () => {
    expect(parseRetryAfterMs(headers({ 'retry-after': '3' }))).toBe(3000);
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '250.4', 'retry-after': '3' }))).toBe(250);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }), now)).toBe(10_000);
    expect(parseRetryAfterMs(headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfterMs(headers({}))).toBeUndefined();
  });
});
