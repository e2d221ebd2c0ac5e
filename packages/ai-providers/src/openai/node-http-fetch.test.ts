import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHttpFetch } from './node-http-fetch';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createNodeHttpFetch', () => {
  it('sends method, headers and body, and answers status, headers and body; keeps the connection alive', async () => {
    const seen: Array<{ method?: string; auth?: string; body: string; port?: number }> = [];
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({ method: req.method, auth: req.headers.authorization, body, port: req.socket.remotePort });
        res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req_1' });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    const fetch = createNodeHttpFetch();
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${url}/v1/x`, {
        method: 'POST',
        headers: new Headers({ authorization: 'Bearer k', 'content-type': 'application/json' }),
        body: '{"a":1}',
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('x-request-id')).toBe('req_1');
      expect(await response.json()).toEqual({ ok: true });
    }
    expect(seen.map(({ port: _port, ...rest }) => rest)).toEqual([
      { method: 'POST', auth: 'Bearer k', body: '{"a":1}' },
      { method: 'POST', auth: 'Bearer k', body: '{"a":1}' },
    ]);
    expect(seen[1]?.port).toBe(seen[0]?.port);
  });

  it('decompresses a gzip body and gives 204 a null body', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/empty') {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync('{"zipped":true}'));
    });
    const fetch = createNodeHttpFetch();
    expect(await (await fetch(`${url}/zip`)).json()).toEqual({ zipped: true });
    const empty = await fetch(`${url}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('resolves an event stream at its headers and delivers events as they arrive', async () => {
    let finish: () => void = () => {};
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      finish = () => res.end('data: two\n\n');
    });
    const response = await createNodeHttpFetch()(`${url}/sse`, { method: 'POST', body: '{}' });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: one\n\n');
    finish();
    let rest = '';
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      rest += new TextDecoder().decode(part.value);
    }
    expect(rest).toBe('data: two\n\n');
  });

  it('rejects a refused connection with TypeError("fetch failed") and the cause, like fetch', async () => {
    const url = await serve(() => {});
    const port = new URL(url).port;
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    const error = await createNodeHttpFetch()(`${url}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(String((error as TypeError).cause)).toContain(`127.0.0.1:${port}`);
  });

  it('an abort rejects with AbortError before the answer and errors the body after it; the server sees the close', async () => {
    const closed: string[] = [];
    const url = await serve((req, res) => {
      res.on('close', () => closed.push(req.url ?? ''));
      if (req.url === '/sse') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: one\n\n');
      }
    });
    const fetch = createNodeHttpFetch();

    const before = new AbortController();
    const pending = fetch(`${url}/stall`, { signal: before.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    before.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });

    const during = new AbortController();
    const response = await fetch(`${url}/sse`, { signal: during.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    during.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });

    await expect(fetch(`${url}/never`, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await expect.poll(() => closed.sort()).toEqual(['/sse', '/stall']);
  });
});
