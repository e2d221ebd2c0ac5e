import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJsonBody } from './read-json-body';
import {
  type FakeChatMessage,
  fakeInputTokens,
  fakeOutputTokens,
  fakeReplyText,
  splitIntoWordChunks,
} from './reply';

/**
 * What the fake does with the next chat completion request.
 * - `ok`: answer normally (non-streaming JSON or SSE, as asked); `chunkDelayMs` paces stream chunks, so a test
 *   can act (abort, break) while the server is still sending.
 * - `error`: answer `status` with OpenAI's error body `{error:{message,type,code}}`;
 *   `retryAfterSeconds` / `retryAfterMs` set the `Retry-After` / `retry-after-ms` headers.
 * - `stall`: send nothing; with `ms`, answer normally after that delay, otherwise hang until the client
 *   goes away or the fake closes (for timeout tests).
 * - `cut-stream`: stream `afterChunks` content chunks, then destroy the socket (no usage, no [DONE]).
 * - `no-usage`: stream normally but never send the usage chunk (like compatible servers that ignore include_usage).
 */
export type FakeOpenAIBehavior =
  | { type: 'ok'; chunkDelayMs?: number }
  | {
      type: 'error';
      status: number;
      message?: string;
      errorType?: string;
      code?: string | null;
      retryAfterSeconds?: number;
      retryAfterMs?: number;
    }
  | { type: 'stall'; ms?: number }
  | { type: 'cut-stream'; afterChunks: number }
  | { type: 'no-usage' };

export interface FakeOpenAIOptions {
  /** Ids listed by GET /v1/models (default: gpt-4o-mini, gpt-4o). */
  models?: string[];
  /**
   * Models that refuse parameters like OpenAI's reasoning models do: a request for such a model that carries
   * one of the listed parameters gets 400 `unsupported_parameter` (key: model id as sent).
   */
  rejectParameters?: Record<string, Array<'max_tokens' | 'temperature'>>;
  /** API key the fake expects as `Authorization: Bearer <key>`; any other key gets 401. Unset: any key passes. */
  apiKey?: string;
  /** Port on 127.0.0.1 (default 0: a free one). */
  port?: number;
  /**
   * Keep every request in `requests` (default true, what tests assert on). false for load generation: the list
   * would grow without bound and each record holds its parsed body, headers and a promise.
   */
  recordRequests?: boolean;
}

export interface RecordedHttpRequest {
  method: string;
  /** Path including the query string, e.g. `/v1/chat/completions`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined when empty or not JSON). */
  body: unknown;
  /** true when the client closed the connection before the response ended. */
  aborted: boolean;
  /** Resolves once the exchange is over: `completed` (response ended) or `aborted` (client went away). */
  settled: Promise<'completed' | 'aborted'>;
}

export interface FakeOpenAI {
  /** Base URL including `/v1`, ready for `new OpenAI({baseURL})`. */
  url: string;
  port: number;
  /** Every request so far, oldest first (stays empty with `recordRequests: false`). */
  requests: RecordedHttpRequest[];
  /** Number of requests answered or in progress (counted with or without `recordRequests`). */
  readonly requestCount: number;
  /** Behaviour for every following chat request (default `ok`). */
  setBehavior(behavior: FakeOpenAIBehavior): void;
  /** One-shot behaviours, used in order by the next chat requests before falling back to setBehavior's. */
  enqueueBehavior(...behaviors: FakeOpenAIBehavior[]): void;
  close(): Promise<void>;
}

interface ChatBody {
  model?: string;
  messages?: FakeChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  temperature?: number;
}

const STATUS_ERROR_TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'permission_denied',
  404: 'invalid_request_error',
  429: 'rate_limit_exceeded',
  500: 'server_error',
  503: 'server_error',
};

/** Starts a fake OpenAI Chat Completions server on 127.0.0.1 (random port). */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedHttpRequest[] = [];
  const record = options.recordRequests ?? true;
  let requestCount = 0;
  const queue: FakeOpenAIBehavior[] = [];
  let standing: FakeOpenAIBehavior = { type: 'ok' };
  const models = options.models ?? ['gpt-4o-mini', 'gpt-4o'];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req);
    requestCount += 1;
    if (record) recordRequest(req, res, body);

    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      sendError(res, {
        type: 'error',
        status: 401,
        message: 'Incorrect API key provided.',
        code: 'invalid_api_key',
      });
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'fake' })),
      });
      return;
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      await chat(res, (body ?? {}) as ChatBody);
      return;
    }
    sendError(res, { type: 'error', status: 404, message: `Unknown route ${req.method} ${path}` });
  }

  function recordRequest(req: IncomingMessage, res: ServerResponse, body: unknown): void {
    let resolveSettled: (v: 'completed' | 'aborted') => void = () => {};
    const entry: RecordedHttpRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: { ...req.headers },
      body,
      aborted: false,
      settled: new Promise((resolve) => {
        resolveSettled = resolve;
      }),
    };
    requests.push(entry);
    res.on('close', () => {
      if (!res.writableFinished) entry.aborted = true;
      resolveSettled(entry.aborted ? 'aborted' : 'completed');
    });
  }

  function pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  async function chat(res: ServerResponse, body: ChatBody): Promise<void> {
    const model = body.model ?? 'unknown-model';
    const rejected = options.rejectParameters?.[model] ?? [];
    for (const param of rejected) {
      if (body[param] !== undefined) {
        // Wording follows OpenAI's real refusal for reasoning models (checked 2026-11-27 against the seed logs).
        const message =
          param === 'max_tokens'
            ? "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."
            : "Unsupported value: 'temperature' does not support 0.7 with this model. Only the default (1) value is supported.";
        sendError(res, { type: 'error', status: 400, message, code: 'unsupported_parameter' }, param);
        return;
      }
    }
    const behavior = queue.shift() ?? standing;
    if (behavior.type === 'error') {
      sendError(res, behavior);
      return;
    }
    if (behavior.type === 'stall') {
      if (behavior.ms === undefined) return; // hang until the client or close() ends the socket
      await pause(behavior.ms);
      if (res.destroyed) return;
    }
    const messages = body.messages ?? [];
    const reply = fakeReplyText(messages);
    const usage = {
      prompt_tokens: fakeInputTokens(messages),
      completion_tokens: fakeOutputTokens(reply),
      total_tokens: fakeInputTokens(messages) + fakeOutputTokens(reply),
    };
    const id = `chatcmpl-fake${requestCount}`;
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [
          { index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop', logprobs: null },
        ],
        usage,
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`;
    res.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
    const words = splitIntoWordChunks(reply);
    for (const [i, word] of words.entries()) {
      if (behavior.type === 'cut-stream' && i >= behavior.afterChunks) {
        res.socket?.destroy();
        return;
      }
      res.write(chunk([{ index: 0, delta: { content: word }, finish_reason: null }]));
      if (behavior.type === 'ok' && behavior.chunkDelayMs) {
        await pause(behavior.chunkDelayMs);
        if (res.destroyed) return;
      }
    }
    res.write(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
    if (body.stream_options?.include_usage && behavior.type !== 'no-usage') {
      // OpenAI sends usage in one extra chunk whose `choices` is empty.
      res.write(chunk([], { usage }));
    }
    res.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get requestCount() {
      return requestCount;
    },
    setBehavior(behavior) {
      standing = behavior;
    },
    enqueueBehavior(...behaviors) {
      queue.push(...behaviors);
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(
  res: ServerResponse,
  b: Extract<FakeOpenAIBehavior, { type: 'error' }>,
  param?: string,
): void {
  const headers: Record<string, string> = {};
  if (b.retryAfterSeconds !== undefined) headers['retry-after'] = String(b.retryAfterSeconds);
  if (b.retryAfterMs !== undefined) headers['retry-after-ms'] = String(b.retryAfterMs);
  sendJson(
    res,
    b.status,
    {
      error: {
        message: b.message ?? `Fake OpenAI error ${b.status}`,
        type: b.errorType ?? STATUS_ERROR_TYPE[b.status] ?? 'api_error',
        param: param ?? null,
        code: b.code ?? null,
      },
    },
    headers,
  );
}
