import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeServerB, startFakeServerB } from './fake-server-b';
import { connectStdio, type StdioMessenger } from './spawn-messenger';

const KEEPALIVE_MS = 200;
const WAITING = /^waiting for the first token/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A model that thinks before its first token (and pauses mid-reply) sends Server B's `: ping`
 * heartbeats but no text: progress must keep flowing anyway, or Claude Desktop cancels the call.
 */
describe('send_message_stream keeps the call alive while the model is silent', () => {
  let b: FakeServerB;
  let m: StdioMessenger;
  /** Progress notifications whose request was already answered or cancelled (the SDK reports them). */
  const lateNotifications: string[] = [];
  beforeAll(async () => {
    b = await startFakeServerB({ deltaDelayMs: 5, silenceMs: 1500 });
    m = await connectStdio({ SERVER_B_URL: b.url, PROGRESS_KEEPALIVE_MS: String(KEEPALIVE_MS) });
    m.client.onerror = (error) => {
      if (error.message.includes('unknown token')) lateNotifications.push(error.message);
    };
  });
  afterAll(async () => {
    await m?.close();
    await b?.close();
  });

  /** Waits several keep-alive periods, so a timer left running would have shown itself. */
  const quietPeriod = () => sleep(KEEPALIVE_MS * 4);

  it('sends keep-alives during the silences, numbers every notification 1, 2, 3, … and returns the whole reply', {
    timeout: 30_000,
  }, async () => {
    const progress: Progress[] = [];
    const result = (await m.client.callTool(
      { name: 'send_message_stream', arguments: { message: 'slow thinker' } },
      undefined,
      { onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true },
    )) as CallToolResult;
    const seenAtResult = progress.length;

    expect(result.isError).toBeFalsy();
    const full = (result.structuredContent as { aiResponse: string }).aiResponse;
    expect(full).toBe('Fake reply to: slow thinker. It has several words to stream.');

    // Before the first token: keep-alives that say so.
    const waiting = progress.filter((p) => WAITING.test(p.message ?? ''));
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    expect(progress.slice(0, waiting.length)).toEqual(waiting);

    // Strictly increasing over every notification, delta or keep-alive, as the MCP spec requires.
    expect(progress.map((p) => p.progress)).toEqual(progress.map((_, i) => i + 1));

    // After it: the text so far, growing; the pause after the third word repeats the same text.
    const texts = progress.slice(waiting.length).map((p) => p.message ?? '');
    for (let i = 1; i < texts.length; i++) expect(texts[i]!.startsWith(texts[i - 1]!)).toBe(true);
    expect(full.startsWith(texts.at(-1)!)).toBe(true);
    const repeats = texts.filter((t, i) => i > 0 && t === texts[i - 1]);
    expect(repeats.length).toBeGreaterThanOrEqual(1);
    expect(repeats.every((t) => t === 'Fake reply to: ')).toBe(true);

    await quietPeriod();
    expect(progress.length).toBe(seenAtResult);
    expect(lateNotifications).toEqual([]);
  });

  it('stops the keep-alives when the stream breaks', { timeout: 30_000 }, async () => {
    const progress: Progress[] = [];
    const result = (await m.client.callTool(
      { name: 'send_message_stream', arguments: { message: 'slow then cut' } },
      undefined,
      { onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true },
    )) as CallToolResult;
    expect(result.isError).toBe(true);
    expect((result.content[0] as { text: string }).text).toMatch(/broke before the reply was complete/);
    expect(progress.some((p) => WAITING.test(p.message ?? ''))).toBe(true);
    const seenAtResult = progress.length;

    await quietPeriod();
    expect(progress.length).toBe(seenAtResult);
    expect(lateNotifications).toEqual([]);
  });

  it('stops the keep-alives when the client cancels the call', { timeout: 30_000 }, async () => {
    const controller = new AbortController();
    const progress: Progress[] = [];
    const disconnectsBefore = b.disconnects.length;
    const call = m.client.callTool(
      { name: 'send_message_stream', arguments: { message: 'slow, to be cancelled' } },
      undefined,
      {
        signal: controller.signal,
        resetTimeoutOnProgress: true,
        onprogress: (p) => {
          progress.push(p);
          controller.abort(new Error('the user pressed stop'));
        },
      },
    );
    await expect(call).rejects.toThrow(/the user pressed stop/);
    expect(progress[0]?.message).toMatch(WAITING);
    // Server A has cancelled its stream to Server B once B sees the client go away.
    await vi.waitFor(() => expect(b.disconnects.length).toBeGreaterThan(disconnectsBefore), {
      timeout: 10_000,
    });
    const lateAtCancel = lateNotifications.length;

    await quietPeriod();
    expect(lateNotifications.length).toBe(lateAtCancel);
  });
});
