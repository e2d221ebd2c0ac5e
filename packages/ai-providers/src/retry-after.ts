/**
 * Milliseconds the upstream asked us to wait. `retry-after-ms` (OpenAI's precise header) wins over
 * `Retry-After`, which is either seconds or an HTTP date (RFC 9110 §10.2.3).
 */
export function parseRetryAfterMs(
  get: (name: string) => string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const precise = get('retry-after-ms');
  if (precise) {
    const ms = Number.parseFloat(precise);
    if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  }
  const value = get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return undefined;
}
