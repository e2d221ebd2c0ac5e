/** `responder-mcp --help`: settings come from the environment (and `.env` in the working directory). */
export function helpText(version: string): string {
  return `responder-mcp ${version}
The AI responder as an MCP server (ai-responder-server), also serving the responder HTTP API.

Usage: responder-mcp [--help | --version]

Settings are read from the environment and from ./.env when present:
  MCP_TRANSPORT            stdio (default) | http
  MCP_HOST, MCP_PORT_B     Streamable HTTP address when MCP_TRANSPORT=http (127.0.0.1:8002), path /mcp
  RESPONDER_HTTP_ENABLED   also serve the HTTP API on HTTP_HOST:HTTP_PORT (true)
  HTTP_HOST, HTTP_PORT     HTTP API address (127.0.0.1:8000; port 0 picks a free one)
  RESPONDER_API_KEY        bearer key for the HTTP API and the MCP HTTP endpoint
  AI_PROVIDER              mock | openai | bedrock (unset: openai with OPENAI_API_KEY,
                           bedrock with AWS credentials, else mock)
  OPENAI_API_KEY, OPENAI_DEFAULT_MODEL, OPENAI_BASE_URL
  AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, BEDROCK_DEFAULT_MODEL, BEDROCK_ENDPOINT_URL
  MOCK_LATENCY_MS          delay of the mock provider (0)
  MOCK_STREAM_DELAY_MS     pause between the mock's streamed words (0)
  AI_TEMPERATURE, AI_MAX_TOKENS   defaults (0.7, 1000)
  LEDGER, LEDGER_PATH      memory | file (file) and the ledger file
  LOG_LEVEL                fatal | error | warn | info | debug | trace | silent (info); logs go to stderr
  LOG_FORMAT               json | pretty (pretty when stderr is a terminal, else json)

stdout carries nothing but MCP protocol. The server exits when stdin closes (stdio), on SIGTERM or SIGINT.
`;
}
