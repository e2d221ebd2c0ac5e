import { hash, timingSafeEqual } from 'node:crypto';

// One-shot crypto.hash (Node ≥ 20.12): it runs on every request, and a Hash object costs about twice as much.
const digest = (value: string) => hash('sha256', value, 'buffer');

/**
 * Checks `Authorization: Bearer <key>` in constant time. Both sides are hashed first so the comparison
 * covers equal-length buffers and the key's length does not leak through timing.
 */
export function createBearerCheck(apiKey: string): (authorization: string | undefined) => boolean {
  const expected = digest(apiKey);
  return (authorization) => {
    if (authorization === undefined) return false;
    const match = /^Bearer ([^\s]+)$/i.exec(authorization.trim());
    if (match?.[1] === undefined) return false;
    return timingSafeEqual(digest(match[1]), expected);
  };
}
