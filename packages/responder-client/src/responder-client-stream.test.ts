import { afterEach, describe, expect, it } from 'vitest';
import {
  doneEvent,
  type ScriptedHandler,
  type ScriptedServer,
  sendError,
  sseData,
  startEventStream,
  startScriptedServer,
} from '../test/scripted-server';
import {
  createResponderClient,
  type ResponderClientOptions,
  type ResponderStreamPart,
} from './create-responder-client';
import { isResponderClientError, type ResponderClientError } from './responder-client-error';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: ScriptedHandler) {
  const server = await startScriptedServer(handler);
  servers.push(server);
  return server;
}

function client(baseUrl: string, options: Partial<ResponderClientOptions> = {}) {
  return createResponderClient({ baseUrl, retryBaseDelayMs: 1, random: () => 0, ...options });
}

async function collect(parts: AsyncIterable<ResponderStreamPart>) {
  const seen: ResponderStreamPart[] = [];
  try {
    for await (const part of parts) seen.push(part);
  } catch (error) {
    if (isResponderClientError(error)) return { seen, error };
    throw error;
  }
  return { seen, error: undefined };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('stream', () => {
  it('yields the deltas, then the done event, and ends on [DONE]', async () => {
    const server = await serve((_request, res) => {
      startEventStream(res);
      res.write(sseData({ content: 'Hel' }));
      res.write(sseData({ content: 'lo' }));
      res.write(sseData(doneEvent));
      res.end(sseData('[DONE]'));
    });
    const { seen, error } = await collect(client(server.url, { apiKey: 'k' }).stream({ message: 'Hi' }));
    expect(error).toBeUndefined();
    expect(seen).toEqual([
      { type: 'delta', content: 'Hel' },
      { type: 'delta', content: 'lo' },
      { type: 'done', event: doneEvent },
    ]);
    expect(server.requests[0]?.url).toBe('/stream');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer k');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ message: 'Hi' });
  });

  it('streams through a custom fetch too, and a cut there is a stream_cut', async () => {
    const server = await serve(async (_request, res, index) => {
      startEventStream(res);
      res.write(sseData({ content: 'Hel' }));
      if (index === 1) {
        await tick();
        return void res.socket?.destroy();
      }
      res.write(sseData(doneEvent));
      res.end(sseData('[DONE]'));
    });
    const responder = client(server.url, { fetch: (input, init) => fetch(input, init) });
    const whole = await collect(responder.stream({ message: 'Hi' }));
    expect(whole.error).toBeUndefined();
    expect(whole.seen).toEqual([
      { type: 'delta', content: 'Hel' },
      { type: 'done', event: doneEvent },
    ]);
    const cut = await collect(responder.stream({ message: 'Hi' }));
    expect(cut.seen).toEqual([{ type: 'delta', content: 'Hel' }]);
    expect(cut.error?.code).toBe('stream_cut');
    expect(server.requests).toHaveLength(2);
  });

  it('parses events split across chunks, with CRLF line ends, heartbeats and multi-line data', async () => {
    const wire =
      ': ping\r\n\r\n' +
      'data: {"content":\r\ndata: "a\\u00e9b"}\r\n\r\n' +
      ': ping\r\n' +
      `event: message\r\ndata: ${JSON.stringify({ content: 'ü€' })}\r\n\r\n` +
      `data: ${JSON.stringify(doneEvent)}\r\n\r\n` +
      'data: [DONE]\r\n\r\n';
    const bytes = Buffer.from(wire, 'utf8');
    const server = await serve(async (_request, res) => {
      startEventStream(res);
      // One byte per write: splits lines, CRLF pairs and multi-byte characters.
      for (const byte of bytes) {
        res.write(Buffer.from([byte]));
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
    const { seen, error } = await collect(client(server.url).stream({ message: 'Hi' }));
    expect(error).toBeUndefined();
    expect(seen).toEqual([
      { type: 'delta', content: 'a\u00e9b' },
      { type: 'delta', content: 'ü€' },
      { type: 'done', event: doneEvent },
    ]);
  });

  it('an error event fails with stream_error carrying the server code and message', async () => {
    const server = await serve((_request, res) => {
      startEventStream(res);
      res.write(sseData({ content: 'par' }));
      res.end(
        sseData({ error: { code: 'provider_timeout', message: 'the provider did not answer in time' } }),
      );
    });
    const { seen, error } = await collect(client(server.url).stream({ message: 'Hi' }));
    expect(seen).toEqual([{ type: 'delta', content: 'par' }]);
    expect(error?.code).toBe('stream_error');
    expect(error?.body?.error).toEqual({
      code: 'provider_timeout',
      message: 'the provider did not answer in time',
    });
    expect(error?.message).toBe(
      'the stream from Server B failed: provider_timeout: the provider did not answer in time',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('a body that ends without [DONE] after output fails with stream_cut and is not re-sent', async () => {
    const server = await serve((_request, res) => {
      startEventStream(res);
      res.end(sseData({ content: 'first' }));
    });
    const { seen, error } = await collect(client(server.url).stream({ message: 'Hi' }));
    expect(seen).toEqual([{ type: 'delta', content: 'first' }]);
    expect(error?.code).toBe('stream_cut');
    expect(error?.message).toContain('the stream from Server B ended before it finished');
    expect(server.requests).toHaveLength(1);
  });

  it('a connection destroyed after the first delta fails and is not re-sent', async () => {
    const server = await serve(async (_request, res) => {
      startEventStream(res);
      res.write(sseData({ content: 'first' }));
      await tick();
      res.socket?.destroy();
    });
    const { seen, error } = await collect(client(server.url).stream({ message: 'Hi' }));
    expect(seen).toEqual([{ type: 'delta', content: 'first' }]);
    expect(error?.code).toBe('stream_cut');
    expect(error?.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('a stream cut before any event is retried', async () => {
    const server = await serve((_request, res, index) => {
      startEventStream(res);
      if (index === 0) {
        res.end(': ping\n\n');
        return;
      }
      res.write(sseData({ content: 'ok' }));
      res.write(sseData(doneEvent));
      res.end(sseData('[DONE]'));
    });
    const { seen, error } = await collect(client(server.url).stream({ message: 'Hi' }));
    expect(error).toBeUndefined();
    expect(seen).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });

  it('a 503 before the stream starts is retried', async () => {
    const server = await serve((_request, res, index) => {
      if (index === 0) {
        sendError(res, 503, 'provider_unavailable', 'down');
        return;
      }
      startEventStream(res);
      res.write(sseData(doneEvent));
      res.end(sseData('[DONE]'));
    });
    const { seen, error } = await collect(client(server.url).stream({ message: 'Hi' }));
    expect(error).toBeUndefined();
    expect(seen).toEqual([{ type: 'done', event: doneEvent }]);
    expect(server.requests).toHaveLength(2);
  });

  it('a 400 fails with http_error and the server message, without retrying', async () => {
    const server = await serve((_request, res) =>
      sendError(res, 400, 'validation_error', 'message: must not be empty'),
    );
    const { error } = await collect(client(server.url).stream({ message: '' }));
    expect(error?.code).toBe('http_error');
    expect(error?.message).toBe(
      `POST ${server.url}/stream failed with 400 validation_error: message: must not be empty`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('aborting mid-stream fails with aborted and closes the request on the server', async () => {
    const closed = deferred();
    const server = await serve((_request, res) => {
      res.on('close', closed.resolve);
      startEventStream(res);
      res.write(sseData({ content: 'first' }));
    });
    const controller = new AbortController();
    const seen: ResponderStreamPart[] = [];
    let error: ResponderClientError | undefined;
    try {
      for await (const part of client(server.url).stream({ message: 'Hi' }, { signal: controller.signal })) {
        seen.push(part);
        controller.abort();
      }
    } catch (caught) {
      if (!isResponderClientError(caught)) throw caught;
      error = caught;
    }
    expect(seen).toEqual([{ type: 'delta', content: 'first' }]);
    expect(error?.code).toBe('aborted');
    await closed.promise;
  });

  it('breaking out of the loop closes the request on the server', async () => {
    const closed = deferred();
    const server = await serve((_request, res) => {
      res.on('close', closed.resolve);
      startEventStream(res);
      res.write(sseData({ content: 'first' }));
    });
    for await (const part of client(server.url).stream({ message: 'Hi' })) {
      expect(part).toEqual({ type: 'delta', content: 'first' });
      break;
    }
    await closed.promise;
    expect(server.requests).toHaveLength(1);
  });

  it('heartbeats keep a slow stream alive; silence longer than the timeout fails with timeout', async () => {
    const server = await serve(async (_request, res, index) => {
      startEventStream(res);
      if (index === 0) {
        for (let i = 0; i < 6; i++) {
          res.write(': ping\n\n');
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
        res.write(sseData(doneEvent));
        res.end(sseData('[DONE]'));
      } else {
        res.write(sseData({ content: 'then nothing' }));
      }
    });
    const responder = client(server.url, { timeoutMs: 150 });
    const ok = await collect(responder.stream({ message: 'Hi' }));
    expect(ok.error).toBeUndefined();
    expect(ok.seen).toEqual([{ type: 'done', event: doneEvent }]);
    const silent = await collect(responder.stream({ message: 'Hi' }));
    expect(silent.seen).toEqual([{ type: 'delta', content: 'then nothing' }]);
    expect(silent.error?.code).toBe('timeout');
    expect(server.requests).toHaveLength(2);
  });

  it('an event with content and an error or done field is classified as the full parser does', async () => {
    const error = { code: 'provider_error', message: 'boom' };
    const server = await serve((_request, res) => {
      startEventStream(res);
      res.write(sseData({ content: 'a', extra: 1 }));
      res.write(sseData({ ...doneEvent, content: 'ignored' }));
      res.end(sseData({ content: 'b', error }));
    });
    const result = await collect(client(server.url).stream({ message: 'Hi' }));
    expect(result.seen).toEqual([
      { type: 'delta', content: 'a' },
      { type: 'done', event: doneEvent },
    ]);
    expect(result.error?.code).toBe('stream_error');
    expect(result.error?.body?.error).toEqual(error);
  });

  it('a malformed event fails with invalid_response naming the field', async () => {
    const server = await serve((_request, res) => {
      startEventStream(res);
      res.end(sseData({ content: 42 }));
    });
    const { error } = await collect(client(server.url).stream({ message: 'Hi' }));
    expect(error?.code).toBe('invalid_response');
    expect(error?.field).toBe('content');
    expect(error?.message).toContain(`POST ${server.url}/stream returned an invalid response`);
  });

  it('a JSON answer instead of an event stream fails with invalid_response', async () => {
    const server = await serve((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"success"}');
    });
    const { error } = await collect(client(server.url).stream({ message: 'Hi' }));
    expect(error?.code).toBe('invalid_response');
    expect(error?.message).toContain('expected text/event-stream, got application/json');
  });
});
