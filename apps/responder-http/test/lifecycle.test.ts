import { MessagesResponseSchema, ProcessResponseSchema, StatsResponseSchema } from '@org/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, startResponderHttp, stopApp } from './app-process';

describe('responder-http lifecycle', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await temp.remove();
  });

  const processMessage = (url: string, message: string) =>
    fetch(`${url}/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
    });

  it('SIGTERM during a slow request lets it finish with 200, then exits 0', async () => {
    const app = await startResponderHttp(
      { LEDGER: 'file', LEDGER_PATH: `${temp.dir}/ledger.jsonl`, MOCK_LATENCY_MS: '500', LOG_LEVEL: 'debug' },
      temp.dir,
    );
    const pending = processMessage(app.url, 'slow one');
    // The request log line (debug: info writes only the completed line) proves the server holds the request
    // before the signal arrives.
    await app.waitForStderr(/incoming request/);
    app.child.kill('SIGTERM');

    const response = await pending;
    expect(response.status).toBe(200);
    expect(ProcessResponseSchema.parse(await response.json()).aiResponse).toContain("You said: 'slow one'");
    expect(await app.exited).toBe(0);
    expect(app.stdout()).toBe('');
  });

  it('a second SIGTERM while draining exits at once with code 1', async () => {
    const app = await startResponderHttp(
      { LEDGER: 'memory', MOCK_LATENCY_MS: '60000', LOG_LEVEL: 'debug' },
      temp.dir,
    );
    const pending = processMessage(app.url, 'never mind').catch((error: unknown) => error);
    await app.waitForStderr(/incoming request/);
    app.child.kill('SIGTERM');
    await app.waitForStderr(/shutting down/);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toContain('again, exiting now');
    await pending;
  });

  it('a restart with the same LEDGER_PATH keeps /messages and /stats', async () => {
    const env = { LEDGER: 'file', LEDGER_PATH: `${temp.dir}/ledger.jsonl` };
    const first = await startResponderHttp(env, temp.dir);
    expect((await processMessage(first.url, 'remember me')).status).toBe(200);
    expect(await stopApp(first)).toBe(0);

    const second = await startResponderHttp(env, temp.dir);
    try {
      const messages = MessagesResponseSchema.parse(await (await fetch(`${second.url}/messages`)).json());
      expect(messages.total).toBe(1);
      expect(messages.messages[0]?.message).toBe('remember me');
      const stats = StatsResponseSchema.parse(await (await fetch(`${second.url}/stats`)).json());
      expect(stats.totalRequests).toBe(1);
      expect(stats.totalTokens).toBeGreaterThan(0);
    } finally {
      expect(await stopApp(second)).toBe(0);
    }
  });
});
