import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** The `fetch` signature the openai SDK accepts as its `fetch` option. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Statuses whose Response must have a null body (the Response constructor refuses one). */
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

function abortError(signal: AbortSignal | null | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException('This operation was aborted', 'AbortError');
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  if (headers instanceof Headers || Array.isArray(headers)) {
    for (const [name, value] of headers) out[name] = value;
    return out;
  }
  return Object.assign(out, headers);
}

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return headers;
}

/**
 * A Response whose whole body is already in memory: `json()`/`text()` read the buffer directly instead of going
 * through a web stream (the SDK reads non-streamed bodies only through these). `body` is null.
 */
class BufferedResponse extends Response {
  readonly #bytes: Buffer;
  // Own properties, as the DOM types declare them (`readonly text: () => Promise<string>`).
  override readonly text = async (): Promise<string> => this.#bytes.toString('utf8');
  override readonly json = async (): Promise<unknown> => JSON.parse(this.#bytes.toString('utf8'));
  override readonly arrayBuffer = async (): Promise<ArrayBuffer> => {
    const { buffer, byteOffset, byteLength } = this.#bytes;
    return buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer;
  };
  constructor(bytes: Buffer, init: ResponseInit) {
    super(null, init);
    this.#bytes = bytes;
  }
}

/** The body as sent, decompressed when the server compressed it anyway (we never ask for it). */
function decoded(res: IncomingMessage): Readable {
  switch (res.headers['content-encoding']?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(createGunzip());
    case 'deflate':
      return res.pipe(createInflate());
    case 'br':
      return res.pipe(createBrotliDecompress());
    default:
      return res;
  }
}

/**
 * A `fetch` for the openai SDK over `node:http`/`node:https` with keep-alive agents (one pair per call to this
 * function, so per provider instance).
 *
 * Why: on this path Node's global fetch (undici: request/header objects, web streams, the fetch algorithm) cost
 * more than the rest of the responder together. Measured on the 2-core bench machine, same run: `complete()`
 * 413 → 171 µs of CPU per call at 50 concurrent calls; responder-http `/process` over the fake OpenAI 435 → 161 µs
 * per request (bench scenario 6). The SDK keeps doing everything else (headers, errors, SSE parsing, retries,
 * timeouts).
 *
 * Not carried over from the global fetch: Node 24's opt-in NODE_USE_ENV_PROXY (HTTP(S)_PROXY) support; a proxied
 * deployment passes its own `fetch` (e.g. `globalThis.fetch`) through the provider's `fetch` option.
 *
 * Semantics the SDK relies on, kept: a connection failure rejects with `TypeError('fetch failed', {cause})`
 * (→ APIConnectionError); an abort of `init.signal` rejects (or errors the body) with an `AbortError`
 * (→ APIUserAbortError / APIConnectionTimeoutError / a quiet end of a stream) and destroys the socket, so the
 * server sees the client go away. An event stream resolves at its headers with a body read as it arrives; any
 * other body is read whole before resolving (the SDK awaits all of it anyway, and its timeout then covers it).
 * Anything we do not send ourselves (a `Request` object, a streamed or form body, another protocol) goes to the
 * global fetch.
 */
export function createNodeHttpFetch(): FetchLike {
  const agents: Record<string, HttpAgent> = {
    'http:': new HttpAgent({ keepAlive: true }),
    'https:': new HttpsAgent({ keepAlive: true }),
  };

  return function nodeHttpFetch(input, init = {}) {
    const body = init.body;
    const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : undefined;
    const agent = url ? agents[url.protocol] : undefined;
    if (
      url === undefined ||
      agent === undefined ||
      (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array))
    ) {
      return globalThis.fetch(input, init);
    }
    const signal = init.signal;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const headers = headerRecord(init.headers);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, { method: init.method ?? 'GET', headers, agent });
      let res: IncomingMessage | undefined;
      const onAbort = () => {
        const error = abortError(signal);
        req.destroy(error);
        res?.destroy(error);
        reject(error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const release = () => signal?.removeEventListener('abort', onAbort);

      req.on('error', (error) => {
        release();
        reject(signal?.aborted ? abortError(signal) : new TypeError('fetch failed', { cause: error }));
      });
      req.on('response', (response) => {
        res = response;
        response.once('close', release);
        const status = response.statusCode ?? 0;
        const responseInit = {
          status,
          statusText: response.statusMessage ?? '',
          headers: responseHeaders(response),
        };
        if (NULL_BODY_STATUS.has(status) || init.method === 'HEAD') {
          response.resume();
          resolve(new Response(null, responseInit));
          return;
        }
        const stream = decoded(response);
        if (stream !== response) response.on('error', (error) => stream.destroy(error));
        if (String(response.headers['content-type']).startsWith('text/event-stream')) {
          resolve(new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, responseInit));
          return;
        }
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => resolve(new BufferedResponse(Buffer.concat(chunks), responseInit)));
        stream.on('error', (error) => {
          reject(signal?.aborted ? abortError(signal) : new TypeError('fetch failed', { cause: error }));
        });
      });
      req.end(body ?? undefined);
    });
  };
}
