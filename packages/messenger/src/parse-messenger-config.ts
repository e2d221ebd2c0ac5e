import { defaultLedgerPath, type LedgerPathEnvironment } from '@org/ledger';
import { ConfigError } from './config-error';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFormat = 'json' | 'pretty';
export type MessengerTransport = 'stdio' | 'http';

export interface MessengerConfig {
  serverUrl: string;
  responderApiKey: string | undefined;
  /** Per attempt, for one non-streaming call. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  retryAttempts: number;
  retryBaseDelayMs: number | undefined;
  retryMaxDelayMs: number | undefined;
  transport: MessengerTransport;
  mcpHost: string;
  mcpPort: number;
  mcpApiKey: string | undefined;
  ledger: { kind: 'memory' } | { kind: 'file'; path: string };
  logLevel: LogLevel;
  /** LOG_FORMAT: `json` lines for machines or `pretty` lines for people (default: pretty when stderr is a TTY). */
  logFormat: LogFormat;
  /** Colours in pretty logs: only when stderr is a TTY and NO_COLOR is unset. */
  logColor: boolean;
  /** Minimum gap between two progress notifications of `send_message_stream`. */
  progressIntervalMs: number;
  /** Longest silence of `send_message_stream` before a keep-alive progress notification goes out. */
  progressKeepAliveMs: number;
}

export type MessengerCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; config: MessengerConfig };

/**
 * Claude Desktop cancels a tool call after about 60 s (observed behaviour of its MCP client; the
 * DESIGN.md default of 120 s would outlive it), so one non-streaming attempt gets 55 s by default.
 */
export const DEFAULT_TIMEOUT_SECONDS = 55;
export const DEFAULT_SERVER_B_URL = 'http://localhost:8000';
export const DEFAULT_MCP_PORT_A = 8001;
export const DEFAULT_PROGRESS_INTERVAL_MS = 100;
/**
 * Claude Desktop cancels a tool call after about 60 s without progress (observed behaviour, see
 * DEFAULT_TIMEOUT_SECONDS); a keep-alive every 10 s leaves room for several to be lost or late.
 */
export const DEFAULT_PROGRESS_KEEPALIVE_MS = 10_000;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the messenger's configuration from an environment and argv (without node and script). */
export function parseMessengerCommand(
  env: Env,
  argv: readonly string[],
  ledgerPathEnvironment: Omit<LedgerPathEnvironment, 'env'> = {},
  /** Whether the app's stderr is a terminal (default false): picks LOG_FORMAT's default and colours. */
  terminal: { stderrIsTTY?: boolean } = {},
): MessengerCommand {
  let httpFlag = false;
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--version' || arg === '-v') return { kind: 'version' };
    if (arg === '--http') httpFlag = true;
    else if (arg === '--stdio') httpFlag = false;
    else throw new ConfigError(arg, 'unknown argument (try --help)');
  }
  return {
    kind: 'run',
    config: parseMessengerConfig(env, argv, ledgerPathEnvironment, httpFlag, terminal),
  };
}

export function parseMessengerConfig(
  env: Env,
  argv: readonly string[] = [],
  ledgerPathEnvironment: Omit<LedgerPathEnvironment, 'env'> = {},
  httpFlag = argv.includes('--http'),
  terminal: { stderrIsTTY?: boolean } = {},
): MessengerConfig {
  const serverUrl = parseUrl(env, 'SERVER_B_URL', DEFAULT_SERVER_B_URL);
  const timeoutSeconds = parseNumber(env, 'TIMEOUT_SECONDS', DEFAULT_TIMEOUT_SECONDS, {
    min: 0.001,
    max: 86_400,
  });
  const retryAttempts = parseNumber(env, 'RETRY_ATTEMPTS', 3, { min: 0, max: 20, integer: true });
  const retryBaseDelayMs = optionalNumber(env, 'RETRY_BASE_DELAY_MS', {
    min: 0,
    max: 600_000,
    integer: true,
  });
  const retryMaxDelayMs = optionalNumber(env, 'RETRY_MAX_DELAY_MS', { min: 0, max: 600_000, integer: true });
  const transportValue = nonEmpty(env.MCP_TRANSPORT) ?? (httpFlag ? 'http' : 'stdio');
  if (transportValue !== 'stdio' && transportValue !== 'http') {
    throw new ConfigError('MCP_TRANSPORT', `must be stdio or http, got ${JSON.stringify(transportValue)}`);
  }
  const transport: MessengerTransport = httpFlag ? 'http' : transportValue;
  const mcpHost = nonEmpty(env.MCP_HOST) ?? '127.0.0.1';
  const mcpPort = parseNumber(env, 'MCP_PORT_A', DEFAULT_MCP_PORT_A, { min: 0, max: 65_535, integer: true });
  const ledgerKind = nonEmpty(env.LEDGER) ?? 'file';
  if (ledgerKind !== 'memory' && ledgerKind !== 'file') {
    throw new ConfigError('LEDGER', `must be memory or file, got ${JSON.stringify(ledgerKind)}`);
  }
  const ledger =
    ledgerKind === 'memory'
      ? ({ kind: 'memory' } as const)
      : ({
          kind: 'file',
          path:
            nonEmpty(env.LEDGER_PATH) ??
            defaultLedgerPath('messenger-mcp', { ...ledgerPathEnvironment, env }),
        } as const);
  const logLevelValue = (nonEmpty(env.LOG_LEVEL) ?? 'info').toLowerCase();
  if (!isLogLevel(logLevelValue)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `must be one of debug, info, warn, error, silent, got ${JSON.stringify(env.LOG_LEVEL)}`,
    );
  }
  const stderrIsTTY = terminal.stderrIsTTY === true;
  const logFormat = (nonEmpty(env.LOG_FORMAT) ?? (stderrIsTTY ? 'pretty' : 'json')).toLowerCase();
  if (logFormat !== 'json' && logFormat !== 'pretty') {
    throw new ConfigError('LOG_FORMAT', `must be one of json, pretty, got ${JSON.stringify(env.LOG_FORMAT)}`);
  }
  const progressIntervalMs = parseNumber(env, 'PROGRESS_INTERVAL_MS', DEFAULT_PROGRESS_INTERVAL_MS, {
    min: 0,
    max: 60_000,
    integer: true,
  });
  // Below 10 ms it would be a busy loop of notifications; above 5 minutes it keeps no host's call alive.
  const progressKeepAliveMs = parseNumber(env, 'PROGRESS_KEEPALIVE_MS', DEFAULT_PROGRESS_KEEPALIVE_MS, {
    min: 10,
    max: 300_000,
    integer: true,
  });
  return {
    serverUrl,
    responderApiKey: nonEmpty(env.RESPONDER_API_KEY),
    timeoutMs: Math.round(timeoutSeconds * 1000),
    retryAttempts,
    retryBaseDelayMs,
    retryMaxDelayMs,
    transport,
    mcpHost,
    mcpPort,
    mcpApiKey: nonEmpty(env.MCP_API_KEY),
    ledger,
    logLevel: logLevelValue,
    logFormat,
    // https://no-color.org: any non-empty NO_COLOR turns colours off.
    logColor: stderrIsTTY && nonEmpty(env.NO_COLOR) === undefined,
    progressIntervalMs,
    progressKeepAliveMs,
  };
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function parseUrl(env: Env, name: string, fallback: string): string {
  const value = nonEmpty(env[name]) ?? fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `must be an http(s) URL such as ${fallback}, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must use http or https, got ${JSON.stringify(value)}`);
  }
  return value.replace(/\/+$/, '');
}

interface NumberBounds {
  min: number;
  max: number;
  integer?: boolean;
}

function optionalNumber(env: Env, name: string, bounds: NumberBounds): number | undefined {
  const raw = nonEmpty(env[name]);
  return raw === undefined ? undefined : checkNumber(name, raw, bounds);
}

function parseNumber(env: Env, name: string, fallback: number, bounds: NumberBounds): number {
  return optionalNumber(env, name, bounds) ?? fallback;
}

function checkNumber(name: string, raw: string, bounds: NumberBounds): number {
  const value = Number(raw);
  const kind = bounds.integer ? 'an integer' : 'a number';
  if (!Number.isFinite(value) || (bounds.integer && !Number.isInteger(value))) {
    throw new ConfigError(
      name,
      `must be ${kind} between ${bounds.min} and ${bounds.max}, got ${JSON.stringify(raw)}`,
    );
  }
  if (value < bounds.min || value > bounds.max) {
    throw new ConfigError(name, `must be ${kind} between ${bounds.min} and ${bounds.max}, got ${raw}`);
  }
  return value;
}
