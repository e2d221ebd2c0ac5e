export function helpText(version: string): string {
  return `messenger-mcp ${version} — MCP server "messenger-server": sends messages to an AI responder (Server B)

Usage: messenger-mcp [--http] [--help] [--version]
  (no flag)   MCP over stdio (what Claude Desktop uses)
  --http      MCP over Streamable HTTP on MCP_HOST:MCP_PORT_A/mcp

Environment (a .env file in the working directory is loaded too):
  SERVER_B_URL           responder base URL (http://localhost:8000)
  RESPONDER_API_KEY      bearer key Server B expects
  TIMEOUT_SECONDS        per-attempt timeout of one call (55)
  RETRY_ATTEMPTS         retries after the first attempt (3)
  MCP_TRANSPORT          stdio | http (stdio)
  MCP_HOST               HTTP bind address (127.0.0.1)
  MCP_PORT_A             HTTP port (8001)
  MCP_API_KEY            bearer key required by the HTTP transport (none)
  LEDGER                 memory | file (file)
  LEDGER_PATH            ledger file (per-user state directory)
  LOG_LEVEL              debug | info | warn | error | silent (info)
  LOG_FORMAT             json | pretty (pretty when stderr is a terminal, else json)
  PROGRESS_INTERVAL_MS   least gap between two streaming progress notifications (100)
  PROGRESS_KEEPALIVE_MS  keep-alive progress after this much stream silence (10000)
`;
}
