import rateLimit from '@fastify/rate-limit';
import fastifySse, { type SSEMessage } from '@fastify/sse';
import {
  type ConfigUpdate,
  ConfigUpdateSchema,
  createProcessRequestSchema,
  type MessagesQuery,
  MessagesQuerySchema,
  type ProcessRequest,
  STREAM_DONE_SENTINEL,
} from '@org/contracts';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { createBearerCheck } from './bearer-auth';
import { ResponderError, toResponderError } from './responder-error';
import type { ResponderService } from './responder-service';
import { zodValidatorCompiler } from './zod-validator';

export interface CreateResponderAppOptions {
  service: ResponderService;
  /** When set, every route but `GET /health` needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Per client address (default 120 per minute); false turns it off. */
  rateLimit?: { max: number; windowMs: number } | false;
  /** Default 1 MiB. */
  bodyLimitBytes?: number;
  /** Origins allowed by CORS (`*` for any); empty (default): no CORS headers at all. */
  corsOrigins?: string[];
  /** A `: heartbeat` comment on a stream every this many ms (default 15000; 0 turns it off). */
  heartbeatMs?: number;
  /** false (default): no logs; true: info to stderr; pino options; or a logger instance. Secrets are redacted. */
  logger?: boolean | object;
}

/** Headers pino must never print: the bearer key and anything cookie-like. */
const REDACT = {
  paths: [
    'req.headers.authorization',
    'req.headers.cookie',
    'req.headers["x-api-key"]',
    'headers.authorization',
    'authorization',
  ],
  censor: '[redacted]',
};

/**
 * One access line per request at info ("request completed", naming method and URL), instead of Fastify's two:
 * "incoming request" is written only at debug and trace. Each pino line costs about as much CPU as the rest of
 * a /process call's own work (bench scenario 1), and the completed line says everything the incoming one did.
 */
class AccessLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const req = { method: request.method, url: request.url };
    if (error)
      reply.log.error({ req, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

function loggerOptions(logger: CreateResponderAppOptions['logger']) {
  if (logger === undefined || logger === false) return { logger: false as const };
  if (typeof logger === 'object' && typeof (logger as { info?: unknown }).info === 'function') {
    const instance = logger as FastifyBaseLogger;
    return { loggerInstance: instance, logController: new AccessLogController() };
  }
  const custom = typeof logger === 'object' ? (logger as { level?: string }) : {};
  // stderr only: stdout belongs to MCP stdio in responder-mcp.
  return {
    logger: { level: 'info', stream: process.stderr, redact: REDACT, ...custom },
    logController: new AccessLogController(),
  };
}

function sendError(reply: FastifyReply, error: ResponderError): FastifyReply {
  const retryAfter = error.details?.retryAfterSeconds;
  if (retryAfter !== undefined && !reply.hasHeader('retry-after'))
    reply.header('retry-after', String(retryAfter));
  return reply.code(error.status).type('application/json; charset=utf-8').send(error.toBody());
}

/** Fastify's own failures (parsing, limits) in the contracts' error body. */
function fromFastifyError(error: FastifyError): ResponderError {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ResponderError('unsupported_media_type', 'Send the body as application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ResponderError('payload_too_large', 'The request body is larger than the server accepts.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ResponderError('invalid_json', 'The body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ResponderError('validation_error', 'The Content-Length header does not match the body.');
  }
  // JSON.parse and secure-json-parse (a `__proto__` or `constructor.prototype` key) throw SyntaxError.
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new ResponderError('invalid_json', `The body is not valid JSON: ${error.message}`);
  }
  if (error.statusCode === 404) return new ResponderError('not_found', 'Not found.');
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new ResponderError('validation_error', error.message);
  }
  return toResponderError(error);
}

/**
 * Fields of a failure log line. Not the raw error: its cause chain ends in the SDK's error, whose message quotes
 * the upstream body verbatim (OpenAI echoes a refused key there), and pino prints every cause. Our message and
 * the provider's own (already redacted) message say what went wrong; only unknown errors keep their stack.
 */
function logFields(error: unknown, mapped: ResponderError): Record<string, unknown> {
  if (mapped.code === 'internal_error') return { err: error, code: mapped.code };
  const cause = mapped.cause instanceof Error ? mapped.cause.message : undefined;
  return { code: mapped.code, error: mapped.message, ...(cause !== undefined && { cause }) };
}

/** An AbortSignal that fires when the client goes away before the response is complete. */
function abortOnDisconnect(reply: FastifyReply): AbortController {
  const controller = new AbortController();
  // The response's 'close' also fires when the connection drops while the request body is still arriving or
  // the handler is still working (Node ≥ 16), so one listener covers both; `aborted` is deprecated.
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('client disconnected'));
  });
  return controller;
}

/**
 * The responder's HTTP API (DESIGN.md "HTTP API") as a Fastify instance, ready but not listening:
 * call `listen()` yourself, or `inject()` in tests.
 */
export async function createResponderApp(options: CreateResponderAppOptions): Promise<FastifyInstance> {
  const { service } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const app = Fastify({
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    // Secure defaults of secure-json-parse, spelled out: a `__proto__`/`constructor` key fails the request (400).
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    ...loggerOptions(options.logger),
  });
  app.setValidatorCompiler(zodValidatorCompiler);
  // Node's server.close() only drops connections idle at that moment; one that finishes a request afterwards
  // would stay in keep-alive until keepAliveTimeout (72 s) and hold close() open. While closing, every response
  // says `connection: close` (and a finished stream ends its socket) so the drain ends with the last reply.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Callback-style hooks: an async hook costs a promise per request on the hot path.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  // JSON only: a text/plain body would otherwise reach validation as a string.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const mapped = error instanceof ResponderError ? error : fromFastifyError(error);
    if (mapped.status >= 500) request.log.error(logFields(error, mapped), 'request failed');
    return sendError(reply, mapped);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new ResponderError('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`),
    ),
  );

  const corsOrigins = options.corsOrigins ?? [];
  if (corsOrigins.length > 0) {
    app.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (origin === undefined || !(corsOrigins.includes('*') || corsOrigins.includes(origin))) return;
      reply.header('access-control-allow-origin', corsOrigins.includes('*') ? '*' : origin);
      reply.header('vary', 'Origin');
      if (request.method === 'OPTIONS') {
        reply
          .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, OPTIONS')
          .header('access-control-allow-headers', 'authorization, content-type')
          .header('access-control-max-age', '600')
          .code(204)
          .send();
      }
    });
  }

  if (options.apiKey !== undefined && options.apiKey !== '') {
    const check = createBearerCheck(options.apiKey);
    app.addHook('onRequest', (request, reply, done) => {
      // /health stays open for load balancers; it reveals no key and no message content.
      if (
        check(request.headers.authorization) ||
        (request.method === 'GET' && request.routeOptions.url === '/health')
      ) {
        return done();
      }
      reply.header('www-authenticate', 'Bearer');
      sendError(
        reply,
        new ResponderError(
          'unauthorized',
          'Missing or wrong API key: send Authorization: Bearer <RESPONDER_API_KEY>.',
        ),
      );
    });
  }

  if (options.rateLimit !== false) {
    const limit = options.rateLimit ?? { max: 120, windowMs: 60_000 };
    await app.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.windowMs,
      errorResponseBuilder: (_request, context) => {
        const retryAfterSeconds = Math.max(1, Math.ceil(context.ttl / 1000));
        return new ResponderError(
          'rate_limited',
          `Too many requests: at most ${context.max} per ${Math.round(limit.windowMs / 1000)} s; retry in ${retryAfterSeconds} s.`,
          { details: { retryAfterSeconds } },
        );
      },
    });
  }

  // Before the routes: the plugin wraps handlers of routes declared with `sse` as they are added.
  await app.register(fastifySse, { heartbeatInterval: heartbeatMs });

  const requestSchema = createProcessRequestSchema({ maxMessageChars: service.maxMessageChars });

  app.get('/health', async () => service.health());
  app.get('/models', async () => service.models());
  app.get('/config', async () => service.getConfig());
  const updateConfig = async (request: FastifyRequest) =>
    service.updateConfig(request.body as ConfigUpdate).config;
  app.patch('/config', { schema: { body: ConfigUpdateSchema } }, updateConfig);
  app.put('/config', { schema: { body: ConfigUpdateSchema } }, updateConfig);
  app.get('/messages', { schema: { querystring: MessagesQuerySchema } }, async (request) =>
    service.messages(request.query as MessagesQuery),
  );
  app.get('/stats', async () => service.stats());

  app.post('/process', { schema: { body: requestSchema } }, async (request, reply) => {
    const controller = abortOnDisconnect(reply);
    return service.process(request.body as ProcessRequest, { signal: controller.signal, peer: request.ip });
  });

  app.post('/stream', { schema: { body: requestSchema }, sse: 'manual' }, async (request, reply) => {
    // The body was validated before this handler runs, so an invalid request is still a plain JSON 400.
    // 'manual': no Accept negotiation (clients POST JSON and send no `Accept: text/event-stream`).
    const controller = abortOnDisconnect(reply);
    const sse = reply.sse;
    // @fastify/sse 0.6, under backpressure, waits for 'drain' or 'error'; a response whose client went away
    // emits only 'close', so that send would never settle, the handler would hang and the provider stream
    // would never be closed (nor the exchange recorded). Each send also settles when the connection closes.
    const closed = new Promise<void>((resolve) => sse.onClose(resolve));
    const send = async (message: SSEMessage | string): Promise<void> => {
      if (sse.isConnected) await Promise.race([sse.send(message), closed]);
    };
    // The plugin sets `text/event-stream` and `no-cache`, then copies the reply's headers over its own
    // (CORS and rate-limit hooks' headers come along the same way).
    reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-cache, no-transform')
      .header('x-accel-buffering', 'no');
    if (closing) reply.header('connection', 'close');
    // Commit the headers now (this also starts the heartbeat) and flush them: the plugin sends them lazily
    // with the first event, and a client must see 200 while the provider is still silent.
    sse.sendHeaders();
    reply.raw.flushHeaders();
    let deltas = 0;
    try {
      for await (const part of service.stream(request.body as ProcessRequest, {
        signal: controller.signal,
        peer: request.ip,
      })) {
        if (part.type === 'delta') {
          await send({ data: { content: part.content } });
          // A send that fits the socket buffer settles in a microtask, so a provider that yields without waiting
          // (a cache, the mock) keeps this loop in the microtask queue: Node's first-write cork (lifted on the
          // next tick) would hold the first event until ~16 KB had queued, and other requests would wait too.
          // A turn of the event loop after the first delta and every 64th lets it out (bench scenario 3).
          if (++deltas % 64 === 1) await new Promise((resolve) => setImmediate(resolve));
        } else {
          await send({ data: part.event });
          // A string goes out raw (`data: [DONE]`); as `{ data }` the serializer would quote it.
          await send(STREAM_DONE_SENTINEL);
        }
      }
    } catch (error) {
      const mapped = toResponderError(error);
      if (mapped.status >= 500) request.log.error(logFields(error, mapped), 'stream failed');
      await send({ data: { error: { code: mapped.code, message: mapped.message } } });
    } finally {
      sse.close();
      if (closing) reply.raw.socket?.end();
    }
  });

  return app;
}
