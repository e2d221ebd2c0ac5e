import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scripted Server B speaking the responder wire format (DESIGN.md "HTTP API"), for cases a real
 * responder cannot produce on demand: a stream cut mid-way, garbage JSON, a request left hanging.
 * Messages steer it: "hang" never answers, "cut" breaks the stream after two deltas, "slow" streams
 * like a thinking model: only `: ping` heartbeats for `silenceMs` before the first delta and again
 * after the third.
 */
export interface FakeServerB {
  url: string;
  port: number;
  /** Paths whose client went away before the answer was complete. */
  disconnects: string[];
  /** Paths of requests received, in order. */
  requests: string[];
  close(): Promise<void>;
}

export interface FakeServerBOptions {
  port?: number;
  /** Answer every request with 200 and JSON that is not the responder's. */
  garbage?: boolean;
  /** Delay between two stream deltas. */
  deltaDelayMs?: number;
  /** How long a "slow" stream sends heartbeats only, before its first delta and after its third. */
  silenceMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeServerB(options: FakeServerBOptions = {}): Promise<FakeServerB> {
  const disconnects: string[] = [];
  const requests: string[] = [];
  const deltaDelayMs = options.deltaDelayMs ?? 5;
  const silenceMs = options.silenceMs ?? 1500;

  // What Server B sends while its provider is thinking: SSE comments, no data.
  const heartbeats = async (res: ServerResponse, ms: number) => {
    for (let waited = 0; waited < ms && !res.destroyed; waited += 100) {
      res.write(': ping\n\n');
      await sleep(100);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    res.on('close', () => {
      if (!res.writableEnded) disconnects.push(path);
    });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (options.garbage) return json(res, 200, { hello: 'world', aiResponse: 42 });
    const body =
      chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
    const message = String(body.message ?? '');
    const conversationId = typeof body.conversation_id === 'string' ? body.conversation_id : randomUUID();
    const reply = `Fake reply to: ${message}. It has several words to stream.`;
    const usage = {
      promptTokens: 10,
      completionTokens: 12,
      totalTokens: 22,
      estimatedCost: 0.0001,
      priced: true,
    };
    if (path === '/health') {
      return json(res, 200, {
        status: 'healthy',
        server: 'fake-b',
        provider: 'mock',
        messagesProcessed: 0,
        ai: { configured: true, status: 'healthy' },
      });
    }
    if (path === '/models')
      return json(res, 200, {
        provider: 'mock',
        models: ['mock-small', 'mock-large'],
        default: 'mock-small',
      });
    if (path === '/config')
      return json(res, 200, {
        provider: 'mock',
        defaultModel: 'mock-small',
        temperature: 0.7,
        maxTokens: 1000,
      });
    if (path === '/process') {
      if (message.includes('hang')) return; // left open until the client goes away
      return json(res, 200, {
        status: 'success',
        aiResponse: reply,
        model: 'mock-small',
        provider: 'mock',
        usage,
        timestamp: new Date().toISOString(),
        processingTime: 0.01,
        conversationId,
      });
    }
    if (path === '/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const words = reply.split(/(?<= )/);
      for (const [index, word] of words.entries()) {
        if (res.destroyed) return;
        if (message.includes('slow') && (index === 0 || index === 3)) await heartbeats(res, silenceMs);
        if (res.destroyed) return;
        if (message.includes('cut') && index === 2) return void res.socket?.destroy();
        res.write(`data: ${JSON.stringify({ content: word })}\n\n`);
        await sleep(message.includes('hang') ? 60_000 : deltaDelayMs);
      }
      res.write(
        `data: ${JSON.stringify({ done: true, model: 'mock-small', provider: 'mock', usage, conversationId })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
      return;
    }
    json(res, 404, { error: { code: 'not_found', message: `no route ${path}` } });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    disconnects,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** A port nothing listens on right now (bound then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
