import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { MESSENGER_TOOL_NAMES } from '@org/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeServerB, freePort, startFakeServerB } from './fake-server-b';
import { connectStdio, type StdioMessenger } from './spawn-messenger';

const text = (result: unknown) => ((result as CallToolResult).content[0] as { text: string }).text;
const call = (client: Client, name: string, args: Record<string, unknown> = {}) =>
  client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

describe('messenger-mcp over stdio, Server B up', () => {
  let b: FakeServerB;
  let m: StdioMessenger;
  beforeAll(async () => {
    b = await startFakeServerB({ deltaDelayMs: 5 });
    m = await connectStdio({ SERVER_B_URL: b.url });
  });
  afterAll(async () => {
    await m?.close();
    await b?.close();
  });

  it('lists exactly the seven pinned tools, each with input and output schemas', async () => {
    const list = await m.client.listTools();
    expect(list.tools.map((t) => t.name).sort()).toEqual([...MESSENGER_TOOL_NAMES].sort());
    for (const tool of list.tools) expect(tool.outputSchema?.type).toBe('object');
    // The host model reads every byte of the tool list on every turn (issue 7: at most 6 KB for the seven).
    const bytes = Buffer.byteLength(JSON.stringify(list.tools));
    process.stderr.write(`tools/list: ${bytes} bytes\n`);
    expect(bytes).toBeLessThanOrEqual(6000);
    expect(m.client.getServerVersion()?.name).toBe('messenger-server');
  });

  it('send_message_to_ai returns the reply with usage, cost and conversation id', async () => {
    const result = await call(m.client, 'send_message_to_ai', {
      message: 'hello there',
      conversation_id: 'conv-1',
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      aiResponse: 'Fake reply to: hello there. It has several words to stream.',
      model: 'mock-small',
      provider: 'mock',
      conversationId: 'conv-1',
      usage: { promptTokens: 10, completionTokens: 12, totalTokens: 22, estimatedCost: 0.0001 },
    });
    expect(text(result)).toContain('Fake reply to: hello there');
  });

  it('send_message_stream sends the growing text as progress, in order, and returns the whole reply', async () => {
    const progress: Progress[] = [];
    const result = (await m.client.callTool(
      { name: 'send_message_stream', arguments: { message: 'stream please', conversation_id: 'conv-1' } },
      undefined,
      { onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true },
    )) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const full = (result.structuredContent as { aiResponse: string }).aiResponse;
    expect(full).toBe('Fake reply to: stream please. It has several words to stream.');
    expect(progress.length).toBeGreaterThan(2);
    // `progress` counts notifications (the spec wants it to grow even when a keep-alive adds no text).
    expect(progress.map((p) => p.progress)).toEqual(progress.map((_, i) => i + 1));
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.message!.startsWith(progress[i - 1]!.message!)).toBe(true);
    }
    expect(full.startsWith(progress.at(-1)!.message!)).toBe(true);
  });

  it('a stream cut mid-way is an actionable error and is kept in the history as incomplete with the partial text', async () => {
    const result = await call(m.client, 'send_message_stream', {
      message: 'please cut',
      conversation_id: 'conv-cut',
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/broke before the reply was complete/);
    const history = await call(m.client, 'get_conversation_history', { conversation_id: 'conv-cut' });
    const [record] = (
      history.structuredContent as { messages: { status: string; aiResponse?: string; streamed: boolean }[] }
    ).messages;
    expect(record).toMatchObject({ status: 'incomplete', streamed: true, aiResponse: 'Fake reply ' });
  });

  it('cancelling a call aborts the HTTP request to Server B and records the exchange as aborted', async () => {
    const controller = new AbortController();
    const before = b.requests.filter((p) => p === '/process').length;
    const pending = m.client.callTool(
      { name: 'send_message_to_ai', arguments: { message: 'hang on', conversation_id: 'conv-abort' } },
      undefined,
      {
        signal: controller.signal,
      },
    );
    await vi.waitFor(() => expect(b.requests.filter((p) => p === '/process').length).toBe(before + 1));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await vi.waitFor(() => expect(b.disconnects).toContain('/process'));
    await vi.waitFor(async () => {
      const history = await call(m.client, 'get_conversation_history', { conversation_id: 'conv-abort' });
      expect((history.structuredContent as { messages: { status: string }[] }).messages[0]?.status).toBe(
        'aborted',
      );
    });
  });

  it('history and stats count every exchange, streamed and failed ones included', async () => {
    await call(m.client, 'send_message_to_ai', { message: 'second', conversation_id: 'conv-1' });
    const history = await call(m.client, 'get_conversation_history', { conversation_id: 'conv-1' });
    expect(history.structuredContent).toMatchObject({ totalMessages: 3, totalAIResponses: 3 });
    const messages = (history.structuredContent as { messages: { message: string; peer: string }[] })
      .messages;
    expect(messages.map((r) => r.message)).toEqual(['second', 'stream please', 'hello there']);
    expect(messages[0]?.peer).toBe(b.url);

    const all = await call(m.client, 'get_conversation_history', { limit: 2 });
    expect(all.structuredContent).toMatchObject({ totalMessages: 5, totalAIResponses: 3 });
    expect((all.structuredContent as { messages: unknown[] }).messages).toHaveLength(2);

    const stats = await call(m.client, 'get_ai_usage_stats');
    expect(stats.structuredContent).toMatchObject({
      totalRequests: 5,
      successfulRequests: 3,
      // The cut stream; a cancellation is the caller's choice, not a failure.
      errors: 1,
      streamedRequests: 2,
    });
    const s = stats.structuredContent as {
      totalTokens: number;
      estimatedTotalCost: number;
      modelBreakdown: Record<string, { requests: number }>;
    };
    expect(s.totalTokens).toBe(66);
    expect(s.estimatedTotalCost).toBeCloseTo(0.0003, 10);
    expect(s.modelBreakdown['mock-small']?.requests).toBeGreaterThanOrEqual(3);
  });

  it('health, models and config come from Server B', async () => {
    const health = await call(m.client, 'check_server_b_health');
    expect(health.structuredContent).toMatchObject({
      serverUrl: b.url,
      reachable: true,
      health: { status: 'healthy', provider: 'mock' },
    });
    const models = await call(m.client, 'list_available_models');
    expect(models.structuredContent).toEqual({
      provider: 'mock',
      models: ['mock-small', 'mock-large'],
      default: 'mock-small',
    });
    const config = await call(m.client, 'get_server_b_config');
    expect(config.structuredContent).toEqual({
      provider: 'mock',
      defaultModel: 'mock-small',
      temperature: 0.7,
      maxTokens: 1000,
    });
  });

  it('a bad argument is a tool error naming the field', async () => {
    const result = await call(m.client, 'send_message_to_ai', { message: 'x', temperature: 5 });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('temperature');
  });
});

describe('messenger-mcp over stdio, Server B down or broken', () => {
  it('starts and lists tools with Server B down, then reports it actionably without hanging', async () => {
    const port = await freePort();
    const m = await connectStdio({ SERVER_B_URL: `http://127.0.0.1:${port}`, RETRY_ATTEMPTS: '1' });
    try {
      expect((await m.client.listTools()).tools).toHaveLength(7);
      const result = await call(m.client, 'send_message_to_ai', { message: 'anyone?' });
      expect(result.isError).toBe(true);
      expect(text(result)).toBe(
        `Server B at http://127.0.0.1:${port} is not reachable after 2 attempts: start it with \`npx responder-http\` or check SERVER_B_URL.`,
      );
      const health = await call(m.client, 'check_server_b_health');
      expect(health.structuredContent).toMatchObject({ reachable: false });
      const stats = await call(m.client, 'get_ai_usage_stats');
      expect(stats.structuredContent).toMatchObject({ totalRequests: 1, errors: 1 });
    } finally {
      await m.close();
    }
  });

  it('succeeds by retrying when Server B comes up after the first attempt', async () => {
    const port = await freePort();
    const m = await connectStdio({
      SERVER_B_URL: `http://127.0.0.1:${port}`,
      RETRY_ATTEMPTS: '8',
      RETRY_BASE_DELAY_MS: '200',
      RETRY_MAX_DELAY_MS: '400',
    });
    let b: FakeServerB | undefined;
    try {
      const pending = call(m.client, 'send_message_to_ai', { message: 'late' });
      // Up only after the messenger has tried (and failed) at least once.
      await new Promise((resolve) => setTimeout(resolve, 300));
      b = await startFakeServerB({ port });
      const result = await pending;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        aiResponse: 'Fake reply to: late. It has several words to stream.',
      });
    } finally {
      await m.close();
      await b?.close();
    }
  });

  it('reports a Server B that answers with the wrong JSON as a clear error', async () => {
    const b = await startFakeServerB({ garbage: true });
    const m = await connectStdio({ SERVER_B_URL: b.url, RETRY_ATTEMPTS: '0' });
    try {
      const result = await call(m.client, 'send_message_to_ai', { message: 'hi' });
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/does not understand: check that SERVER_B_URL points to a responder/);
      const models = await call(m.client, 'list_available_models');
      expect(models.isError).toBe(true);
    } finally {
      await m.close();
      await b.close();
    }
  });
});
