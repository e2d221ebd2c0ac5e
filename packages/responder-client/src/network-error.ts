export interface NetworkFailure {
  /** Node/undici error code when there is one (`ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`, …). */
  code?: string;
  /** The most specific message in the cause chain, e.g. `connect ECONNREFUSED 127.0.0.1:8000`. */
  detail: string;
  /** false for failures that waiting will not fix (a host name that does not resolve). */
  retryable: boolean;
}

const PERMANENT_CODES = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID']);

function codeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Recognises a failure of the connection itself. Node's fetch (undici) rejects with `TypeError: fetch failed`
 * (before a response) or `TypeError: terminated` (while reading the body), the real reason in `cause`
 * (sometimes an AggregateError when a host name resolves to several addresses).
 */
export function describeNetworkFailure(error: unknown): NetworkFailure | undefined {
  if (!(error instanceof TypeError)) return undefined;
  if (
    error.message !== 'fetch failed' &&
    error.message !== 'terminated' &&
    codeOf(error.cause) === undefined
  ) {
    return undefined;
  }
  let current: unknown = error.cause;
  let code: string | undefined;
  let detail = error.message;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    code = codeOf(current) ?? code;
    if (current.message) detail = current.message;
    if (current instanceof AggregateError && current.errors[0] instanceof Error) {
      current = current.errors[0];
    } else {
      current = current.cause;
    }
  }
  if (code !== undefined && !detail.includes(code)) detail = `${detail} (${code})`;
  return { ...(code === undefined ? {} : { code }), detail, retryable: !PERMANENT_CODES.has(code ?? '') };
}
