import type { MessengerLogger } from '../messenger-logger';

/** Shown as `message` by keep-alives that go out before any text has arrived. */
export const WAITING_FOR_FIRST_TOKEN = 'waiting for the first token from Server B…';

export interface StreamProgressOptions {
  /** Sends one `notifications/progress` params object; a failure is logged, never thrown. */
  send(params: { progress: number; message: string }): Promise<void>;
  /** Least time between two notifications caused by new text. */
  intervalMs: number;
  /** Longest silence before a keep-alive goes out. */
  keepAliveMs: number;
  logger: MessengerLogger;
}

export interface StreamProgress {
  /** Reports the text so far; sent unless the last notification went out less than `intervalMs` ago. */
  text(textSoFar: string): Promise<void>;
  /** Ends the keep-alives; nothing is sent after this. Safe to call more than once. */
  stop(): void;
}

/**
 * Progress of one streamed reply. Hosts such as Claude Desktop cancel a tool call after about 60 s
 * without progress, and a model that thinks before its first token (or pauses mid-reply) sends no
 * text for a long time, so a keep-alive goes out whenever nothing was sent for `keepAliveMs`.
 * `progress` is a sequence number (1, 2, 3, …): the MCP spec requires it to grow with every
 * notification, and a keep-alive adds no text, so the character count would not.
 */
export function startStreamProgress(options: StreamProgressOptions): StreamProgress {
  let sequence = 0;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let lastSentLength = 0;
  let latestText = '';
  let stopped = false;
  let keepAlive: ReturnType<typeof setTimeout> | undefined;

  const send = (message: string): Promise<void> => {
    sequence += 1;
    lastSentAt = performance.now();
    lastSentLength = latestText.length;
    arm();
    return options
      .send({ progress: sequence, message })
      .catch((error: unknown) => options.logger.debug(`progress notification failed: ${String(error)}`));
  };

  // Re-armed after every notification, so the keep-alive fires only after a silence of keepAliveMs.
  const arm = () => {
    if (keepAlive !== undefined) clearTimeout(keepAlive);
    keepAlive = setTimeout(() => {
      keepAlive = undefined;
      if (!stopped) void send(latestText === '' ? WAITING_FOR_FIRST_TOKEN : latestText);
    }, options.keepAliveMs);
  };

  arm();
  return {
    async text(textSoFar) {
      if (stopped) return;
      latestText = textSoFar;
      if (textSoFar.length > lastSentLength && performance.now() - lastSentAt >= options.intervalMs) {
        await send(textSoFar);
      }
    },
    stop() {
      stopped = true;
      if (keepAlive !== undefined) clearTimeout(keepAlive);
      keepAlive = undefined;
    },
  };
}
