import { abortedError, isProviderError, ProviderError } from '../provider-error';
import { parseRetryAfterMs } from '../retry-after';
import type { ProviderErrorKind } from '../types';
import { loadedOpenAISdk } from './openai-sdk';

/** Removes anything that looks like an OpenAI key (OpenAI's own 401 message echoes a masked key). */
export function redactOpenAIKey(text: string, apiKey?: string): string {
  let out = apiKey ? text.split(apiKey).join('[redacted]') : text;
  out = out.replace(/sk-[A-Za-z0-9_*\-.]{4,}/g, 'sk-[redacted]');
  return out;
}

function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 400 || status === 422) return 'bad_request';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'bad_request';
}

const HINTS: Partial<Record<ProviderErrorKind, string>> = {
  auth: ' Check OPENAI_API_KEY (and OPENAI_BASE_URL for compatible servers).',
  rate_limit: ' Rate limited by OpenAI; retry later.',
};

/** Any error from the openai SDK (or the stream under it) → ProviderError. */
export function mapOpenAIError(
  error: unknown,
  context: { apiKey?: string; signal?: AbortSignal },
): ProviderError {
  if (isProviderError(error)) return error;
  const sdk = loadedOpenAISdk();
  if (context.signal?.aborted || (sdk && error instanceof sdk.APIUserAbortError)) {
    return abortedError('openai', error);
  }
  if (sdk && error instanceof sdk.APIConnectionTimeoutError) {
    return new ProviderError({
      kind: 'timeout',
      provider: 'openai',
      message: 'OpenAI did not answer in time (request timeout).',
      cause: error,
    });
  }
  if (sdk && error instanceof sdk.APIConnectionError) {
    return new ProviderError({
      kind: 'unavailable',
      provider: 'openai',
      message: `Could not reach OpenAI: ${redactOpenAIKey(error.message, context.apiKey)}`,
      cause: error,
    });
  }
  if (sdk && error instanceof sdk.APIError && typeof error.status === 'number') {
    const kind = kindForStatus(error.status);
    const headers = error.headers;
    return new ProviderError({
      kind,
      provider: 'openai',
      status: error.status,
      retryAfterMs: headers ? parseRetryAfterMs((name) => headers.get(name)) : undefined,
      message: `OpenAI ${error.status}: ${redactOpenAIKey(error.message, context.apiKey)}${HINTS[kind] ?? ''}`,
      cause: error,
    });
  }
  // Anything else happened while reading the response (e.g. undici's "terminated" when the socket is cut
  // mid-stream): the upstream became unavailable; never report it as a clean result.
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError({
    kind: 'unavailable',
    provider: 'openai',
    message: `OpenAI connection failed: ${redactOpenAIKey(message, context.apiKey)}`,
    cause: error,
  });
}

/** Which parameter a 400 refuses, when it is one we can drop or rename ('unsupported_parameter'/'unsupported_value'). */
export function refusedParameter(error: unknown): 'max_tokens' | 'temperature' | undefined {
  const sdk = loadedOpenAISdk();
  if (!sdk || !(error instanceof sdk.APIError) || error.status !== 400) return undefined;
  const code = typeof error.code === 'string' ? error.code : '';
  const param = typeof error.param === 'string' ? error.param : '';
  const text = `${param} ${error.message}`;
  if (code !== 'unsupported_parameter' && code !== 'unsupported_value' && !/unsupported/i.test(text)) {
    return undefined;
  }
  if (param === 'max_tokens' || /'?max_tokens'?/.test(text)) return 'max_tokens';
  if (param === 'temperature' || /temperature/.test(text)) return 'temperature';
  return undefined;
}
