import {
  constants,
  createServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { readJsonBody } from './read-json-body';
import { fakeInputTokens, fakeOutputTokens, fakeReplyText, splitIntoWordChunks } from './reply';

/** Bedrock's exact refusal for a base model id that needs an inference profile (curly apostrophe included). */
export function onDemandRefusalMessage(modelId: string): string {
  return `Invocation of model ID ${modelId} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`;
}

/**
 * What the fake does with the next Converse / ConverseStream request.
 * - `ok`: answer normally.
 * - `error`: AWS JSON error: `status`, `x-amzn-errortype: <name>` header, body `{message}`.
 * - `stall`: send nothing (with `ms`: answer normally after that delay).
 * - `cut-stream`: ConverseStream only: send `afterDeltas` text deltas, then either an exception event
 *   (`mode: 'exception'`, default, a `modelStreamErrorException` frame as Bedrock does) or reset the HTTP/2 stream
 *   (`mode: 'reset'`).
 * - `no-metadata`: stream without the final `metadata` event (usage unknown).
 */
export type FakeBedrockBehavior =
  | { type: 'ok' }
  | { type: 'error'; status: number; name: string; message?: string }
  | { type: 'stall'; ms?: number }
  | { type: 'cut-stream'; afterDeltas: number; mode?: 'exception' | 'reset' }
  | { type: 'no-metadata' };

export interface FakeBedrockOptions {
  /** Base model ids that refuse on-demand invocation (400 ValidationException with Bedrock's exact text). */
  requireInferenceProfile?: string[];
}

export interface RecordedBedrockRequest {
  method: string;
  /** Raw path as received (model id URL-encoded). */
  path: string;
  /** Decoded model id from the path. */
  modelId: string;
  operation: 'converse' | 'converse-stream' | 'other';
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  aborted: boolean;
  settled: Promise<'completed' | 'aborted'>;
}

export interface FakeBedrock {
  /** Endpoint for `new BedrockRuntimeClient({endpoint})`. */
  url: string;
  port: number;
  requests: RecordedBedrockRequest[];
  setBehavior(behavior: FakeBedrockBehavior): void;
  enqueueBehavior(...behaviors: FakeBedrockBehavior[]): void;
  close(): Promise<void>;
}

interface ConverseBody {
  system?: Array<{ text?: string }>;
  messages?: Array<{ role: string; content?: Array<{ text?: string }> }>;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function eventFrame(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'exception' },
      ':exception-type': { type: 'string', value: exceptionType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify({ message })),
  });
}

/** Starts a fake Bedrock runtime (cleartext HTTP/2, as the SDK requires) on 127.0.0.1 (random port). */
export async function startFakeBedrock(options: FakeBedrockOptions = {}): Promise<FakeBedrock> {
  const requests: RecordedBedrockRequest[] = [];
  const queue: FakeBedrockBehavior[] = [];
  let standing: FakeBedrockBehavior = { type: 'ok' };
  const sessions = new Set<Http2Session>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('request', (req, res) => {
    void handle(req, res);
  });

  async function handle(req: Http2ServerRequest, res: Http2ServerResponse): Promise<void> {
    const body = await readJsonBody(req);
    const path = req.url ?? '/';
    const match = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(path.split('?')[0] ?? '');
    let resolveSettled: (v: 'completed' | 'aborted') => void = () => {};
    const record: RecordedBedrockRequest = {
      method: req.method,
      path,
      modelId: match?.[1] ? decodeURIComponent(match[1]) : '',
      operation: (match?.[2] as 'converse' | 'converse-stream' | undefined) ?? 'other',
      headers: { ...req.headers },
      body,
      aborted: false,
      settled: new Promise((resolve) => {
        resolveSettled = resolve;
      }),
    };
    requests.push(record);
    res.on('close', () => {
      // On HTTP/2 `writableFinished` reads true even after a client reset; the stream's own flags tell the truth.
      if (res.stream.aborted || !res.writableEnded) record.aborted = true;
      resolveSettled(record.aborted ? 'aborted' : 'completed');
    });

    if (!match || req.method !== 'POST') {
      sendError(res, {
        type: 'error',
        status: 404,
        name: 'UnknownOperationException',
        message: 'Unknown route',
      });
      return;
    }
    if (options.requireInferenceProfile?.includes(record.modelId)) {
      sendError(res, {
        type: 'error',
        status: 400,
        name: 'ValidationException',
        message: onDemandRefusalMessage(record.modelId),
      });
      return;
    }
    const behavior = queue.shift() ?? standing;
    if (behavior.type === 'error') {
      sendError(res, behavior);
      return;
    }
    if (behavior.type === 'stall') {
      if (behavior.ms === undefined) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, behavior.ms);
        timers.add(timer);
      });
      if (res.stream.destroyed) return;
    }

    const converse = (body ?? {}) as ConverseBody;
    const messages = [
      ...(converse.system ?? []).map((s) => ({ role: 'system', content: s.text ?? '' })),
      ...(converse.messages ?? []).map((m) => ({
        role: m.role,
        content: (m.content ?? []).map((c) => c.text ?? '').join(''),
      })),
    ];
    const reply = fakeReplyText(messages);
    const usage = {
      inputTokens: fakeInputTokens(messages),
      outputTokens: fakeOutputTokens(reply),
      totalTokens: fakeInputTokens(messages) + fakeOutputTokens(reply),
    };

    if (record.operation === 'converse') {
      sendJson(res, 200, {
        output: { message: { role: 'assistant', content: [{ text: reply }] } },
        stopReason: 'end_turn',
        usage,
        metrics: { latencyMs: 1 },
      });
      return;
    }

    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
    const frames = [eventFrame('messageStart', { role: 'assistant' })];
    const words = splitIntoWordChunks(reply);
    const cutAt =
      behavior.type === 'cut-stream' ? Math.min(behavior.afterDeltas, words.length) : words.length;
    for (const word of words.slice(0, cutAt)) {
      frames.push(eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: word } }));
    }

    if (behavior.type === 'cut-stream' && cutAt < words.length) {
      if (behavior.mode === 'reset') {
        // Reset only once the last queued frame has flushed. Closing with DATA writes still queued drops them on
        // Node 20 (the client saw no delta before the reset), and on Node 24 (checked 24.21.0) with two or more
        // writes queued it makes the native Http2Session::SendPendingData loop forever until std::bad_alloc.
        for (const [i, frame] of frames.entries()) {
          if (i < frames.length - 1) {
            res.write(frame);
            continue;
          }
          res.write(frame, () => {
            if (!res.stream.destroyed) res.stream.close(constants.NGHTTP2_INTERNAL_ERROR);
          });
        }
      } else {
        for (const frame of frames) res.write(frame);
        res.end(
          exceptionFrame('modelStreamErrorException', 'Fake Bedrock: the model stream failed half-way.'),
        );
      }
      return;
    }

    frames.push(eventFrame('contentBlockStop', { contentBlockIndex: 0 }));
    frames.push(eventFrame('messageStop', { stopReason: 'end_turn' }));
    if (behavior.type !== 'no-metadata') {
      frames.push(eventFrame('metadata', { usage, metrics: { latencyMs: 1 } }));
    }
    for (const frame of frames) res.write(frame);
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
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
        for (const session of sessions) session.destroy();
      });
    },
  };
}

function sendJson(
  res: Http2ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: Http2ServerResponse, b: Extract<FakeBedrockBehavior, { type: 'error' }>): void {
  sendJson(res, b.status, { message: b.message ?? `Fake Bedrock ${b.name}` }, { 'x-amzn-errortype': b.name });
}
