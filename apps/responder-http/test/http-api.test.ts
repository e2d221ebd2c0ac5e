import {
  ConfigResponseSchema,
  ErrorBodySchema,
  HealthResponseSchema,
  ModelsResponseSchema,
  ProcessResponseSchema,
} from '@org/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, startResponderHttp, stopApp } from './app-process';
import { readStreamEvents } from './sse';

// The curl examples of the original README (Testing, steps 1, 2, 4, 5, 6) against the built bin.
describe('responder-http over real HTTP', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Awaited<ReturnType<typeof startResponderHttp>>;

  beforeAll(async () => {
    temp = await makeTempDir();
    app = await startResponderHttp({ LEDGER: 'file', LEDGER_PATH: `${temp.dir}/ledger.jsonl` }, temp.dir);
  });
  afterAll(async () => {
    expect(await stopApp(app)).toBe(0);
    // stdout is reserved (MCP stdio in the sibling app); this bin logs to stderr only.
    expect(app.stdout()).toBe('');
    await temp.remove();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('GET /health reports a healthy mock provider', async () => {
    const response = await fetch(`${app.url}/health`);
    expect(response.status).toBe(200);
    const health = HealthResponseSchema.parse(await response.json());
    expect(health).toMatchObject({ status: 'healthy', provider: 'mock', ai: { configured: true } });
  });

  it('GET /models lists the provider models and the default', async () => {
    const models = ModelsResponseSchema.parse(await (await fetch(`${app.url}/models`)).json());
    expect(models.provider).toBe('mock');
    expect(models.models).toContain(models.default);
  });

  it('GET /config shows the defaults and no secret', async () => {
    const config = ConfigResponseSchema.parse(await (await fetch(`${app.url}/config`)).json());
    expect(config).toMatchObject({ provider: 'mock', temperature: 0.7, maxTokens: 1000 });
  });

  it('POST /process answers with the documented shape', async () => {
    const response = await post('/process', { message: 'What is Python?', max_tokens: 100 });
    expect(response.status).toBe(200);
    const result = ProcessResponseSchema.parse(await response.json());
    expect(result.status).toBe('success');
    expect(result.provider).toBe('mock');
    expect(result.aiResponse).toContain("You said: 'What is Python?'");
    expect(result.usage.totalTokens).toBe(result.usage.promptTokens + result.usage.completionTokens);
  });

  it('POST /stream sends deltas, a done event, then [DONE]', async () => {
    const response = await post('/stream', { message: 'Tell me a joke', max_tokens: 100 });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = await readStreamEvents(response);
    const deltas = events.flatMap((event) => (event.type === 'delta' ? [event.event.content] : []));
    expect(deltas.join('')).toContain("You said: 'Tell me a joke'");
    expect(events.at(-2)?.type).toBe('done');
    expect(events.at(-1)?.type).toBe('end');
  });

  it('a bad field is a 400 naming it', async () => {
    const response = await post('/process', { message: 'hi', temperature: 5 });
    expect(response.status).toBe(400);
    const body = ErrorBodySchema.parse(await response.json());
    expect(body.error.code).toBe('validation_error');
    expect(body.error.details?.field).toBe('temperature');
  });
});

describe('responder-http with RESPONDER_API_KEY', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Awaited<ReturnType<typeof startResponderHttp>>;

  beforeAll(async () => {
    temp = await makeTempDir();
    app = await startResponderHttp(
      { LEDGER: 'memory', RESPONDER_API_KEY: 'test-key-0123456789abcdef' },
      temp.dir,
    );
  });
  afterAll(async () => {
    await stopApp(app);
    await temp.remove();
  });

  const callProcess = (headers: Record<string, string>) =>
    fetch(`${app.url}/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ message: 'hello' }),
    });

  it('rejects a request without the key with 401', async () => {
    const response = await callProcess({});
    expect(response.status).toBe(401);
    expect(ErrorBodySchema.parse(await response.json()).error.code).toBe('unauthorized');
  });

  it('rejects a wrong key with 401', async () => {
    expect((await callProcess({ authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('accepts the bearer key', async () => {
    const response = await callProcess({ authorization: 'Bearer test-key-0123456789abcdef' });
    expect(response.status).toBe(200);
    expect(ProcessResponseSchema.parse(await response.json()).aiResponse).toContain("You said: 'hello'");
  });
});
