import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../messenger-logger';
import { startStreamProgress, WAITING_FOR_FIRST_TOKEN } from './stream-progress';

// Fake timers make the silences exact: these tests are about what is sent, not about how fast.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function record(options: { intervalMs?: number; keepAliveMs?: number } = {}) {
  const sent: { progress: number; message: string }[] = [];
  const progress = startStreamProgress({
    send: async (params) => {
      sent.push(params);
    },
    intervalMs: options.intervalMs ?? 0,
    keepAliveMs: options.keepAliveMs ?? 1000,
    logger: silentLogger,
  });
  return { sent, progress };
}

describe('startStreamProgress', () => {
  it('keeps the call alive before the first token, then numbers every notification 1, 2, 3, …', async () => {
    const { sent, progress } = record();
    await vi.advanceTimersByTimeAsync(2500);
    expect(sent).toEqual([
      { progress: 1, message: WAITING_FOR_FIRST_TOKEN },
      { progress: 2, message: WAITING_FOR_FIRST_TOKEN },
    ]);
    await progress.text('Hello');
    // A pause mid-reply repeats the text so far, with a higher number.
    await vi.advanceTimersByTimeAsync(1000);
    await progress.text('Hello world');
    expect(sent.slice(2)).toEqual([
      { progress: 3, message: 'Hello' },
      { progress: 4, message: 'Hello' },
      { progress: 5, message: 'Hello world' },
    ]);
    progress.stop();
  });

  it('sends no keep-alive while text keeps arriving', async () => {
    const { sent, progress } = record({ keepAliveMs: 1000 });
    for (let i = 1; i <= 10; i++) {
      await vi.advanceTimersByTimeAsync(600);
      await progress.text('x'.repeat(i));
    }
    expect(sent.map((n) => n.message)).toEqual(Array.from({ length: 10 }, (_, i) => 'x'.repeat(i + 1)));
    progress.stop();
  });

  it('throttles text to one notification per interval and leaves unchanged text unsent', async () => {
    const { sent, progress } = record({ intervalMs: 100, keepAliveMs: 10_000 });
    await progress.text('a');
    await progress.text('ab');
    await vi.advanceTimersByTimeAsync(100);
    await progress.text('ab');
    await progress.text('abc');
    expect(sent).toEqual([
      { progress: 1, message: 'a' },
      { progress: 2, message: 'ab' },
    ]);
    progress.stop();
  });

  it('sends nothing after stop and leaves no timer behind', async () => {
    const { sent, progress } = record();
    await progress.text('partial');
    progress.stop();
    expect(vi.getTimerCount()).toBe(0);
    await progress.text('partial and more');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent).toEqual([{ progress: 1, message: 'partial' }]);
  });

  it('a failed notification is logged and the keep-alives go on', async () => {
    const debug: string[] = [];
    const progress = startStreamProgress({
      send: () => Promise.reject(new Error('transport closed')),
      intervalMs: 0,
      keepAliveMs: 1000,
      logger: { ...silentLogger, debug: (message) => debug.push(message) },
    });
    await progress.text('a');
    await vi.advanceTimersByTimeAsync(1000);
    expect(debug).toEqual([
      'progress notification failed: Error: transport closed',
      'progress notification failed: Error: transport closed',
    ]);
    progress.stop();
  });
});
