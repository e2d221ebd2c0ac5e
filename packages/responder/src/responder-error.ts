import { isProviderError, type ProviderError, type ProviderName } from '@org/ai-providers';
import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@org/contracts';

export type ResponderErrorDetails = NonNullable<ErrorBody['error']['details']>;

/**
 * The one error the responder service throws: a stable `code` from the contracts' ERROR_CODES, its HTTP
 * status, and details safe to show a client (never key material).
 */
export class ResponderError extends Error {
  override readonly name = 'ResponderError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ResponderErrorDetails | undefined;
  readonly retryable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: ResponderErrorDetails; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = ERROR_CODES[code];
    this.details = options.details;
    this.retryable =
      code === 'rate_limited' || code === 'provider_timeout' || code === 'provider_unavailable';
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details !== undefined && { details: this.details }),
      },
    };
  }
}

export function isResponderError(error: unknown): error is ResponderError {
  return error instanceof ResponderError;
}

/** The variables an operator fixes when a provider refuses our credentials. */
const CREDENTIAL_HINT: Record<ProviderName, string> = {
  openai: 'check OPENAI_API_KEY (and OPENAI_BASE_URL if you use a compatible server)',
  bedrock:
    'check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE, and that the role may call bedrock:InvokeModel',
  mock: 'the mock provider needs no credentials',
};

/**
 * Provider failures as the HTTP API reports them (decisions in README.md "Errors"):
 * auth → 502 provider_auth; bad_request → 502 provider_bad_request (the body already passed our validation, so
 * an upstream refusal is the server's model/parameter setup, not the caller's JSON); rate_limit → 429 with
 * retryAfterSeconds; timeout → 504; unavailable → 503; not_found → 404 not_found naming `model` (the model does
 * not exist upstream); aborted → 499.
 */
export function fromProviderError(error: ProviderError): ResponderError {
  const provider = error.provider;
  const upstream = error.status === undefined ? '' : ` (upstream status ${error.status})`;
  switch (error.kind) {
    case 'auth':
      return new ResponderError(
        'provider_auth',
        `The ${provider} provider rejected the server's credentials${upstream}: ${CREDENTIAL_HINT[provider]}.`,
        { details: { provider }, cause: error },
      );
    case 'bad_request':
      return new ResponderError(
        'provider_bad_request',
        `The ${provider} provider refused the request${upstream}: ${error.message}`,
        {
          details: { provider },
          cause: error,
        },
      );
    case 'rate_limit': {
      const retryAfterSeconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
      return new ResponderError(
        'rate_limited',
        `The ${provider} provider is rate limiting requests; retry in ${retryAfterSeconds} s.`,
        { details: { provider, retryAfterSeconds }, cause: error },
      );
    }
    case 'timeout':
      return new ResponderError('provider_timeout', `The ${provider} provider did not answer in time.`, {
        details: { provider },
        cause: error,
      });
    case 'unavailable':
      return new ResponderError(
        'provider_unavailable',
        `The ${provider} provider is unavailable${upstream}; try again later.`,
        {
          details: { provider },
          cause: error,
        },
      );
    case 'not_found':
      return new ResponderError(
        'not_found',
        `The ${provider} provider does not know this model${upstream}: ${error.message}`,
        {
          details: { provider, field: 'model' },
          cause: error,
        },
      );
    case 'aborted':
      return new ResponderError('aborted', 'The request was cancelled by the client.', {
        details: { provider },
        cause: error,
      });
  }
}

/** Any failure as a ResponderError; unknown errors become a generic 500 that reveals nothing internal. */
export function toResponderError(error: unknown): ResponderError {
  if (isResponderError(error)) return error;
  if (isProviderError(error)) return fromProviderError(error);
  return new ResponderError('internal_error', 'Internal server error.', { cause: error });
}
