import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOSTNAMES = ['localhost', '127.0.0.1', '[::1]', '::1'];

/**
 * The host names a request may name in `Host` and `Origin`: the loopback names, the bound address and any
 * `allowedHostnames`. Lower-cased; an IPv6 address is kept both bare and bracketed (URL hostnames keep brackets).
 */
export function allowedHostnamesFor(
  boundHost: string,
  allowedHostnames: readonly string[] = [],
): Set<string> {
  const names = new Set(LOOPBACK_HOSTNAMES);
  for (const name of [boundHost, ...allowedHostnames]) {
    const lower = name.toLowerCase();
    names.add(lower);
    if (lower.includes(':') && !lower.startsWith('[')) names.add(`[${lower}]`);
  }
  return names;
}

/**
 * DNS-rebinding guard: a web page on evil.example that re-points its name at this machine still sends
 * `Host: evil.example` (and its own Origin), so both must name this machine or an allowed host, whatever the
 * bind address (a 0.0.0.0 bind is reachable through loopback too). The MCP spec asks servers to validate
 * Origin for exactly this (Streamable HTTP, "Security Warning",
 * https://modelcontextprotocol.io/specification/2025-06-18/basic/transports, checked 2026-11-27).
 * Returns the reason to refuse, or undefined.
 */
export function rebindingRefusal(request: IncomingMessage, allowed: ReadonlySet<string>): string | undefined {
  const host = request.headers.host;
  if (host === undefined || !allowed.has(hostnameOf(`http://${host}`))) return 'Host header not allowed';
  const origin = request.headers.origin;
  // `Origin: null` (sandboxed frames, file://) parses to no hostname and is refused too.
  if (origin !== undefined && !allowed.has(hostnameOf(origin))) return 'Origin not allowed';
  return undefined;
}

function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
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
