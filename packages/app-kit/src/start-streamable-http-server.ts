import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { allowedHostnamesFor, hasBearerKey, rebindingRefusal } from './request-guards';

/** Tool arguments are bounded by the message limits (10,000 + 20,000 chars); 4 MB is ample. */
export const DEFAULT_MCP_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

export interface StreamableHttpServerOptions {
  /** Builds one MCP server per session: an McpServer serves a single transport. */
  createServer: () => McpServer;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Path of the MCP endpoint (default `/mcp`). */
  path?: string;
  /** When set, every request needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Named in the 401 message, so the caller knows which setting holds the key (e.g. `MCP_API_KEY`). */
  apiKeySetting?: string;
  /** Host names accepted in `Host` and `Origin` besides the loopback names and `host`. */
  allowedHostnames?: readonly string[];
  /** Largest JSON body accepted (413 beyond it); default {@link DEFAULT_MCP_BODY_LIMIT_BYTES}. */
  bodyLimitBytes?: number;
  logger: { error(message: string): void };
}

export interface RunningStreamableHttpServer {
  /** e.g. `http://127.0.0.1:8001/mcp`. */
  url: string;
  port: number;
  /** Closes every session, then the listener and every connection still open. */
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
}

/**
 * MCP Streamable HTTP on node:http, with a session per client. `Host` and `Origin` must name this machine
 * or an allowed host (DNS rebinding), and the bearer key guards everything else.
 */
export async function startStreamableHttpServer(
  options: StreamableHttpServerOptions,
): Promise<RunningStreamableHttpServer> {
  const { host, logger } = options;
  const path = options.path ?? '/mcp';
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_MCP_BODY_LIMIT_BYTES;
  const allowed = allowedHostnamesFor(host, options.allowedHostnames);
  const sessions = new Map<string, Session>();

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname !== path) return sendJsonRpcError(response, 404, `not found; the MCP endpoint is ${path}`);
    const refusal = rebindingRefusal(request, allowed);
    if (refusal) return sendJsonRpcError(response, 403, refusal);
    if (options.apiKey !== undefined && !hasBearerKey(request, options.apiKey)) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      const setting = options.apiKeySetting === undefined ? '' : ` (${options.apiKeySetting})`;
      return sendJsonRpcError(response, 401, `missing or wrong bearer key${setting}`);
    }

    const sessionId = request.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    // An unknown session id is a 404, so the client knows to initialize again (MCP spec, session management).
    if (request.method !== 'POST') {
      if (!existing) return sendJsonRpcError(response, sessionId ? 404 : 400, 'unknown or missing session');
      return existing.transport.handleRequest(request, response);
    }

    const body = await readJsonBody(request, bodyLimitBytes);
    if (!body.ok) return sendJsonRpcError(response, body.status, body.message);
    if (existing) return existing.transport.handleRequest(request, response, body.value);
    if (sessionId !== undefined) return sendJsonRpcError(response, 404, 'unknown session');
    if (!isInitializeRequest(body.value))
      return sendJsonRpcError(response, 400, 'no valid session: start with an initialize request');

    const server = options.createServer();
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

  const httpServer = createHttpServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error(`MCP HTTP request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) sendJsonRpcError(response, 500, 'internal error');
      else response.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}${path}`,
    port,
    close: async () => {
      // Every session is closed first, so no connection has anything left to deliver; the standalone SSE
      // stream and keep-alive sockets would otherwise hold the server open for seconds.
      await Promise.all([...sessions.values()].map(({ server }) => server.close().catch(() => {})));
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
