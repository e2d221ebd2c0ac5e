import { describe, expect, it } from 'vitest';
import { computeBackoffDelay } from './backoff';
import { parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date relative to now, a past date giving 0', () => {
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sun, 01 Jun 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
  });
});

describe('computeBackoffDelay', () => {
  it('doubles the cap per attempt up to the maximum, with full jitter below it', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => computeBackoffDelay(n, 500, 10_000, () => 0.999999))).toEqual([
      499, 999, 1999, 3999, 7999, 9999,
    ]);
    expect(computeBackoffDelay(3, 500, 10_000, () => 0)).toBe(0);
  });
});
