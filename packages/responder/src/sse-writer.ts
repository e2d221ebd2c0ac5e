import type { ServerResponse } from 'node:http';

/** Writes Server-Sent Events to a raw response, with a `: ping` comment whenever it has been quiet for `heartbeatMs`. */
export class SseWriter {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly res: ServerResponse,
    private readonly heartbeatMs: number,
  ) {
    this.arm();
  }

  get open(): boolean {
    return !this.res.destroyed && !this.res.writableEnded;
  }

  /** One `data:` event. JSON never contains a raw newline, so a single `data:` line is enough. */
  async data(payload: unknown): Promise<void> {
    await this.write(`data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`);
  }

  end(): void {
    this.stop();
    if (this.open) this.res.end();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    this.stop();
    if (this.heartbeatMs <= 0) return;
    this.timer = setTimeout(() => void this.write(': ping\n\n'), this.heartbeatMs);
    this.timer.unref();
  }

  private async write(chunk: string): Promise<void> {
    if (!this.open) return;
    this.arm();
    if (!this.res.write(chunk)) {
      // Respect backpressure so a slow reader cannot make us buffer a whole reply in memory.
      await new Promise<void>((resolve) => {
        const done = () => {
          this.res.off('drain', done);
          this.res.off('close', done);
          resolve();
        };
        this.res.once('drain', done);
        this.res.once('close', done);
      });
    }
  }
}
