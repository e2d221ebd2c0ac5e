import { abortedError, isProviderError, ProviderError } from '../provider-error';
import type { ProviderErrorKind } from '../types';

const KIND_BY_NAME: Record<string, ProviderErrorKind> = {
  AccessDeniedException: 'auth',
  UnrecognizedClientException: 'auth',
  ExpiredTokenException: 'auth',
  InvalidSignatureException: 'auth',
  IncompleteSignatureException: 'auth',
  MissingAuthenticationTokenException: 'auth',
  CredentialsProviderError: 'auth',
  ThrottlingException: 'rate_limit',
  ServiceQuotaExceededException: 'rate_limit',
  TooManyRequestsException: 'rate_limit',
  ValidationException: 'bad_request',
  ResourceNotFoundException: 'not_found',
  ModelTimeoutException: 'timeout',
  TimeoutError: 'timeout',
  RequestTimeout: 'timeout',
  ServiceUnavailableException: 'unavailable',
  InternalServerException: 'unavailable',
  ModelNotReadyException: 'unavailable',
  ModelStreamErrorException: 'unavailable',
  modelStreamErrorException: 'unavailable',
  ModelErrorException: 'unavailable',
};

const CREDENTIALS_HINT =
  'Bedrock credentials were refused or not found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, ' +
  'or run with an IAM role) and make sure the identity may call bedrock:InvokeModel in the region.';

/** Bedrock's answer when a base model id can only be called through an inference profile. */
const ON_DEMAND_REFUSAL = /on-demand throughput isn.t supported/i;

function kindForStatus(status: number | undefined): ProviderErrorKind {
  if (status === undefined) return 'unavailable';
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'bad_request';
}

interface AwsErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Any error from the Bedrock runtime client → ProviderError. */
export function mapBedrockError(
  error: unknown,
  context: { modelId: string; signal?: AbortSignal; timedOut?: boolean },
): ProviderError {
  if (isProviderError(error)) return error;
  if (context.signal?.aborted) return abortedError('bedrock', error);
  if (context.timedOut) {
    return new ProviderError({
      kind: 'timeout',
      provider: 'bedrock',
      message: 'Bedrock did not answer in time (request timeout).',
      cause: error,
    });
  }
  const aws = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorShape;
  const name = aws.name ?? '';
  const status = aws.$metadata?.httpStatusCode;
  const upstreamMessage = aws.message ?? String(error);
  if (name === 'AbortError') return abortedError('bedrock', error);
  const kind = KIND_BY_NAME[name] ?? kindForStatus(status);

  let message = `Bedrock ${name || 'error'}${status ? ` (${status})` : ''}: ${upstreamMessage}`;
  if (kind === 'auth') message = `${CREDENTIALS_HINT} (${name || 'error'}: ${upstreamMessage})`;
  if (kind === 'bad_request' && ON_DEMAND_REFUSAL.test(upstreamMessage)) {
    const id = context.modelId;
    message =
      `Model ${id} cannot be invoked on demand; use an inference profile id instead, e.g. 'us.${id}' ` +
      `(or 'eu.${id}', 'apac.${id}', 'global.${id}' where offered). Bedrock said: ${upstreamMessage}`;
  }
  return new ProviderError({ kind, provider: 'bedrock', status, message, cause: error });
}
