import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { hasBearerKey, rebindingRefusal } from './request-guards';

export const MCP_HTTP_PATH = '/mcp';

export interface McpHttpServerOptions {
  host: string;
  port: number;
  /** One MCP server per session: an McpServer serves a single transport. */
  createMcpServer: () => McpServer;
  /** When set, every request needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  bodyLimitBytes: number;
}

export interface RunningMcpHttpServer {
  url: string;
  close: () => Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
}

/** MCP Streamable HTTP on node:http at `/mcp`, with a session per client. */
export async function startMcpHttpServer(options: McpHttpServerOptions): Promise<RunningMcpHttpServer> {
  const sessions = new Map<string, Session>();

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== MCP_HTTP_PATH)
      return sendJsonRpcError(response, 404, `not found; the MCP endpoint is ${MCP_HTTP_PATH}`);
    const refusal = rebindingRefusal(request, options.host);
    if (refusal) return sendJsonRpcError(response, 403, refusal);
    if (options.apiKey !== undefined && !hasBearerKey(request, options.apiKey)) {
      return sendJsonRpcError(response, 401, 'missing or wrong bearer key (RESPONDER_API_KEY)');
    }

    const sessionId = request.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (request.method !== 'POST') {
      if (!existing) return sendJsonRpcError(response, sessionId ? 404 : 400, 'unknown or missing session');
      return existing.transport.handleRequest(request, response);
    }

    const body = await readJsonBody(request, options.bodyLimitBytes);
    if (!body.ok) return sendJsonRpcError(response, body.status, body.message);
    if (existing) return existing.transport.handleRequest(request, response, body.value);
    if (sessionId !== undefined) return sendJsonRpcError(response, 404, 'unknown session');
    if (!isInitializeRequest(body.value))
      return sendJsonRpcError(response, 400, 'start with an initialize request');

    const server = options.createMcpServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(request, response, body.value);
  };

  const httpServer = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      process.stderr.write(
        `MCP HTTP request failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      if (!response.headersSent) sendJsonRpcError(response, 500, 'internal error');
      else response.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${hostForUrl}:${address.port}${MCP_HTTP_PATH}`,
    close: async () => {
      // Every session is closed first, so no connection has anything left to deliver; the standalone SSE
      // stream and keep-alive sockets would otherwise hold the server open for seconds.
      await Promise.all([...sessions.values()].map(({ server }) => server.close()));
      sessions.clear();
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeAllConnections();
      await closed;
    },
  };
}

type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; message: string };

async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) return { ok: false, status: 413, message: `body larger than ${limitBytes} bytes` };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, status: 400, message: 'body is not valid JSON' };
  }
}

/** Errors outside a session are JSON-RPC error objects, as the SDK's own transport sends them. */
function sendJsonRpcError(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}
