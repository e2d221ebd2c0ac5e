import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { assertSafeBind, type ResponderConfig } from '@org/responder';

export interface ServeMcpOptions {
  config: ResponderConfig;
  createMcpServer: () => McpServer;
  /** Stdio only: the MCP host closed our stdin, so nobody is left to talk to. */
  onStdinClosed: () => void;
}

export interface ServingMcp {
  /** For the startup line: `stdio` or the endpoint URL. */
  endpoint: string;
  close: () => Promise<void>;
}

/** Connects the MCP server over stdio (the default) or Streamable HTTP (`MCP_TRANSPORT=http`). */
export async function serveMcp({
  config,
  createMcpServer,
  onStdinClosed,
}: ServeMcpOptions): Promise<ServingMcp> {
  if (config.mcp.transport === 'http') {
    // The same rule as the HTTP API: no unauthenticated listener off loopback unless explicitly allowed.
    assertSafeBind(config.mcp.host, config.http.apiKey, config.http.allowNoAuth);
    // Loaded only for HTTP: it pulls in the HTTP stack (and Node's fetch classes at load time), which the
    // stdio handshake never needs (about 12 ms of start-up, bench scenario 4).
    const { startStreamableHttpServer } = await import('@org/app-kit/mcp-http');
    const running = await startStreamableHttpServer({
      host: config.mcp.host,
      port: config.mcp.port,
      createServer: createMcpServer,
      apiKeySetting: 'RESPONDER_API_KEY',
      logger: { error: (message) => process.stderr.write(`${message}\n`) },
      bodyLimitBytes: config.http.bodyLimitBytes,
      ...(config.http.apiKey !== undefined && { apiKey: config.http.apiKey }),
    });
    return { endpoint: running.url, close: running.close };
  }

  const server = createMcpServer();
  await server.connect(new StdioServerTransport());
  let notified = false;
  const stdinClosed = () => {
    if (notified) return;
    notified = true;
    onStdinClosed();
  };
  process.stdin.once('end', stdinClosed);
  process.stdin.once('close', stdinClosed);
  return { endpoint: 'stdio', close: () => server.close() };
}
