import type { ProviderConfig } from '@org/ai-providers';
import { REQUEST_LIMITS } from '@org/contracts';
import { defaultLedgerPath } from '@org/ledger';
import { ConfigError } from './config-error';

export interface ResponderConfig {
  provider: ProviderConfig;
  ledger: { kind: 'memory' } | { kind: 'file'; path: string };
  defaults: { model?: string; temperature: number; maxTokens: number };
  http: {
    host: string;
    port: number;
    apiKey?: string;
    allowNoAuth: boolean;
    bodyLimitBytes: number;
    rateLimit: { max: number; windowMs: number } | false;
    corsOrigins: string[];
    enabled: boolean;
  };
  mcp: { transport: 'stdio' | 'http'; host: string; port: number };
  conversation: { maxTurns: number; maxChars: number };
  maxMessageChars: number;
  providerTimeoutMs: number;
  pricingFile?: string;
  logLevel: string;
  /** LOG_FORMAT: `json` lines for machines or `pretty` lines for people (default: pretty when stderr is a TTY). */
  logFormat: 'json' | 'pretty';
  /** Colours in pretty logs: only when stderr is a TTY and NO_COLOR is unset. */
  logColor: boolean;
  /** Things the app should tell the operator on stderr at start-up (e.g. "no provider configured: using mock"). */
  notices: string[];
}

export interface ParseResponderConfigOptions {
  /** Names the default ledger location (default `responder-http`). */
  appName?: string;
  homedir?: string;
  platform?: NodeJS.Platform;
  /** Whether the app's stderr is a terminal (default false): picks LOG_FORMAT's default and colours. */
  stderrIsTTY?: boolean;
}

type Env = Record<string, string | undefined>;

/** Defaults not set by DESIGN.md are ours; each says why. */
export const RESPONDER_CONFIG_DEFAULTS = {
  temperature: 0.7,
  maxTokens: 1000,
  host: '127.0.0.1',
  port: 8000,
  mcpPort: 8002,
  /** 1 MiB: a 10,000-character message plus a 20,000-character context is far below it even as UTF-8 with escapes. */
  bodyLimitBytes: 1_048_576,
  /** 120 requests a minute per client: generous for one messenger, a brake on a runaway loop. */
  rateLimitMax: 120,
  rateLimitWindowMs: 60_000,
  /** Turns of earlier conversation sent to the provider, and their character budget (oldest dropped first). */
  conversationMaxTurns: 20,
  conversationMaxChars: 40_000,
  /**
   * Below the messenger's TIMEOUT_SECONDS (55, itself under Claude Desktop's ~60 s tool-call limit) so the
   * responder answers 504 before its client gives up. For streams it is an idle timeout (re-armed by every part).
   */
  providerTimeoutMs: 50_000,
  region: 'us-east-1',
} as const;

function value(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer ${min}..${max} (got ${JSON.stringify(raw)})`);
  }
  return Number(raw);
}

function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!/^-?\d+(\.\d+)?$/.test(raw) || parsed < min || parsed > max) {
    throw new ConfigError(name, `must be a number ${min}..${max} (got ${JSON.stringify(raw)})`);
  }
  return parsed;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false (got ${JSON.stringify(raw)})`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(raw)})`);
  }
  return raw as T;
}

function url(env: Env, name: string): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new ConfigError(name, `must be an http(s) URL (got ${JSON.stringify(raw)})`);
  }
  return raw;
}

function modelId(env: Env, name: string): string | undefined {
  const raw = value(env, name);
  if (raw !== undefined && !/^[A-Za-z0-9._:/@+-]{1,256}$/.test(raw)) {
    throw new ConfigError(name, `is not a model id (got ${JSON.stringify(raw)})`);
  }
  return raw;
}

function parseProvider(env: Env, timeoutMs: number, notices: string[]): ProviderConfig {
  const hasOpenAIKey = value(env, 'OPENAI_API_KEY') !== undefined;
  const hasAwsCredentials =
    (value(env, 'AWS_ACCESS_KEY_ID') !== undefined && value(env, 'AWS_SECRET_ACCESS_KEY') !== undefined) ||
    value(env, 'AWS_PROFILE') !== undefined;
  let name = oneOf(env, 'AI_PROVIDER', ['mock', 'openai', 'bedrock'] as const, 'mock');
  if (value(env, 'AI_PROVIDER') === undefined) {
    if (hasOpenAIKey) name = 'openai';
    else if (hasAwsCredentials) name = 'bedrock';
    else {
      notices.push(
        'AI_PROVIDER is not set and neither OPENAI_API_KEY nor AWS credentials are: using the mock provider (canned replies).',
      );
    }
  }
  if (name === 'mock') {
    const defaultModel = modelId(env, 'MOCK_DEFAULT_MODEL');
    return {
      provider: 'mock',
      latencyMs: integer(env, 'MOCK_LATENCY_MS', 0, 0, 600_000),
      streamDelayMs: integer(env, 'MOCK_STREAM_DELAY_MS', 0, 0, 60_000),
      ...(defaultModel !== undefined && { defaultModel }),
    };
  }
  if (name === 'openai') {
    const apiKey = value(env, 'OPENAI_API_KEY');
    const baseURL = url(env, 'OPENAI_BASE_URL');
    const defaultModel = modelId(env, 'OPENAI_DEFAULT_MODEL');
    return {
      provider: 'openai',
      timeoutMs,
      ...(apiKey !== undefined && { apiKey }),
      ...(baseURL !== undefined && { baseURL }),
      ...(defaultModel !== undefined && { defaultModel }),
    };
  }
  const accessKeyId = value(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = value(env, 'AWS_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError(
      accessKeyId === undefined ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY',
      'must be set together with its partner (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
    );
  }
  const sessionToken = value(env, 'AWS_SESSION_TOKEN');
  const profile = value(env, 'AWS_PROFILE');
  const endpoint = url(env, 'BEDROCK_ENDPOINT_URL');
  const defaultModel = modelId(env, 'BEDROCK_DEFAULT_MODEL');
  const region =
    value(env, 'AWS_REGION') ?? value(env, 'AWS_DEFAULT_REGION') ?? RESPONDER_CONFIG_DEFAULTS.region;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new ConfigError('AWS_REGION', `is not an AWS region (got ${JSON.stringify(region)})`);
  }
  return {
    provider: 'bedrock',
    region,
    timeoutMs,
    ...(accessKeyId !== undefined &&
      secretAccessKey !== undefined && {
        credentials: { accessKeyId, secretAccessKey, ...(sessionToken !== undefined && { sessionToken }) },
      }),
    ...(profile !== undefined && { profile }),
    ...(endpoint !== undefined && { endpoint }),
    ...(defaultModel !== undefined && { defaultModel }),
  };
}

function parseLedger(env: Env, options: ParseResponderConfigOptions): ResponderConfig['ledger'] {
  const raw = value(env, 'LEDGER') ?? 'file';
  if (raw === 'memory') return { kind: 'memory' };
  if (raw === 'file') {
    const path =
      value(env, 'LEDGER_PATH') ??
      defaultLedgerPath(options.appName ?? 'responder-http', {
        env,
        ...(options.homedir !== undefined && { homedir: options.homedir }),
        ...(options.platform !== undefined && { platform: options.platform }),
      });
    return { kind: 'file', path };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    // Never echo the URL: it usually carries a password.
    throw new ConfigError(
      'LEDGER',
      'PostgreSQL ledgers are not supported by the responder yet; use memory or file',
    );
  }
  throw new ConfigError('LEDGER', `must be memory, file or a postgres:// URL (got ${JSON.stringify(raw)})`);
}

/**
 * Reads the responder's configuration from an environment (the app passes `process.env`). Throws ConfigError
 * naming the first bad variable. Defaults: RESPONDER_CONFIG_DEFAULTS and DESIGN.md "Configuration".
 */
export function parseResponderConfig(env: Env, options: ParseResponderConfigOptions = {}): ResponderConfig {
  const notices: string[] = [];
  const stderrIsTTY = options.stderrIsTTY === true;
  const providerTimeoutMs = integer(
    env,
    'PROVIDER_TIMEOUT_MS',
    RESPONDER_CONFIG_DEFAULTS.providerTimeoutMs,
    1,
    3_600_000,
  );
  const provider = parseProvider(env, providerTimeoutMs, notices);
  const rateLimitMax = integer(env, 'RATE_LIMIT_MAX', RESPONDER_CONFIG_DEFAULTS.rateLimitMax, 0, 1_000_000);
  const rateLimitWindowMs = integer(
    env,
    'RATE_LIMIT_WINDOW_MS',
    RESPONDER_CONFIG_DEFAULTS.rateLimitWindowMs,
    1,
    86_400_000,
  );
  const corsOrigins = (value(env, 'CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of corsOrigins) {
    if (origin === '*') continue;
    try {
      if (new URL(origin).origin !== origin) throw new Error('not an origin');
    } catch {
      throw new ConfigError(
        'CORS_ORIGINS',
        `must be a comma-separated list of origins like https://app.example.com or * (got ${JSON.stringify(origin)})`,
      );
    }
  }
  const apiKey = value(env, 'RESPONDER_API_KEY');
  const model = modelId(env, 'AI_DEFAULT_MODEL');
  const pricingFile = value(env, 'PRICING_FILE');
  const config: ResponderConfig = {
    provider,
    ledger: parseLedger(env, options),
    defaults: {
      ...(model !== undefined && { model }),
      temperature: decimal(
        env,
        'AI_TEMPERATURE',
        RESPONDER_CONFIG_DEFAULTS.temperature,
        0,
        REQUEST_LIMITS.temperatureMax,
      ),
      maxTokens: integer(
        env,
        'AI_MAX_TOKENS',
        RESPONDER_CONFIG_DEFAULTS.maxTokens,
        1,
        REQUEST_LIMITS.maxTokensMax,
      ),
    },
    http: {
      host: value(env, 'HTTP_HOST') ?? RESPONDER_CONFIG_DEFAULTS.host,
      port: integer(env, 'HTTP_PORT', RESPONDER_CONFIG_DEFAULTS.port, 0, 65_535),
      ...(apiKey !== undefined && { apiKey }),
      allowNoAuth: boolean(env, 'RESPONDER_ALLOW_NO_AUTH', false),
      bodyLimitBytes: integer(
        env,
        'BODY_LIMIT_BYTES',
        RESPONDER_CONFIG_DEFAULTS.bodyLimitBytes,
        1024,
        104_857_600,
      ),
      rateLimit: rateLimitMax === 0 ? false : { max: rateLimitMax, windowMs: rateLimitWindowMs },
      corsOrigins,
      enabled: boolean(env, 'RESPONDER_HTTP_ENABLED', true),
    },
    mcp: {
      transport: oneOf(env, 'MCP_TRANSPORT', ['stdio', 'http'] as const, 'stdio'),
      host: value(env, 'MCP_HOST') ?? RESPONDER_CONFIG_DEFAULTS.host,
      port: integer(env, 'MCP_PORT_B', RESPONDER_CONFIG_DEFAULTS.mcpPort, 0, 65_535),
    },
    conversation: {
      maxTurns: integer(
        env,
        'CONVERSATION_MAX_TURNS',
        RESPONDER_CONFIG_DEFAULTS.conversationMaxTurns,
        0,
        1000,
      ),
      maxChars: integer(
        env,
        'CONVERSATION_MAX_CHARS',
        RESPONDER_CONFIG_DEFAULTS.conversationMaxChars,
        0,
        10_000_000,
      ),
    },
    maxMessageChars: integer(env, 'MESSAGE_MAX_CHARS', REQUEST_LIMITS.messageMaxChars, 1, 1_000_000),
    providerTimeoutMs,
    ...(pricingFile !== undefined && { pricingFile }),
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    logFormat: oneOf(env, 'LOG_FORMAT', ['json', 'pretty'] as const, stderrIsTTY ? 'pretty' : 'json'),
    // https://no-color.org: any non-empty NO_COLOR turns colours off.
    logColor: stderrIsTTY && value(env, 'NO_COLOR') === undefined,
    notices,
  };
  return config;
}
