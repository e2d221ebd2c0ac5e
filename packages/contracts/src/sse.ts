import { z } from 'zod';
import { UsageSchema } from './common';

/** The sentinel that ends a successful stream: `data: [DONE]`. */
export const STREAM_DONE_SENTINEL = '[DONE]';

/** `data: {"content": "…"}` — one text delta. */
export const StreamDeltaEventSchema = z.object({ content: z.string() });

/** `data: {"done": true, …}` — sent once after the last delta, before `[DONE]`. */
export const StreamDoneEventSchema = z.object({
  done: z.literal(true),
  model: z.string(),
  provider: z.string().optional(),
  usage: UsageSchema,
  conversationId: z.string(),
  processingTime: z.number().nonnegative().optional(),
  finishReason: z.string().optional(),
});

/** `data: {"error": {code, message}}` — the stream failed; no `[DONE]` follows. */
export const StreamErrorEventSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

export const StreamEventSchema = z.union([
  StreamDeltaEventSchema,
  StreamDoneEventSchema,
  StreamErrorEventSchema,
]);

export type StreamDeltaEvent = z.infer<typeof StreamDeltaEventSchema>;
export type StreamDoneEvent = z.infer<typeof StreamDoneEventSchema>;
export type StreamErrorEvent = z.infer<typeof StreamErrorEventSchema>;
export type StreamEvent = z.infer<typeof StreamEventSchema>;

/** Parses the `data:` payload of one SSE event; `[DONE]` becomes `{type:'end'}`. Throws on a malformed payload. */
export function parseStreamEventData(
  data: string,
):
  | { type: 'end' }
  | { type: 'delta'; event: StreamDeltaEvent }
  | { type: 'done'; event: StreamDoneEvent }
  | { type: 'error'; event: StreamErrorEvent } {
  if (data.trim() === STREAM_DONE_SENTINEL) return { type: 'end' };
  const json: unknown = JSON.parse(data);
  const error = StreamErrorEventSchema.safeParse(json);
  if (error.success) return { type: 'error', event: error.data };
  const done = StreamDoneEventSchema.safeParse(json);
  if (done.success) return { type: 'done', event: done.data };
  return { type: 'delta', event: StreamDeltaEventSchema.parse(json) };
}
