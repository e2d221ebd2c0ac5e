import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { parseMessengerCommand, parseMessengerConfig } from './parse-messenger-config';

const linux = { homedir: '/home/u', platform: 'linux' as const };

describe('parseMessengerConfig', () => {
  it('uses the documented defaults, with a 55 s timeout that Claude Desktop will not cut off', () => {
    const config = parseMessengerConfig({}, [], linux);
    expect(config).toMatchObject({
      serverUrl: 'http://localhost:8000',
      timeoutMs: 55_000,
      retryAttempts: 3,
      transport: 'stdio',
      mcpHost: '127.0.0.1',
      mcpPort: 8001,
      ledger: { kind: 'file', path: '/home/u/.local/state/mcp-communication/messenger-mcp/ledger.jsonl' },
      logLevel: 'info',
      progressIntervalMs: 100,
      progressKeepAliveMs: 10_000,
    });
    expect(config.responderApiKey).toBeUndefined();
    expect(config.mcpApiKey).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = parseMessengerConfig(
      {
        SERVER_B_URL: 'https://b.example:9000/',
        RESPONDER_API_KEY: 'k',
        TIMEOUT_SECONDS: '1.5',
        RETRY_ATTEMPTS: '0',
        MCP_TRANSPORT: 'http',
        MCP_HOST: '0.0.0.0',
        MCP_PORT_A: '9001',
        MCP_API_KEY: 'm',
        LEDGER: 'memory',
        LOG_LEVEL: 'DEBUG',
        PROGRESS_INTERVAL_MS: '0',
        PROGRESS_KEEPALIVE_MS: '200',
      },
      [],
      linux,
    );
    expect(config).toMatchObject({
      serverUrl: 'https://b.example:9000',
      responderApiKey: 'k',
      timeoutMs: 1500,
      retryAttempts: 0,
      transport: 'http',
      mcpHost: '0.0.0.0',
      mcpPort: 9001,
      mcpApiKey: 'm',
      ledger: { kind: 'memory' },
      logLevel: 'debug',
      progressIntervalMs: 0,
      progressKeepAliveMs: 200,
    });
  });

  it('LOG_FORMAT defaults to pretty on a terminal and json otherwise; colours only on a terminal without NO_COLOR', () => {
    expect(parseMessengerConfig({}, [], linux)).toMatchObject({ logFormat: 'json', logColor: false });
    const terminal = { stderrIsTTY: true };
    expect(parseMessengerConfig({}, [], linux, false, terminal)).toMatchObject({
      logFormat: 'pretty',
      logColor: true,
    });
    expect(parseMessengerConfig({ NO_COLOR: '1' }, [], linux, false, terminal).logColor).toBe(false);
    expect(parseMessengerConfig({ LOG_FORMAT: 'PRETTY' }, [], linux).logFormat).toBe('pretty');
  });

  it('--http selects the HTTP transport', () => {
    expect(parseMessengerConfig({}, ['--http'], linux).transport).toBe('http');
  });

  it.each([
    ['SERVER_B_URL', 'localhost:8000'],
    ['SERVER_B_URL', 'ftp://x'],
    ['TIMEOUT_SECONDS', 'abc'],
    ['TIMEOUT_SECONDS', '0'],
    ['RETRY_ATTEMPTS', '1.5'],
    ['RETRY_ATTEMPTS', '-1'],
    ['MCP_TRANSPORT', 'sse'],
    ['MCP_PORT_A', '70000'],
    ['LEDGER', 'postgres://db'],
    ['LOG_LEVEL', 'loud'],
    ['LOG_FORMAT', 'xml'],
    ['PROGRESS_INTERVAL_MS', '-1'],
    ['PROGRESS_KEEPALIVE_MS', 'soon'],
    ['PROGRESS_KEEPALIVE_MS', '0'],
    ['PROGRESS_KEEPALIVE_MS', '2.5'],
    ['PROGRESS_KEEPALIVE_MS', '3600000'],
  ])('a bad %s (%s) is a ConfigError naming the variable', (variable, value) => {
    let caught: unknown;
    try {
      parseMessengerConfig({ [variable]: value }, [], linux);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message.startsWith(`${variable}: `)).toBe(true);
  });
});

describe('parseMessengerCommand', () => {
  it('recognises --help and --version before reading the environment', () => {
    expect(parseMessengerCommand({ TIMEOUT_SECONDS: 'bad' }, ['--help'])).toEqual({ kind: 'help' });
    expect(parseMessengerCommand({ TIMEOUT_SECONDS: 'bad' }, ['--version'])).toEqual({ kind: 'version' });
  });

  it('rejects an unknown argument', () => {
    expect(() => parseMessengerCommand({}, ['--bogus'])).toThrow(ConfigError);
  });
});
