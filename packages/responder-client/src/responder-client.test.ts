import { afterEach, describe, expect, it } from 'vitest';
import {
  findClosedPort,
  type ScriptedHandler,
  type ScriptedServer,
  sendError,
  sendJson,
  startScriptedServer,
  usage,
} from '../test/scripted-server';
import {
  createResponderClient,
  type ResponderClientOptions,
  type RetryInfo,
} from './create-responder-client';
import { isResponderClientError, type ResponderClientError } from './responder-client-error';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: ScriptedHandler, port?: number) {
  const server = await startScriptedServer(handler, port);
  servers.push(server);
  return server;
}

/** Fast, deterministic retries: no jitter wait unless a test asks for it. */
function client(baseUrl: string, options: Partial<ResponderClientOptions> = {}) {
  return createResponderClient({ baseUrl, retryBaseDelayMs: 1, random: () => 0, ...options });
}

async function failure(promise: Promise<unknown>): Promise<ResponderClientError> {
  try {
    await promise;
  } catch (error) {
    if (isResponderClientError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const processResponse = {
  status: 'success',
  aiResponse: 'Hello there',
  model: 'mock-1',
  provider: 'mock',
  usage,
  timestamp: '2025-01-01T00:00:00.000Z',
  processingTime: 0.01,
  conversationId: 'conv-1',
};

const healthResponse = {
  status: 'healthy',
  server: 'ai-responder',
  provider: 'mock',
  messagesProcessed: 2,
  ai: { configured: true, status: 'healthy' },
};

const configResponse = { provider: 'mock', defaultModel: 'mock-1', temperature: 0.7, maxTokens: 1000 };

describe('successful calls', () => {
  it('process sends the body with the bearer key and returns the parsed response', async () => {
    const server = await serve((_request, res) => sendJson(res, 200, processResponse));
    const result = await client(server.url, { apiKey: 'secret-key', userAgent: 'test-agent/1' }).process({
      message: 'Hi',
      max_tokens: 50,
    });
    expect(result).toEqual(processResponse);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/process');
    expect(request?.headers.authorization).toBe('Bearer secret-key');
    expect(request?.headers['user-agent']).toBe('test-agent/1');
    expect(request?.headers['content-type']).toContain('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ message: 'Hi', max_tokens: 50 });
  });

  it('sends no Authorization header without an apiKey', async () => {
    const server = await serve((_request, res) => sendJson(res, 200, healthResponse));
    await client(server.url).health();
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('health, models, config, stats and messages hit their routes and return the parsed bodies', async () => {
    const models = { provider: 'mock', models: ['mock-1', 'mock-2'], default: 'mock-1' };
    const stats = {
      totalRequests: 1,
      totalTokens: 8,
      estimatedTotalCost: 0.0001,
      averageResponseTime: 0.01,
      modelBreakdown: { 'mock-1': { requests: 1, tokens: 8, cost: 0.0001 } },
    };
    const messages = {
      total: 1,
      limit: 5,
      offset: 0,
      messages: [
        {
          id: 'm1',
          timestamp: '2025-01-01T00:00:00.000Z',
          conversationId: 'conv-1',
          message: 'Hi',
          aiResponse: 'Hello',
          provider: 'mock',
          model: 'mock-1',
          usage,
          processingTime: 0.01,
          streamed: false,
          status: 'success',
        },
      ],
    };
    const server = await serve((request, res) => {
      const path = request.url.split('?')[0];
      if (path === '/health') sendJson(res, 200, healthResponse);
      else if (path === '/models') sendJson(res, 200, models);
      else if (path === '/config') sendJson(res, 200, configResponse);
      else if (path === '/stats') sendJson(res, 200, stats);
      else if (path === '/messages') sendJson(res, 200, messages);
      else sendError(res, 404, 'not_found', 'no route');
    });
    const responder = client(`${server.url}/`);
    expect(responder.baseUrl).toBe(server.url);
    expect(await responder.health()).toEqual(healthResponse);
    expect(await responder.models()).toEqual(models);
    expect(await responder.config()).toEqual(configResponse);
    expect(await responder.stats()).toEqual(stats);
    expect(await responder.messages({ limit: 5, conversation_id: 'conv-1' })).toEqual(messages);
    expect(await responder.messages()).toEqual(messages);
    expect(server.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET /health',
      'GET /models',
      'GET /config',
      'GET /stats',
      'GET /messages?limit=5&conversation_id=conv-1',
      'GET /messages',
    ]);
  });

  it('updateConfig sends PATCH /config with the update', async () => {
    const server = await serve((_request, res) =>
      sendJson(res, 200, { ...configResponse, temperature: 0.2 }),
    );
    const result = await client(server.url, { apiKey: 'k' }).updateConfig({ temperature: 0.2 });
    expect(result.temperature).toBe(0.2);
    expect(server.requests[0]?.method).toBe('PATCH');
    expect(server.requests[0]?.url).toBe('/config');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ temperature: 0.2 });
  });

  it('keeps a path prefix of the base URL', async () => {
    const server = await serve((_request, res) => sendJson(res, 200, healthResponse));
    await client(`${server.url}/api/v1`).health();
    expect(server.requests[0]?.url).toBe('/api/v1/health');
  });

  it('sequential calls share one keep-alive connection', async () => {
    const ports: (number | undefined)[] = [];
    const server = await serve((_request, res, _index, req) => {
      ports.push(req.socket.remotePort);
      sendJson(res, 200, processResponse);
    });
    const responder = client(server.url);
    for (let i = 0; i < 3; i++) await responder.process({ message: 'Hi' });
    expect(ports).toHaveLength(3);
    expect(new Set(ports).size).toBe(1);
  });

  it('sends through a custom fetch when one is given', async () => {
    const server = await serve((_request, res) => sendJson(res, 200, processResponse));
    const urls: string[] = [];
    const result = await client(server.url, {
      apiKey: 'k',
      fetch: (input, init) => {
        urls.push(String(input));
        return fetch(input, init);
      },
    }).process({ message: 'Hi' });
    expect(result).toEqual(processResponse);
    expect(urls).toEqual([`${server.url}/process`]);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer k');
  });
});

describe('retries', () => {
  it('recovers when the server comes up on a refused port', async () => {
    const port = await findClosedPort();
    const retries: RetryInfo[] = [];
    const responder = client(`http://127.0.0.1:${port}`, {
      retryBaseDelayMs: 200,
      random: () => 1,
      onRetry: (info) => {
        retries.push(info);
        // Start the server while the client is waiting for its first retry.
        if (retries.length === 1) void serve((_request, res) => sendJson(res, 200, healthResponse), port);
      },
    });
    expect(await responder.health()).toEqual(healthResponse);
    expect(retries[0]?.reason).toContain('ECONNREFUSED');
    expect(retries[0]?.url).toBe(`http://127.0.0.1:${port}/health`);
    expect(servers[0]?.requests).toHaveLength(1);
  });

  it('gives up with unreachable after every attempt was refused', async () => {
    const port = await findClosedPort();
    const retries: RetryInfo[] = [];
    const error = await failure(
      client(`http://127.0.0.1:${port}`, { onRetry: (i) => retries.push(i) }).health(),
    );
    expect(error.code).toBe('unreachable');
    expect(error.attempts).toBe(4);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      `Server B at http://127.0.0.1:${port} is not reachable after 4 attempts (connect ECONNREFUSED 127.0.0.1:${port})`,
    );
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
  });

  it('retries a 503 and returns the next success', async () => {
    const server = await serve((_request, res, index) => {
      if (index === 0) sendError(res, 503, 'provider_unavailable', 'provider is down');
      else sendJson(res, 200, processResponse);
    });
    expect(await client(server.url).process({ message: 'Hi' })).toEqual(processResponse);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
  });

  it('waits as long as a 429 Retry-After asks before retrying', async () => {
    const server = await serve((_request, res, index) => {
      if (index === 0) sendError(res, 429, 'rate_limited', 'slow down', { 'retry-after': '1' });
      else sendJson(res, 200, healthResponse);
    });
    const retries: RetryInfo[] = [];
    await client(server.url, { onRetry: (info) => retries.push(info) }).health();
    expect(retries).toEqual([expect.objectContaining({ attempt: 1, delayMs: 1000 })]);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a 429 whose Retry-After is longer than retryAfterMaxMs, and reports the wait', async () => {
    const server = await serve((_request, res) =>
      sendError(res, 429, 'rate_limited', 'slow down', { 'retry-after': '120' }),
    );
    const error = await failure(client(server.url).health());
    expect(error.code).toBe('http_error');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.retryable).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after retryAttempts retries of a 503, recording the attempts', async () => {
    const server = await serve((_request, res) => sendError(res, 503, 'provider_unavailable', 'down'));
    const error = await failure(client(server.url, { retryAttempts: 2 }).process({ message: 'Hi' }));
    expect(error.code).toBe('http_error');
    expect(error.attempts).toBe(3);
    expect(error.body?.error.code).toBe('provider_unavailable');
    expect(server.requests).toHaveLength(3);
  });

  it.each([
    [400, 'validation_error', 'max_tokens: must be at least 1'],
    [401, 'unauthorized', 'missing or wrong API key'],
    [404, 'not_found', 'no such route'],
    [413, 'payload_too_large', 'body too large'],
    [502, 'provider_auth', 'the provider rejected the API key'],
  ])('never retries %i %s', async (status, code, message) => {
    const server = await serve((_request, res) => sendError(res, status, code, message));
    const error = await failure(client(server.url).process({ message: 'Hi' }));
    expect(error.code).toBe('http_error');
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(false);
    expect(error.attempts).toBe(1);
    expect(error.body).toEqual({ error: { code, message } });
    expect(error.message).toBe(`POST ${server.url}/process failed with ${status} ${code}: ${message}`);
    expect(server.requests).toHaveLength(1);
  });

  it('reports an error without a JSON body by its status', async () => {
    const server = await serve((_request, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<h1>oops</h1>');
    });
    const error = await failure(client(server.url).health());
    expect(error.code).toBe('http_error');
    expect(error.body).toBeUndefined();
    expect(error.message).toBe(
      `GET ${server.url}/health failed with 500 Internal Server Error: <h1>oops</h1>`,
    );
  });

  it('stops at once when aborted during the backoff wait', async () => {
    const server = await serve((_request, res) => sendError(res, 503, 'provider_unavailable', 'down'));
    const controller = new AbortController();
    // A 60 s backoff: only an immediate abort lets this test finish within vitest's 5 s limit.
    const responder = client(server.url, {
      retryBaseDelayMs: 60_000,
      retryMaxDelayMs: 60_000,
      random: () => 1,
      onRetry: () => setImmediate(() => controller.abort()),
    });
    const error = await failure(responder.health({ signal: controller.signal }));
    expect(error.code).toBe('aborted');
    expect(server.requests).toHaveLength(1);
  });
});

describe('aborts, timeouts and bad responses', () => {
  it('aborting a request in flight closes it on the server', async () => {
    let serverSawClose!: () => void;
    const closed = new Promise<void>((resolve) => {
      serverSawClose = resolve;
    });
    const controller = new AbortController();
    const server = await serve((_request, res) => {
      res.on('close', () => serverSawClose());
      controller.abort();
    });
    const error = await failure(client(server.url).process({ message: 'Hi' }, { signal: controller.signal }));
    expect(error.code).toBe('aborted');
    expect(error.retryable).toBe(false);
    await closed;
    expect(server.requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const server = await serve((_request, res) => sendJson(res, 200, healthResponse));
    const error = await failure(client(server.url).health({ signal: AbortSignal.abort() }));
    expect(error.code).toBe('aborted');
    expect(server.requests).toHaveLength(0);
  });

  it('a POST that times out fails with timeout and is not sent twice', async () => {
    const server = await serve(() => undefined);
    const error = await failure(client(server.url).process({ message: 'Hi' }, { timeoutMs: 100 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe(`POST ${server.url}/process timed out after 100 ms`);
    expect(server.requests).toHaveLength(1);
  });

  it('a GET that times out is retried, then fails with timeout', async () => {
    const server = await serve(() => undefined);
    const error = await failure(client(server.url, { timeoutMs: 100, retryAttempts: 1 }).health());
    expect(error.code).toBe('timeout');
    expect(error.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('a response of the wrong shape fails with invalid_response naming the field and the URL', async () => {
    const server = await serve((_request, res) =>
      sendJson(res, 200, { ...healthResponse, ai: { configured: true, status: 'fine' } }),
    );
    const error = await failure(client(server.url).health());
    expect(error.code).toBe('invalid_response');
    expect(error.field).toBe('ai.status');
    expect(error.message).toContain(`GET ${server.url}/health returned an invalid response: ai.status:`);
    expect(error.attempts).toBe(1);
  });

  it('a response that is not JSON fails with invalid_response', async () => {
    const server = await serve((_request, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy login</html>');
    });
    const error = await failure(client(server.url).models());
    expect(error.code).toBe('invalid_response');
    expect(error.message).toBe(
      `GET ${server.url}/models returned an invalid response: not JSON (text/html): <html>proxy login</html>`,
    );
  });
});
