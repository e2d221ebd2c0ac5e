export { assertSafeBind, isLoopbackHost } from './assert-safe-bind';
export type { ParseResponderConfigOptions, ResponderConfig } from './config';
export { parseResponderConfig, RESPONDER_CONFIG_DEFAULTS } from './config';
export { ConfigError, isConfigError } from './config-error';
export type { ConversationWindow } from './conversation-window';
export { buildChatMessages } from './conversation-window';
export type { Logger } from './logger';
export type { CreateResponderAppOptions } from './responder-app';
export { createResponderApp } from './responder-app';
export type { ResponderErrorDetails } from './responder-error';
export { fromProviderError, isResponderError, ResponderError, toResponderError } from './responder-error';
export type {
  CreateResponderServiceOptions,
  ResponderDefaults,
  ResponderService,
  ResponderStreamPart,
  ServiceCallOptions,
} from './responder-service';
export { createResponderService, DEFAULT_SERVER_NAME } from './responder-service';
export type { RunningResponder, StartResponderOptions } from './start-responder';
export { startResponder } from './start-responder';
