import type { ProviderErrorKind, ProviderName } from './types';

export interface ProviderErrorOptions {
  kind: ProviderErrorKind;
  provider: ProviderName;
  message: string;
  /** Upstream HTTP status, when the upstream answered. */
  status?: number;
  /** How long the upstream asked us to wait (from Retry-After / retry-after-ms). */
  retryAfterMs?: number;
  cause?: unknown;
}

/** Kinds a caller may retry after a pause; everything else needs a change (key, request, model) first. */
const RETRYABLE_KINDS: ReadonlySet<ProviderErrorKind> = new Set(['rate_limit', 'timeout', 'unavailable']);

/** The one error every provider throws. Check it with `isProviderError`, branch on `kind`, never on the message. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly provider: ProviderName;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean;

  constructor(options: ProviderErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = options.kind;
    this.provider = options.provider;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = RETRYABLE_KINDS.has(options.kind);
  }
}

/**
 * Type guard. Also accepts a ProviderError from another copy of this package (two versions installed side by
 * side), where `instanceof` would say no.
 */
export function isProviderError(error: unknown): error is ProviderError {
  if (error instanceof ProviderError) return true;
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'ProviderError' &&
    typeof (error as { kind?: unknown }).kind === 'string' &&
    typeof (error as { provider?: unknown }).provider === 'string'
  );
}

export function abortedError(provider: ProviderName, cause?: unknown): ProviderError {
  return new ProviderError({
    kind: 'aborted',
    provider,
    message: 'The request was aborted by the caller.',
    cause,
  });
}
