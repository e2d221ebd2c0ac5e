import { isIP } from 'node:net';
import { ConfigError } from './config-error';

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare.startsWith('::ffff:127.');
  return false;
}

/**
 * DESIGN.md "Security defaults": refuse to listen beyond loopback without RESPONDER_API_KEY unless the operator
 * said so explicitly (RESPONDER_ALLOW_NO_AUTH=true). Throws ConfigError naming the variable to set.
 */
export function assertSafeBind(host: string, apiKey: string | undefined, allowNoAuth: boolean): void {
  if (isLoopbackHost(host) || (apiKey !== undefined && apiKey !== '') || allowNoAuth) return;
  throw new ConfigError(
    'RESPONDER_API_KEY',
    `must be set to listen on the non-loopback address ${host} (or set RESPONDER_ALLOW_NO_AUTH=true to accept unauthenticated requests)`,
  );
}
