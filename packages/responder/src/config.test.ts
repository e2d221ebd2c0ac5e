import { describe, expect, it } from 'vitest';
import { assertSafeBind } from './assert-safe-bind';
import { parseResponderConfig } from './config';
import { ConfigError } from './config-error';

const options = { homedir: '/home/u', platform: 'linux' as const };

describe('parseResponderConfig', () => {
  it('uses the documented defaults and falls back to mock with a notice', () => {
    const config = parseResponderConfig({}, options);
    expect(config.provider).toEqual({ provider: 'mock', latencyMs: 0, streamDelayMs: 0 });
    expect(config.notices[0]).toMatch(/mock/);
    expect(config.defaults).toEqual({ temperature: 0.7, maxTokens: 1000 });
    expect(config.http).toMatchObject({
      host: '127.0.0.1',
      port: 8000,
      allowNoAuth: false,
      enabled: true,
      corsOrigins: [],
    });
    expect(config.http.bodyLimitBytes).toBe(1_048_576);
    expect(config.mcp).toEqual({ transport: 'stdio', host: '127.0.0.1', port: 8002 });
    expect(config.ledger).toEqual({
      kind: 'file',
      path: '/home/u/.local/state/mcp-communication/responder-http/ledger.jsonl',
    });
    expect(config.maxMessageChars).toBe(10_000);
  });

  it('auto-detects openai from OPENAI_API_KEY and bedrock from AWS credentials', () => {
    expect(parseResponderConfig({ OPENAI_API_KEY: 'sk-x' }, options).provider.provider).toBe('openai');
    const bedrock = parseResponderConfig({ AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's' }, options);
    expect(bedrock.provider).toMatchObject({ provider: 'bedrock', region: 'us-east-1' });
    expect(parseResponderConfig({ AWS_PROFILE: 'dev' }, options).provider.provider).toBe('bedrock');
    expect(
      parseResponderConfig({ AI_PROVIDER: 'mock', OPENAI_API_KEY: 'sk-x' }, options).provider.provider,
    ).toBe('mock');
  });

  it('reads the knobs we added', () => {
    const config = parseResponderConfig(
      {
        LEDGER: 'memory',
        RATE_LIMIT_MAX: '0',
        CORS_ORIGINS: 'https://a.example, https://b.example',
        RESPONDER_HTTP_ENABLED: 'false',
        CONVERSATION_MAX_TURNS: '4',
        MCP_TRANSPORT: 'http',
        PRICING_FILE: '/etc/prices.json',
        MOCK_STREAM_DELAY_MS: '40',
      },
      options,
    );
    expect(config.ledger).toEqual({ kind: 'memory' });
    expect(config.http.rateLimit).toBe(false);
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.http.enabled).toBe(false);
    expect(config.conversation.maxTurns).toBe(4);
    expect(config.mcp.transport).toBe('http');
    expect(config.pricingFile).toBe('/etc/prices.json');
    expect(config.provider).toMatchObject({ provider: 'mock', streamDelayMs: 40 });
  });

  it('LOG_FORMAT defaults to pretty on a terminal and json otherwise; colours only on a terminal without NO_COLOR', () => {
    expect(parseResponderConfig({}, options)).toMatchObject({ logFormat: 'json', logColor: false });
    expect(parseResponderConfig({}, { ...options, stderrIsTTY: true })).toMatchObject({
      logFormat: 'pretty',
      logColor: true,
    });
    expect(parseResponderConfig({ NO_COLOR: '1' }, { ...options, stderrIsTTY: true }).logColor).toBe(false);
    expect(parseResponderConfig({ LOG_FORMAT: 'Pretty' }, options).logFormat).toBe('pretty');
    expect(parseResponderConfig({ LOG_FORMAT: 'json' }, { ...options, stderrIsTTY: true }).logFormat).toBe(
      'json',
    );
  });

  it('a bad value throws one line naming the variable', () => {
    const bad: Array<[Record<string, string>, string]> = [
      [{ HTTP_PORT: 'abc' }, 'HTTP_PORT'],
      [{ AI_TEMPERATURE: '3' }, 'AI_TEMPERATURE'],
      [{ AI_PROVIDER: 'azure' }, 'AI_PROVIDER'],
      [{ LEDGER: 'sqlite' }, 'LEDGER'],
      [{ RESPONDER_ALLOW_NO_AUTH: 'maybe' }, 'RESPONDER_ALLOW_NO_AUTH'],
      [{ OPENAI_BASE_URL: 'not a url', AI_PROVIDER: 'openai' }, 'OPENAI_BASE_URL'],
      [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
      [{ MOCK_STREAM_DELAY_MS: '-1' }, 'MOCK_STREAM_DELAY_MS'],
    ];
    for (const [env, variable] of bad) {
      const error = (() => {
        try {
          parseResponderConfig(env, options);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as ConfigError).message).not.toContain('\n');
    }
    expect(() => parseResponderConfig({ HTTP_PORT: 'abc' }, options)).toThrow(
      'Invalid HTTP_PORT: must be an integer 0..65535 (got "abc")',
    );
    expect(() => parseResponderConfig({ LEDGER: 'postgres://u:hunter2@db/x' }, options)).toThrow(
      /^(?!.*hunter2)/,
    );
  });
});

describe('assertSafeBind', () => {
  it('refuses a non-loopback address without a key unless allowed', () => {
    expect(() => assertSafeBind('127.0.0.1', undefined, false)).not.toThrow();
    expect(() => assertSafeBind('localhost', undefined, false)).not.toThrow();
    expect(() => assertSafeBind('::1', undefined, false)).not.toThrow();
    expect(() => assertSafeBind('0.0.0.0', undefined, false)).toThrow(ConfigError);
    expect(() => assertSafeBind('0.0.0.0', 'key', false)).not.toThrow();
    expect(() => assertSafeBind('0.0.0.0', undefined, true)).not.toThrow();
  });
});
