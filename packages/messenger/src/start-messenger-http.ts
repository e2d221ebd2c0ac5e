import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { type MessengerLogger, silentLogger } from './messenger-logger';

export interface MessengerHttpOptions {
  /** Builds one MCP server per session (an McpServer serves one transport). */
  createServer: () => { server: McpServer; cleanup(): Promise<void> };
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** When set, every request needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Host names accepted in `Host` and `Origin` besides the loopback names and `host`. */
  allowedHostnames?: readonly string[];
  logger?: MessengerLogger;
  /** Path of the MCP endpoint (default `/mcp`). */
  path?: string;
}

export interface MessengerHttp {
  /** e.g. `http://127.0.0.1:8001/mcp`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK_HOSTNAMES = ['localhost', '127.0.0.1', '[::1]', '::1'];

/**
 * Serves the messenger over MCP Streamable HTTP. A browser page could reach a loopback server
 * through DNS rebinding (MCP spec, transports, "Security Warning"), so `Host` and `Origin` must name
 * this machine or an allowed host; the bearer key guards everything else.
 */
export async function startMessengerHttp(options: MessengerHttpOptions): Promise<MessengerHttp> {
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? '/mcp';
  const logger = options.logger ?? silentLogger;
  const allowed = new Set([
    ...LOOPBACK_HOSTNAMES,
    host.toLowerCase(),
    ...(options.allowedHostnames ?? []).map((h) => h.toLowerCase()),
  ]);
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; cleanup(): Promise<void> }>();
  const expectedKey = options.apiKey === undefined ? undefined : Buffer.from(options.apiKey);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== path) return sendError(res, 404, `not found: the MCP endpoint is ${path}`);
    if (!hostAllowed(req.headers.host, allowed)) return sendError(res, 403, 'Host header not allowed');
    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(origin, allowed))
      return sendError(res, 403, 'Origin not allowed');
    if (expectedKey !== undefined && !bearerMatches(req.headers.authorization, expectedKey)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return sendError(res, 401, 'missing or wrong bearer key (MCP_API_KEY)');
    }
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (existing !== undefined) {
      await existing.transport.handleRequest(req, res);
      return;
    }
    if (req.method !== 'POST') return sendError(res, 400, 'no valid session: send initialize first');
    const body = await readJson(req);
    if (body === undefined || !isInitializeRequest(body)) {
      return sendError(res, 400, 'no valid session: send initialize first');
    }
    const { server, cleanup } = options.createServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, cleanup });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
      void cleanup();
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const httpServer: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error(`HTTP request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendError(res, 500, 'internal error');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 8001, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}${path}`,
    port,
    async close() {
      for (const session of sessions.values()) await session.transport.close().catch(() => {});
      sessions.clear();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

function hostnameOf(hostHeader: string): string {
  // `[::1]:8001` keeps its brackets; `localhost:8001` drops the port.
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1).toLowerCase();
  return hostHeader.split(':')[0]?.toLowerCase() ?? '';
}

function hostAllowed(hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  return hostHeader !== undefined && allowed.has(hostnameOf(hostHeader));
}

function originAllowed(origin: string, allowed: ReadonlySet<string>): boolean {
  try {
    const { hostname } = new URL(origin);
    return allowed.has(hostname.toLowerCase());
  } catch {
    return false;
  }
}

function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1].trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Tool arguments are bounded by the message limits (10,000 + 20,000 chars); 4 MB is ample.
    if (size > 4 * 1024 * 1024) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function sendError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}
