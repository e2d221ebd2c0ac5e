import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createMockProvider } from '@org/ai-providers';
import { ProcessResponseSchema, RESPONDER_TOOL_NAMES, StatsResponseSchema } from '@org/contracts';
import { createMemoryLedger } from '@org/ledger';
import { describe, expect, it } from 'vitest';
import { createResponderMcpServer } from './responder-mcp-tools';
import { createResponderService } from './responder-service';

async function connect() {
  const service = createResponderService({
    provider: createMockProvider(),
    ledger: createMemoryLedger(),
    defaults: { temperature: 0.7, maxTokens: 1000 },
  });
  const server = createResponderMcpServer(service);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '1.0.0' });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return { client, service };
}

describe('responder MCP tools', () => {
  it('lists the seven pinned tools under ai-responder-server', async () => {
    const { client } = await connect();
    expect(client.getServerVersion()?.name).toBe('ai-responder-server');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...RESPONDER_TOOL_NAMES].sort());
    expect(tools.every((t) => t.outputSchema !== undefined && (t.description ?? '') !== '')).toBe(true);
  });

  it('process_message answers, then get_received_messages and get_openai_stats see it', async () => {
    const { client } = await connect();
    const result = await client.callTool({ name: 'process_message', arguments: { message: 'hello' } });
    expect(result.isError).toBeFalsy();
    const reply = ProcessResponseSchema.parse(result.structuredContent);
    expect(reply.aiResponse).toContain("You said: 'hello'");
    const messages = await client.callTool({ name: 'get_received_messages', arguments: { limit: 5 } });
    expect((messages.structuredContent as { total: number }).total).toBe(1);
    const stats = await client.callTool({ name: 'get_openai_stats', arguments: {} });
    expect(StatsResponseSchema.parse(stats.structuredContent).totalRequests).toBe(1);
  });

  it('configure_ai_model changes getConfig; an unknown model is an actionable tool error', async () => {
    const { client, service } = await connect();
    const result = await client.callTool({
      name: 'configure_ai_model',
      arguments: { model: 'mock-model-large', temperature: 0.1 },
    });
    expect(result.structuredContent).toMatchObject({ status: 'updated', changed: ['model', 'temperature'] });
    expect(service.getConfig()).toMatchObject({ defaultModel: 'mock-model-large', temperature: 0.1 });
    const refused = await client.callTool({ name: 'configure_ai_model', arguments: { model: 'gpt-4o' } });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('mock-model-large');
    const invalid = await client.callTool({ name: 'configure_ai_model', arguments: { temperature: 5 } });
    expect(invalid.isError).toBe(true);
  });

  it('process_message_stream sends progress with the text so far and returns the whole reply', async () => {
    const { client } = await connect();
    const progress: string[] = [];
    const result = await client.callTool(
      { name: 'process_message_stream', arguments: { message: 'stream me' } },
      undefined,
      {
        onprogress: (p) => {
          if (p.message !== undefined) progress.push(p.message);
        },
      },
    );
    const reply = ProcessResponseSchema.parse(result.structuredContent);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(reply.aiResponse);
    expect(reply.aiResponse.startsWith(progress[0] ?? '?')).toBe(true);
  });

  it('get_provider_info and health_check report the provider without secrets', async () => {
    const { client } = await connect();
    const info = await client.callTool({ name: 'get_provider_info', arguments: {} });
    expect(info.structuredContent).toMatchObject({
      provider: 'mock',
      configured: true,
      defaultModel: 'mock-model',
    });
    const health = await client.callTool({ name: 'health_check', arguments: {} });
    expect(health.structuredContent).toMatchObject({ status: 'healthy', provider: 'mock' });
  });
});
