import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ProcessResponseSchema, RESPONDER_TOOL_NAMES } from '@org/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, baseEnv, makeTempDir, STARTUP_LINE, spawnApp } from './app-process';

/** A raw POST with chosen Host/Origin headers (fetch will not let us forge Host). */
function postWithHeaders(url: string, headers: Record<string, string>): Promise<number> {
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
    req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }));
  });
}

describe('responder-mcp over Streamable HTTP', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: AppProcess;
  let mcpUrl: string;

  beforeAll(async () => {
    temp = await makeTempDir();
    app = spawnApp([], { ...baseEnv(temp.dir), MCP_TRANSPORT: 'http', MCP_PORT_B: '0' }, temp.dir);
    mcpUrl = (await app.stderr.waitFor(STARTUP_LINE))[1]!;
  });
  afterAll(async () => {
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(app.stdout.text()).toBe('');
    await temp.remove();
  });

  it('lists the tools and calls one with the SDK client', async () => {
    const client = new Client({ name: 'e2e-http', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl)));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([...RESPONDER_TOOL_NAMES].sort());
      const result = await client.callTool({ name: 'process_message', arguments: { message: 'over http' } });
      expect(result.isError).toBeFalsy();
      expect(ProcessResponseSchema.parse(result.structuredContent).aiResponse).toContain(
        "You said: 'over http'",
      );
    } finally {
      await client.close();
    }
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect(await postWithHeaders(mcpUrl, { host: 'evil.example' })).toBe(403);
  });

  it('refuses a foreign Origin', async () => {
    expect(await postWithHeaders(mcpUrl, { origin: 'http://evil.example' })).toBe(403);
  });
});
