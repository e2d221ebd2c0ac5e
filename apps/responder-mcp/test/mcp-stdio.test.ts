import type { Readable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  ConfigResponseSchema,
  MessagesResponseSchema,
  ProcessResponseSchema,
  RESPONDER_SERVER_NAME,
  RESPONDER_TOOL_NAMES,
} from '@org/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, MAIN_JS, makeTempDir, STARTUP_LINE, watchText } from './app-process';

type ToolResult = Awaited<ReturnType<Client['callTool']>>;

function textOf(result: ToolResult): string {
  const content = (result.content ?? []) as { type: string; text?: string }[];
  return content.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('\n');
}

// The MCP host's view: the real SDK client spawns the built bin over stdio.
describe('responder-mcp over stdio', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let client: Client;
  let httpUrl: string;
  const protocolErrors: Error[] = [];

  beforeAll(async () => {
    temp = await makeTempDir();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [MAIN_JS],
      cwd: temp.dir,
      env: baseEnv(temp.dir),
      stderr: 'pipe',
    });
    const stderr = watchText(transport.stderr as Readable);
    client = new Client({ name: 'e2e-test', version: '1.0.0' });
    // Anything on stdout that is not JSON-RPC surfaces here.
    client.onerror = (error) => protocolErrors.push(error);
    await client.connect(transport);
    const match = await stderr.waitFor(STARTUP_LINE);
    httpUrl = match[2]!;
  });
  afterAll(async () => {
    await client.close();
    await temp.remove();
  });

  it('is the ai-responder-server with the seven pinned tools', async () => {
    expect(client.getServerVersion()?.name).toBe(RESPONDER_SERVER_NAME);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([...RESPONDER_TOOL_NAMES].sort());
  });

  it('answers every tool without an error', async () => {
    const args: Record<(typeof RESPONDER_TOOL_NAMES)[number], Record<string, unknown>> = {
      get_received_messages: {},
      get_openai_stats: {},
      configure_ai_model: { max_tokens: 500 },
      process_message: { message: 'Hello from the tool test' },
      process_message_stream: { message: 'Stream to me' },
      get_provider_info: {},
      health_check: {},
    };
    for (const name of RESPONDER_TOOL_NAMES) {
      const result = await client.callTool({ name, arguments: args[name] });
      expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
      expect(result.structuredContent, name).toBeDefined();
      expect(textOf(result).length, name).toBeGreaterThan(0);
    }
  });

  it('configure_ai_model changes what GET /config returns from the same process', async () => {
    const result = await client.callTool({
      name: 'configure_ai_model',
      arguments: { temperature: 0.2, max_tokens: 321 },
    });
    expect(result.isError).toBeFalsy();
    const config = ConfigResponseSchema.parse(await (await fetch(`${httpUrl}/config`)).json());
    expect(config).toMatchObject({ temperature: 0.2, maxTokens: 321, provider: 'mock' });
  });

  it('process_message shows up in GET /messages (one shared ledger)', async () => {
    const result = await client.callTool({
      name: 'process_message',
      arguments: { message: 'shared ledger check' },
    });
    expect(result.isError).toBeFalsy();
    const processed = ProcessResponseSchema.parse(result.structuredContent);
    expect(processed.aiResponse).toContain("You said: 'shared ledger check'");

    const page = MessagesResponseSchema.parse(await (await fetch(`${httpUrl}/messages?limit=100`)).json());
    const record = page.messages.find((message) => message.message === 'shared ledger check');
    expect(record?.conversationId).toBe(processed.conversationId);
  });

  it('a bad tool argument is a tool error naming the field', async () => {
    const result = await client.callTool({
      name: 'process_message',
      arguments: { message: 'hi', temperature: 9 },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('temperature');
  });

  it('keeps stdout protocol-only', () => {
    expect(protocolErrors).toEqual([]);
  });
});
