import type { ExchangeStatus } from '@org/contracts';
import { isResponderClientError } from '@org/responder-client';

export interface DescribedFailure {
  /** Ledger status of the exchange. */
  status: Exclude<ExchangeStatus, 'success'>;
  code: string;
  /** One or two sentences a person can act on. */
  message: string;
}

/** Turns a failed call to Server B into a ledger status and an actionable message. */
export function describeFailure(error: unknown, serverUrl: string, startHint: string): DescribedFailure {
  if (!isResponderClientError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return { status: 'error', code: 'internal', message: `The messenger failed unexpectedly: ${text}` };
  }
  const attempts = error.attempts === 1 ? '1 attempt' : `${error.attempts} attempts`;
  const upstream = error.body?.error;
  switch (error.code) {
    case 'unreachable':
      return {
        status: 'error',
        code: 'unreachable',
        message: `Server B at ${serverUrl} is not reachable after ${attempts}: start it with \`${startHint}\` or check SERVER_B_URL.`,
      };
    case 'timeout':
      return {
        status: 'timeout',
        code: 'timeout',
        message: `Server B at ${serverUrl} did not answer in time (${attempts}): raise TIMEOUT_SECONDS, ask for fewer max_tokens, or use send_message_stream.`,
      };
    case 'aborted':
      return {
        status: 'aborted',
        code: 'aborted',
        message: 'The request was cancelled before Server B answered.',
      };
    case 'invalid_response':
      return {
        status: 'error',
        code: 'invalid_response',
        message: `Server B at ${serverUrl} sent a response the messenger does not understand: check that SERVER_B_URL points to a responder (npx responder-http) of a compatible version.`,
      };
    case 'stream_cut':
      return {
        status: 'incomplete',
        code: 'stream_cut',
        message: `The connection to Server B at ${serverUrl} broke before the reply was complete; the partial reply is kept in the history.`,
      };
    case 'stream_error':
      return {
        status: 'incomplete',
        code: upstream?.code ?? 'stream_error',
        message: `Server B reported an error mid-reply${upstream ? ` (${upstream.code}: ${upstream.message})` : ''}; the partial reply is kept in the history.`,
      };
    case 'http_error':
      return {
        status: 'error',
        code: upstream?.code ?? `http_${error.status ?? 'error'}`,
        message: httpMessage(error.status, upstream, serverUrl),
      };
    default:
      return {
        status: 'error',
        code: String(error.code),
        message: `Server B at ${serverUrl} failed: ${error.message}`,
      };
  }
}

function httpMessage(
  status: number | undefined,
  upstream: { code: string; message: string } | undefined,
  serverUrl: string,
): string {
  const detail = upstream ? `${upstream.code}: ${upstream.message}` : 'no error details';
  switch (status) {
    case 400:
      return `Server B rejected the request (400 ${detail}): fix the argument it names.`;
    case 401:
    case 403:
      return `Server B at ${serverUrl} refused the API key (${status}): set RESPONDER_API_KEY to the key Server B expects.`;
    case 404:
      return `Server B at ${serverUrl} has no such endpoint (404): check that SERVER_B_URL points to a responder, not another service.`;
    case 413:
      return `The message is too large for Server B (413 ${detail}): shorten it.`;
    case 429:
      return `Server B is rate-limiting requests (429 ${detail}): wait a little and try again.`;
    case 502:
      return `Server B's AI provider refused the request (502 ${detail}): check the provider key and model on Server B.`;
    case 503:
      return `Server B's AI provider is unavailable (503 ${detail}): try again later or check Server B's health.`;
    case 504:
      return `Server B's AI provider timed out (504 ${detail}): try again, ask for fewer max_tokens, or use send_message_stream.`;
    default:
      return `Server B at ${serverUrl} answered HTTP ${status ?? '?'} (${detail}).`;
  }
}
