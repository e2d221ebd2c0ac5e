/**
 * Request limits shared by every server and client. The message bound comes from the original Python
 * system (DESIGN.md: message 1..10000 chars); servers may lower or raise it with `createRequestSchemas`.
 */
export const REQUEST_LIMITS = {
  messageMinChars: 1,
  messageMaxChars: 10_000,
  /** The system prompt is user-supplied text too; twice the message bound keeps room for instructions. */
  contextMaxChars: 20_000,
  temperatureMin: 0,
  temperatureMax: 2,
  maxTokensMin: 1,
  /**
   * Highest output limit among current models (gpt-5 family: 128,000 output tokens,
   * https://platform.openai.com/docs/models/gpt-5, checked 2026-11-27). Anything above it is a typo.
   */
  maxTokensMax: 128_000,
  modelIdMaxChars: 256,
  conversationIdMaxChars: 128,
  historyPageMax: 500,
} as const;

export const DEFAULT_SYSTEM_PROMPT = 'You are a helpful AI assistant.';
