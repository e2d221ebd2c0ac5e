/** `responder-http --help`: settings come from the environment (and `.env` in the working directory). */
export function helpText(version: string): string {
  return `responder-http ${version}
AI responder HTTP service: POST /process, POST /stream, GET /health, /models, /config, /messages, /stats.

Usage: responder-http [--help | --version]

Settings are read from the environment and from ./.env when present:
  AI_PROVIDER            mock | openai | bedrock (unset: openai with OPENAI_API_KEY,
                         bedrock with AWS credentials, else mock)
  OPENAI_API_KEY         OpenAI key;  OPENAI_DEFAULT_MODEL, OPENAI_BASE_URL
  AWS_REGION             Bedrock region (us-east-1); AWS_PROFILE, AWS_ACCESS_KEY_ID,
                         AWS_SECRET_ACCESS_KEY, BEDROCK_DEFAULT_MODEL, BEDROCK_ENDPOINT_URL
  MOCK_LATENCY_MS        delay of the mock provider (0)
  MOCK_STREAM_DELAY_MS   pause between the mock's streamed words (0)
  AI_TEMPERATURE         default temperature (0.7)
  AI_MAX_TOKENS          default max tokens (1000)
  HTTP_HOST              bind address (127.0.0.1)
  HTTP_PORT              port (8000; 0 picks a free one)
  RESPONDER_API_KEY      bearer key callers must send; required to bind a non-loopback address
  RESPONDER_ALLOW_NO_AUTH  true allows a non-loopback bind without a key (false)
  RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_MS  requests per window per client (120 per 60000 ms; 0 = off)
  BODY_LIMIT_BYTES, MESSAGE_MAX_CHARS, CORS_ORIGINS, PROVIDER_TIMEOUT_MS, PRICING_FILE,
  AI_DEFAULT_MODEL, CONVERSATION_MAX_TURNS, CONVERSATION_MAX_CHARS   see the README
  LEDGER                 memory | file (file);  LEDGER_PATH  file of the durable ledger
  LOG_LEVEL              fatal | error | warn | info | debug | trace | silent (info)
  LOG_FORMAT             json | pretty (pretty when stderr is a terminal, else json); logs go to stderr

SIGTERM or SIGINT drains in-flight requests, flushes the ledger and exits; a second signal exits at once.
`;
}
