import type { Agent, ClientRequest, IncomingMessage, RequestOptions, request } from 'node:http';

/** What the client needs of one HTTP response, whichever way it was fetched. */
export interface TransportReply {
  readonly status: number;
  readonly statusText: string;
  /** A response header (case-insensitive), or null. */
  header(name: string): string | null;
  /** The whole body as UTF-8 text. */
  text(): Promise<string>;
  /** The body as UTF-8 text, chunk by chunk (a character split between chunks is kept whole). */
  chunks(): AsyncIterator<string>;
  /** Stops reading: an unfinished body is aborted (the server sees the connection close). */
  cancel(): void;
}

export interface TransportRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export type Transport = (url: string, init: TransportRequest) => Promise<TransportReply>;

/**
 * A failure of the connection itself, shaped like Node's fetch reports one (`TypeError: fetch failed` before a
 * response, `TypeError: terminated` while reading the body, the system error in `cause`), so one classifier
 * (`describeNetworkFailure`) serves both transports and the messages stay the same.
 */
function connectionError(message: 'fetch failed' | 'terminated', cause: unknown): TypeError {
  return new TypeError(message, { cause });
}

/**
 * The default transport: node:http(s) with a keep-alive agent per client. Node's fetch (undici) costs about
 * 0.2 ms and twice the CPU per call here, and its garbage (streams, AbortSignals, finalizers) made a
 * scavenge of 6–16 ms every ~90 calls: the messenger's p99 (bench scenario 2). node:http(s) is loaded on the
 * first request (about 2.5 ms), not at start-up: an MCP server answers `initialize` before it calls anyone.
 */
export function createNodeTransport(): Transport {
  type Client = { agent: Agent; request: typeof request };
  let http: Promise<Client> | undefined;
  let https: Promise<Client> | undefined;
  const client = (secure: boolean): Promise<Client> => {
    if (secure) {
      https ??= import('node:https').then((m) => ({
        agent: new m.Agent({ keepAlive: true }),
        request: m.request,
      }));
      return https;
    }
    http ??= import('node:http').then((m) => ({
      agent: new m.Agent({ keepAlive: true }),
      request: m.request,
    }));
    return http;
  };

  return async (url, init) => {
    const target = new URL(url);
    const { agent, request } = await client(target.protocol === 'https:');
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    const options: RequestOptions = {
      agent,
      protocol: target.protocol,
      hostname: target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      method: init.method,
      headers,
    };
    return await new Promise<TransportReply>((resolve, reject) => {
      const { signal } = init;
      let req: ClientRequest | undefined;
      let res: IncomingMessage | undefined;
      const onAbort = () => {
        const reason = signal.reason instanceof Error ? signal.reason : new Error('aborted');
        // Before the response the request fails; after it, an unfinished body fails. A finished one is left
        // alone: its socket may already be back in the pool, serving another request.
        if (res === undefined) reject(reason);
        else if (res.complete) return;
        req?.destroy(reason);
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      const done = () => signal.removeEventListener('abort', onAbort);
      req = request(options, (response) => {
        res = response;
        response.once('close', done);
        resolve(nodeReply(response));
      });
      req.on('error', (error) => {
        if (res === undefined) {
          done();
          reject(signal.aborted ? error : connectionError('fetch failed', error));
        }
      });
      req.end(init.body);
    });
  };
}

function nodeReply(res: IncomingMessage): TransportReply {
  res.setEncoding('utf8');
  const bodyError = (error: unknown) =>
    // An abort (our signal) passes as it is; anything else broke the connection mid-body.
    error instanceof Error && error.name === 'AbortError' ? error : connectionError('terminated', error);
  return {
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? '',
    header(name) {
      const value = res.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
    text: () =>
      new Promise((resolve, reject) => {
        let text = '';
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.once('end', () => resolve(text));
        res.once('error', (error) => reject(bodyError(error)));
      }),
    chunks() {
      const iterator = res[Symbol.asyncIterator]() as AsyncIterator<string>;
      return {
        next: () =>
          iterator.next().catch((error: unknown) => {
            throw bodyError(error);
          }),
      };
    },
    cancel() {
      // A body read to its end lets the connection go back to the pool; an unfinished one is cut.
      if (res.complete) res.resume();
      else res.destroy();
    },
  };
}

/** A transport over a fetch implementation (`ResponderClientOptions.fetch`). */
export function createFetchTransport(fetchImpl: typeof fetch): Transport {
  return async (url, init) => {
    const response = await fetchImpl(url, {
      method: init.method,
      headers: init.headers,
      signal: init.signal,
      ...(init.body !== undefined && { body: init.body }),
    });
    let reader: ReadableStreamDefaultReader<string> | undefined;
    return {
      status: response.status,
      statusText: response.statusText,
      header: (name) => response.headers.get(name),
      text: () => response.text(),
      chunks() {
        if (response.body === null) return { next: async () => ({ done: true, value: undefined }) };
        const stream = response.body.pipeThrough(new TextDecoderStream());
        reader = stream.getReader();
        const read = reader;
        return {
          next: async () => {
            const chunk = await read.read();
            return chunk.done ? { done: true, value: undefined } : { done: false, value: chunk.value };
          },
        };
      },
      cancel() {
        if (reader !== undefined) reader.cancel().catch(() => undefined);
        else if (response.body !== null && !response.bodyUsed) response.body.cancel().catch(() => undefined);
      },
    };
  };
}
