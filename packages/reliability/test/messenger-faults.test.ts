import { createServer } from 'node:net';
import { type FakeOpenAI, startFakeOpenAI } from '@org/test-fakes';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  connectMcp,
  type McpChild,
  MESSENGER_MCP,
  type SpawnedResponder,
  spawnResponder,
  toolText,
} from './helpers';

// The messenger (Server A) as an MCP host sees it: a real MCP client over stdio spawning messenger-mcp, and a
// real responder-http (Server B) that we kill, delay or never start.

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

let fake: FakeOpenAI;
const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  fake.setBehavior({ type: 'ok' });
});
afterAll(async () => {
  await fake?.close();
});

async function responderOnFake(extra: Record<string, string> = {}): Promise<SpawnedResponder> {
  const responder = await spawnResponder({
    AI_PROVIDER: 'openai',
    OPENAI_API_KEY: 'sk-test-messenger',
    OPENAI_BASE_URL: fake.url,
    LEDGER: 'memory',
    ...extra,
  });
  cleanups.push(() => responder.kill('SIGKILL'));
  return responder;
}

async function messenger(serverUrl: string, extra: Record<string, string> = {}): Promise<McpChild> {
  const mcp = await connectMcp(MESSENGER_MCP, {
    SERVER_B_URL: serverUrl,
    LEDGER: 'memory',
    RETRY_ATTEMPTS: '2',
    RETRY_BASE_DELAY_MS: '50',
    RETRY_MAX_DELAY_MS: '200',
    TIMEOUT_SECONDS: '20',
    PROGRESS_INTERVAL_MS: '0',
    ...extra,
  });
  cleanups.push(() => mcp.close());
  return mcp;
}

describe('Server B killed mid-stream', () => {
  it('send_message_stream ends with an error that says so, and the history keeps the partial text as incomplete', async () => {
    // A paced stream: one word every 150 ms, so B is still sending when we kill it.
    fake.setBehavior({ type: 'ok', chunkDelayMs: 150 });
    const b = await responderOnFake();
    const { client } = await messenger(b.url);
    let killed = false;
    const partials: string[] = [];
    const result = await client.callTool(
      {
        name: 'send_message_stream',
        arguments: { message: 'alpha beta gamma delta epsilon zeta eta theta' },
      },
      undefined,
      {
        onprogress: (progress) => {
          partials.push(progress.message ?? '');
          if (!killed) {
            killed = true;
            b.child.kill('SIGKILL');
          }
        },
        timeout: 30_000,
      },
    );
    expect(killed).toBe(true);
    expect(result.isError).toBe(true);
    expect(toolText(result)).toMatch(/broke before the reply was complete/);
    const history = await client.callTool({ name: 'get_conversation_history', arguments: { limit: 5 } });
    const structured = history.structuredContent as {
      messages: Array<{ message: string; status: string; aiResponse?: string }>;
    };
    const entry = structured.messages.find((m) => m.message.startsWith('alpha beta'));
    expect(entry?.status).toBe('incomplete');
    expect(entry?.aiResponse).toBeTruthy();
    expect(entry?.aiResponse?.startsWith(partials[0] ?? '')).toBe(true);
  });
});

describe('Server B availability', () => {
  it('Server B down at start, then up: the same messenger recovers without a restart', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { client } = await messenger(url);
    const down = await client.callTool({
      name: 'send_message_to_ai',
      arguments: { message: 'anyone there?' },
    });
    expect(down.isError).toBe(true);
    expect(toolText(down)).toMatch(/not reachable after 3 attempts/);
    expect(toolText(down)).toContain('SERVER_B_URL');

    await responderOnFake({ HTTP_PORT: String(port) });
    const up = await client.callTool({ name: 'send_message_to_ai', arguments: { message: 'now?' } });
    expect(up.isError).toBeFalsy();
    expect((up.structuredContent as { aiResponse: string }).aiResponse).toContain('now?');
  });

  it('Server B never up: an actionable error after the retries, within a bound', async () => {
    const port = await freePort();
    const { client } = await messenger(`http://127.0.0.1:${port}`);
    const started = Date.now();
    const result = await client.callTool({ name: 'send_message_stream', arguments: { message: 'hello?' } });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.isError).toBe(true);
    expect(toolText(result)).toMatch(/not reachable after 3 attempts: start it with .*responder-http/);
    const health = await client.callTool({ name: 'check_server_b_health', arguments: {} });
    expect(toolText(health)).toMatch(/not reachable|unreachable/i);
  });
});

describe('rate limits across layers', () => {
  it('provider 429 + Retry-After: the messenger waits and retries; one provider request per responder call', async () => {
    const b = await responderOnFake();
    const { client } = await messenger(b.url);
    const seen = fake.requests.length;
    fake.enqueueBehavior({ type: 'error', status: 429, retryAfterSeconds: 1 });
    const result = await client.callTool({ name: 'send_message_to_ai', arguments: { message: 'retry me' } });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { aiResponse: string }).aiResponse).toContain('retry me');
    // Two responder calls (the 429, then the retry), each exactly one provider request: no SDK retries.
    const chats = fake.requests.slice(seen).filter((r) => r.path.includes('/chat/completions'));
    expect(chats).toHaveLength(2);
  });
});

describe('cancellation end to end', () => {
  // The MCP host cancels a tool call (notifications/cancelled): the messenger must abort its HTTP call to B,
  // and B must abort the provider call, which the fake OpenAI server sees as a client that went away.
  async function waitForChatRequest(since: number) {
    for (let i = 0; i < 400; i++) {
      const chat = fake.requests.slice(since).find((r) => r.path.includes('/chat/completions'));
      if (chat) return chat;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the provider never received the chat request');
  }

  it.each([
    ['send_message_to_ai', { type: 'stall' } as const],
    ['send_message_stream', { type: 'ok', chunkDelayMs: 2_000 } as const],
  ])('cancelling %s aborts the provider request, and both ledgers record it', async (tool, behavior) => {
    fake.setBehavior(behavior);
    const b = await responderOnFake();
    const { client } = await messenger(b.url);
    const since = fake.requests.length;
    const controller = new AbortController();
    const call = client
      .callTool({ name: tool, arguments: { message: `cancel me via ${tool}` } }, undefined, {
        signal: controller.signal,
        onprogress: () => {},
        timeout: 30_000,
      })
      .then(
        () => 'completed',
        () => 'cancelled',
      );
    const upstream = await waitForChatRequest(since);
    controller.abort();
    expect(await call).toBe('cancelled');
    // The provider request ends as aborted (not completed), well before the stalled reply could arrive.
    expect(await upstream.settled).toBe('aborted');

    // Server B recorded the exchange as aborted.
    let entry: { message: string; status: string } | undefined;
    for (let i = 0; i < 100 && entry === undefined; i++) {
      const page = (await (await fetch(`${b.url}/messages?limit=5`)).json()) as {
        messages: Array<{ message: string; status: string }>;
      };
      entry = page.messages.find((m) => m.message === `cancel me via ${tool}`);
      if (entry === undefined) await new Promise((r) => setTimeout(r, 25));
    }
    expect(entry?.status).toBe('aborted');

    // So did the messenger (its own ledger), and it keeps answering.
    const history = await client.callTool({ name: 'get_conversation_history', arguments: { limit: 5 } });
    const messages = (history.structuredContent as { messages: Array<{ message: string; status: string }> })
      .messages;
    expect(messages.find((m) => m.message === `cancel me via ${tool}`)?.status).toBe('aborted');
  });
});
