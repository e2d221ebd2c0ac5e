import type { ErrorBody } from '@org/contracts';

/** Stable codes of {@link ResponderClientError}; callers branch on these, never on message text. */
export type ResponderClientErrorCode =
  | 'unreachable'
  | 'timeout'
  | 'http_error'
  | 'invalid_response'
  | 'stream_error'
  | 'stream_cut'
  | 'aborted';

export const RESPONDER_CLIENT_ERROR_CODES: readonly ResponderClientErrorCode[] = [
  'unreachable',
  'timeout',
  'http_error',
  'invalid_response',
  'stream_error',
  'stream_cut',
  'aborted',
];

export interface ResponderClientErrorInit {
  code: ResponderClientErrorCode;
  message: string;
  method: string;
  url: string;
  /** Whether trying the same call again later may succeed (the client's own retries have already happened). */
  retryable: boolean;
  attempts: number;
  status?: number;
  body?: ErrorBody;
  retryAfterMs?: number;
  /** The response field that failed validation (`invalid_response`), dotted. */
  field?: string;
  cause?: unknown;
}

/** The one error every call of the responder client throws. */
export class ResponderClientError extends Error {
  override readonly name = 'ResponderClientError';
  readonly code: ResponderClientErrorCode;
  /** HTTP status when the server answered (`http_error`, `invalid_response`). */
  readonly status?: number;
  readonly retryable: boolean;
  /** How many HTTP requests were made for this call. */
  readonly attempts: number;
  readonly method: string;
  readonly url: string;
  /** The server's error body (`{error:{code,message,details?}}`) when it sent one; for `stream_error`, the error event. */
  readonly body?: ErrorBody;
  /** How long the server asked us to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
  readonly field?: string;

  constructor(init: ResponderClientErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.retryable = init.retryable;
    this.attempts = init.attempts;
    this.method = init.method;
    this.url = init.url;
    if (init.status !== undefined) this.status = init.status;
    if (init.body !== undefined) this.body = init.body;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.field !== undefined) this.field = init.field;
  }

  /** A copy with other fields; used to record the final attempt count and message. */
  with(changes: Partial<ResponderClientErrorInit>): ResponderClientError {
    return new ResponderClientError({
      code: this.code,
      message: this.message,
      method: this.method,
      url: this.url,
      retryable: this.retryable,
      attempts: this.attempts,
      status: this.status,
      body: this.body,
      retryAfterMs: this.retryAfterMs,
      field: this.field,
      cause: this.cause,
      ...changes,
    });
  }
}

/** Type guard; checks the name as well so two copies of the package still recognise each other's errors. */
export function isResponderClientError(error: unknown): error is ResponderClientError {
  return (
    error instanceof ResponderClientError ||
    (error instanceof Error &&
      error.name === 'ResponderClientError' &&
      typeof (error as { code?: unknown }).code === 'string')
  );
}
