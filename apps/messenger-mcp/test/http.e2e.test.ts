import { request } from 'node:http';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServerB, startFakeServerB } from './fake-server-b';
import { startHttpMessenger } from './spawn-messenger';

/** A raw POST, so the test can set a Host header fetch would refuse to send. */
function rawPost(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

describe('messenger-mcp over Streamable HTTP', () => {
  let b: FakeServerB;
  let m: Awaited<ReturnType<typeof startHttpMessenger>>;
  beforeAll(async () => {
    b = await startFakeServerB();
    m = await startHttpMessenger({ SERVER_B_URL: b.url, MCP_API_KEY: 'secret-key' });
  });
  afterAll(async () => {
    await m?.close();
    await b?.close();
  });

  it('serves every tool to the SDK client, with streaming progress', async () => {
    const client = await m.connect({ Authorization: 'Bearer secret-key' });
    expect((await client.listTools()).tools).toHaveLength(7);
    const sent = (await client.callTool({
      name: 'send_message_to_ai',
      arguments: { message: 'over http' },
    })) as CallToolResult;
    expect(sent.structuredContent).toMatchObject({
      aiResponse: 'Fake reply to: over http. It has several words to stream.',
    });
    const progress: Progress[] = [];
    const streamed = (await client.callTool(
      { name: 'send_message_stream', arguments: { message: 'streamed http' } },
      undefined,
      {
        onprogress: (p) => progress.push(p),
        resetTimeoutOnProgress: true,
      },
    )) as CallToolResult;
    expect(streamed.isError).toBeFalsy();
    expect(progress.length).toBeGreaterThan(2);
    const stats = (await client.callTool({ name: 'get_ai_usage_stats', arguments: {} })) as CallToolResult;
    expect(stats.structuredContent).toMatchObject({ totalRequests: 2, streamedRequests: 1 });
  });

  it('refuses a client without the bearer key', async () => {
    await expect(m.connect()).rejects.toThrow();
    expect(await rawPost(m.url, {})).toBe(401);
  });

  it('refuses a foreign Host or Origin (DNS rebinding)', async () => {
    expect(await rawPost(m.url, { host: 'evil.example', authorization: 'Bearer secret-key' })).toBe(403);
    expect(await rawPost(m.url, { origin: 'http://evil.example', authorization: 'Bearer secret-key' })).toBe(
      403,
    );
  });
});
