import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTNAMES.has(host) || host.startsWith('127.');
}

/**
 * DNS-rebinding guard for a server bound to loopback: a web page on evil.example that re-points its name
 * at 127.0.0.1 still sends `Host: evil.example` (and its own Origin), so both must name loopback.
 * The MCP spec asks servers to validate Origin for exactly this (Streamable HTTP, "Security Warning",
 * https://modelcontextprotocol.io/specification/2025-06-18/basic/transports, checked 2026-11-27).
 * Returns the reason to refuse, or undefined.
 */
export function rebindingRefusal(request: IncomingMessage, boundHost: string): string | undefined {
  if (!isLoopbackHost(boundHost)) return undefined;
  const host = request.headers.host;
  if (host === undefined || !isLoopbackHost(hostnameOf(`http://${host}`)))
    return 'Host header is not loopback';
  const origin = request.headers.origin;
  // `Origin: null` (sandboxed frames, file://) parses to no hostname and is refused too.
  if (origin !== undefined && !isLoopbackHost(hostnameOf(origin))) return 'Origin is not loopback';
  return undefined;
}

function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** Constant-time bearer check, so response timing does not reveal how much of a guess was right. */
export function hasBearerKey(request: IncomingMessage, apiKey: string): boolean {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match) return false;
  const given = Buffer.from(match[1]!.trim());
  const expected = Buffer.from(apiKey);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
