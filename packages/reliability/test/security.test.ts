import { type FakeOpenAI, startFakeOpenAI } from '@org/test-fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectMcp,
  MESSENGER_MCP,
  postJson,
  RESPONDER_HTTP,
  RESPONDER_MCP,
  runToExit,
  type SpawnedResponder,
  spawnResponder,
  toolText,
} from './helpers';

const OPENAI_KEY = 'sk-MARKER-openai-123';
const AWS_ID = 'AKIAMARKER0000000001';
const AWS_SECRET = 'MARKER-aws-secret-abcdefghijklmnopqrstuvwxyz';
const API_KEY = 'rk-MARKER-responder-456';
const MARKERS = [OPENAI_KEY, AWS_ID, AWS_SECRET, API_KEY, 'MARKER'];
const AUTH = { authorization: `Bearer ${API_KEY}` };

let fake: FakeOpenAI;
let responder: SpawnedResponder;
/** Every byte a client received from any server in this file. */
const seen: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI();
  responder = await spawnResponder({
    AI_PROVIDER: 'openai',
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: fake.url,
    AWS_ACCESS_KEY_ID: AWS_ID,
    AWS_SECRET_ACCESS_KEY: AWS_SECRET,
    RESPONDER_API_KEY: API_KEY,
    LEDGER: 'memory',
    PROVIDER_TIMEOUT_MS: '300',
    LOG_LEVEL: 'debug',
  });
});
afterAll(async () => {
  await responder?.kill('SIGTERM');
  await fake?.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = AUTH) {
  const response = await fetch(`${responder.url}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  seen.push(JSON.stringify([...response.headers]), text);
  return { status: response.status, text, headers: response.headers };
}

describe('bearer authentication', () => {
  it.each([
    ['no header', {}],
    ['Basic scheme', { authorization: `Basic ${Buffer.from(`user:${API_KEY}`).toString('base64')}` }],
    ['wrong key', { authorization: 'Bearer rk-wrong-key' }],
    ['key prefix', { authorization: `Bearer ${API_KEY.slice(0, -1)}` }],
    ['key suffix', { authorization: `Bearer ${API_KEY.slice(1)}` }],
    ['key plus one character', { authorization: `Bearer ${API_KEY}x` }],
    ['key followed by a space and more', { authorization: `Bearer ${API_KEY} extra` }],
    ['key without scheme', { authorization: API_KEY }],
    ['empty bearer', { authorization: 'Bearer ' }],
  ])('%s → 401', async (_name, headers) => {
    for (const [method, path, body] of [
      ['POST', '/process', { message: 'hi' }],
      ['GET', '/messages'],
      ['GET', '/stats'],
      ['PATCH', '/config', { temperature: 1 }],
    ] as const) {
      const res = await call(method, path, body, headers as Record<string, string>);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'unauthorized' } });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('a trailing space after the right key is stripped by HTTP itself (RFC 9110 OWS) and the key is accepted', async () => {
    // Node's parser removes trailing whitespace from header values, so the server cannot even see it.
    const res = await call('POST', '/process', { message: 'hi' }, { authorization: `Bearer ${API_KEY} ` });
    expect(res.status).toBe(200);
  });

  it('the correct key → 200; /health is open and reveals no secret or message content', async () => {
    const res = await call('POST', '/process', { message: 'top secret message content' });
    expect(res.status).toBe(200);
    const health = await call('GET', '/health', undefined, {});
    expect(health.status).toBe(200);
    expect(health.text).not.toContain('top secret');
    for (const marker of MARKERS) expect(health.text).not.toContain(marker);
  });
});

describe('secrets never leave the processes', () => {
  it('every route and error path, SSE and MCP tools: no marker in any response, event, result or log line', async () => {
    // Success paths.
    await call('POST', '/process', { message: 'hello' });
    await call('POST', '/stream', { message: 'hello stream' });
    for (const path of ['/health', '/models', '/config', '/stats', '/messages?limit=50'])
      await call('GET', path);
    await call('PATCH', '/config', { temperature: 0.3 });
    await call('PUT', '/config', { model: 'no-such-model' });
    // Provider failures, non-streaming and streaming.
    for (const behavior of [
      { type: 'error', status: 401, message: `Incorrect API key provided: ${OPENAI_KEY}` },
      { type: 'error', status: 429, retryAfterSeconds: 1 },
      { type: 'error', status: 500, message: `upstream echo ${OPENAI_KEY}` },
      { type: 'error', status: 400, message: `bad request with ${OPENAI_KEY}` },
      { type: 'stall' },
    ] as const) {
      fake.enqueueBehavior(behavior);
      await call('POST', '/process', { message: 'fail me' });
      fake.enqueueBehavior(behavior);
      await call('POST', '/stream', { message: 'fail my stream' });
    }
    fake.enqueueBehavior({ type: 'cut-stream', afterChunks: 1 });
    await call('POST', '/stream', { message: 'cut me off please' });
    // Validation, auth and unknown routes.
    await call('POST', '/process', '{"message":');
    await call('POST', '/process', { message: '' });
    await call('POST', '/process', { message: 'x' }, { authorization: 'Bearer wrong' });
    await call('GET', '/nope');
    await call('GET', '/messages?limit=abc');

    // The MCP side: responder-mcp (same secrets) and messenger-mcp talking to our responder.
    const responderMcp = await connectMcp(RESPONDER_MCP, {
      AI_PROVIDER: 'openai',
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: fake.url,
      AWS_ACCESS_KEY_ID: AWS_ID,
      AWS_SECRET_ACCESS_KEY: AWS_SECRET,
      RESPONDER_API_KEY: API_KEY,
      RESPONDER_HTTP_ENABLED: 'false',
      LEDGER: 'memory',
      LOG_LEVEL: 'debug',
    });
    const messenger = await connectMcp(MESSENGER_MCP, {
      SERVER_B_URL: responder.url,
      RESPONDER_API_KEY: API_KEY,
      LEDGER: 'memory',
      RETRY_ATTEMPTS: '0',
      LOG_LEVEL: 'debug',
    });
    const wrongKeyMessenger = await connectMcp(MESSENGER_MCP, {
      SERVER_B_URL: responder.url,
      RESPONDER_API_KEY: `${API_KEY}-wrong`,
      LEDGER: 'memory',
      RETRY_ATTEMPTS: '0',
      LOG_LEVEL: 'debug',
    });
    try {
      const tools: Array<[typeof messenger, string, Record<string, unknown>]> = [];
      for (const name of ['get_received_messages', 'get_openai_stats', 'get_provider_info', 'health_check']) {
        tools.push([responderMcp, name, {}]);
      }
      tools.push([responderMcp, 'configure_ai_model', { model: 'no-such-model' }]);
      tools.push([responderMcp, 'process_message', { message: 'hi' }]);
      tools.push([responderMcp, 'process_message_stream', { message: 'hi' }]);
      tools.push([responderMcp, 'process_message', { message: 'provider says 401' }]);
      for (const m of [messenger, wrongKeyMessenger]) {
        tools.push([m, 'send_message_to_ai', { message: 'hi' }]);
        tools.push([m, 'send_message_stream', { message: 'hi' }]);
        for (const name of ['get_conversation_history', 'get_ai_usage_stats', 'check_server_b_health']) {
          tools.push([m, name, {}]);
        }
        tools.push([m, 'list_available_models', {}]);
        tools.push([m, 'get_server_b_config', {}]);
      }
      for (const [m, name, args] of tools) {
        if (args.message === 'provider says 401') {
          fake.enqueueBehavior({
            type: 'error',
            status: 401,
            message: `Incorrect API key provided: ${OPENAI_KEY}`,
          });
        }
        const result = await m.client.callTool({ name, arguments: args });
        seen.push(JSON.stringify(result), toolText(result));
      }
      fake.enqueueBehavior({
        type: 'error',
        status: 401,
        message: `Incorrect API key provided: ${OPENAI_KEY}`,
      });
      seen.push(
        JSON.stringify(
          await messenger.client.callTool({ name: 'send_message_to_ai', arguments: { message: 'x' } }),
        ),
      );
    } finally {
      await responderMcp.close();
      await messenger.close();
      await wrongKeyMessenger.close();
    }
    const logs = [responder.output(), responderMcp.stderr(), messenger.stderr(), wrongKeyMessenger.stderr()];
    // The logs are not empty (LOG_LEVEL=debug): we did look at real log lines.
    expect(responder.output()).toMatch(/incoming request/);
    for (const text of [...seen, ...logs]) {
      for (const marker of MARKERS) expect(text).not.toContain(marker);
    }
    // The fake did receive the key: the markers were really in play.
    expect(JSON.stringify(fake.requests.at(-1)?.headers)).toContain(OPENAI_KEY);
  });
  it('LOG_FORMAT=pretty shows the same events readably, still without a marker (redaction happens before formatting)', async () => {
    const pretty = await spawnResponder({
      AI_PROVIDER: 'openai',
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: fake.url,
      AWS_ACCESS_KEY_ID: AWS_ID,
      AWS_SECRET_ACCESS_KEY: AWS_SECRET,
      RESPONDER_API_KEY: API_KEY,
      LEDGER: 'memory',
      PROVIDER_TIMEOUT_MS: '300',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'pretty',
    });
    const messenger = await connectMcp(MESSENGER_MCP, {
      SERVER_B_URL: pretty.url,
      RESPONDER_API_KEY: API_KEY,
      LEDGER: 'memory',
      RETRY_ATTEMPTS: '0',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'pretty',
    });
    try {
      const send = (path: string, body: unknown, authorization = `Bearer ${API_KEY}`) =>
        fetch(`${pretty.url}${path}`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((response) => response.text());
      await send('/process', { message: 'hello' });
      for (const behavior of [
        { type: 'error', status: 401, message: `Incorrect API key provided: ${OPENAI_KEY}` },
        { type: 'error', status: 500, message: `upstream echo ${OPENAI_KEY}` },
      ] as const) {
        fake.enqueueBehavior(behavior);
        await send('/process', { message: 'fail me' });
        fake.enqueueBehavior(behavior);
        await send('/stream', { message: 'fail my stream' });
      }
      await send('/process', { message: 'x' }, 'Bearer wrong');
      await messenger.client.callTool({ name: 'send_message_to_ai', arguments: { message: 'hi' } });
    } finally {
      await messenger.close();
      await pretty.kill('SIGTERM');
    }
    // Real readable request lines, and no JSON line, were looked at.
    expect(pretty.output()).toMatch(/ INFO {2}POST \/process 200 [\d.]+ms /);
    expect(pretty.output()).toMatch(/ POST \/process 401 /);
    expect(pretty.output()).not.toMatch(/^\{/m);
    expect(messenger.stderr()).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}messenger-mcp .* on stdio/m);
    for (const text of [pretty.output(), messenger.stderr()]) {
      for (const marker of MARKERS) expect(text).not.toContain(marker);
    }
  });
});

describe('network exposure', () => {
  it('binding 0.0.0.0 without RESPONDER_API_KEY is refused with one clear line', async () => {
    const run = await runToExit(
      [RESPONDER_HTTP],
      { AI_PROVIDER: 'mock', LEDGER: 'memory', HTTP_HOST: '0.0.0.0', HTTP_PORT: '0' },
      15_000,
    );
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/RESPONDER_API_KEY/);
    expect(run.output).not.toMatch(/listening on/);
    expect(run.output).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('CORS is off by default and on for a configured origin only', async () => {
    const res = await call('GET', '/config', undefined, { ...AUTH, origin: 'https://evil.example' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const withCors = await spawnResponder({
      AI_PROVIDER: 'mock',
      LEDGER: 'memory',
      CORS_ORIGINS: 'https://app.example',
    });
    try {
      const ok = await fetch(`${withCors.url}/config`, { headers: { origin: 'https://app.example' } });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
      const other = await fetch(`${withCors.url}/config`, { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await withCors.kill('SIGKILL');
    }
  });

  it('rate limiting answers 429 with Retry-After and the error body', async () => {
    const limited = await spawnResponder({
      AI_PROVIDER: 'mock',
      LEDGER: 'memory',
      RATE_LIMIT_MAX: '3',
      RATE_LIMIT_WINDOW_MS: '60000',
    });
    try {
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof postJson>> | undefined;
      for (let i = 0; i < 5; i++) {
        last = await postJson(`${limited.url}/process`, { message: `n${i}` });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last?.body).toMatchObject({ error: { code: 'rate_limited' } });
    } finally {
      await limited.kill('SIGKILL');
    }
  });
});
