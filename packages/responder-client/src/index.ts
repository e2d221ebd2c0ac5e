export type {
  CallOptions,
  MessagesQueryInput,
  ResponderClient,
  ResponderClientOptions,
  ResponderStreamPart,
  RetryInfo,
} from './create-responder-client';
export { createResponderClient } from './create-responder-client';
export type { ResponderClientErrorCode, ResponderClientErrorInit } from './responder-client-error';
export {
  isResponderClientError,
  RESPONDER_CLIENT_ERROR_CODES,
  ResponderClientError,
} from './responder-client-error';
export { parseRetryAfter } from './retry-after';
export type { SseMessage } from './sse-parser';
export { SseParser } from './sse-parser';
