import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectMcp,
  type McpChild,
  MESSENGER_MCP,
  RESPONDER_MCP,
  type SpawnedResponder,
  spawnResponder,
  toolText,
} from './helpers';

// Malformed tool arguments over real stdio MCP sessions: each is a tool error naming the field, and the server
// keeps answering afterwards.

let responder: SpawnedResponder;
let messenger: McpChild;
let responderMcp: McpChild;

beforeAll(async () => {
  responder = await spawnResponder({ AI_PROVIDER: 'mock', LEDGER: 'memory' });
  messenger = await connectMcp(MESSENGER_MCP, {
    SERVER_B_URL: responder.url,
    LEDGER: 'memory',
    RETRY_ATTEMPTS: '0',
  });
  responderMcp = await connectMcp(RESPONDER_MCP, {
    AI_PROVIDER: 'mock',
    LEDGER: 'memory',
    RESPONDER_HTTP_ENABLED: 'false',
  });
});
afterAll(async () => {
  await messenger?.close();
  await responderMcp?.close();
  await responder?.kill('SIGTERM');
});

const BAD_MESSENGER: Array<[string, Record<string, unknown>, string]> = [
  ['send_message_to_ai', {}, 'message'],
  ['send_message_to_ai', { message: 42 }, 'message'],
  ['send_message_to_ai', { message: '' }, 'message'],
  ['send_message_to_ai', { message: 'x'.repeat(10_001) }, 'message'],
  ['send_message_to_ai', { message: 'a\u0001b' }, 'message'],
  ['send_message_to_ai', { message: 'a\ud800b' }, 'message'],
  ['send_message_to_ai', { message: 'hi', temperature: 5 }, 'temperature'],
  ['send_message_to_ai', { message: 'hi', temperature: 'hot' }, 'temperature'],
  ['send_message_to_ai', { message: 'hi', max_tokens: -1 }, 'max_tokens'],
  ['send_message_to_ai', { message: 'hi', max_tokens: 1.5 }, 'max_tokens'],
  ['send_message_to_ai', { message: 'hi', model: 'bad model!' }, 'model'],
  ['send_message_to_ai', { message: 'hi', conversation_id: '../x' }, 'conversation_id'],
  ['send_message_stream', { message: null }, 'message'],
  ['send_message_stream', { message: 'hi', context: 7 }, 'context'],
  ['get_conversation_history', { limit: 0 }, 'limit'],
  ['get_conversation_history', { limit: 'ten' }, 'limit'],
  ['get_conversation_history', { conversation_id: 'a b' }, 'conversation_id'],
];

const BAD_RESPONDER: Array<[string, Record<string, unknown>, string]> = [
  ['process_message', {}, 'message'],
  ['process_message', { message: '' }, 'message'],
  ['process_message', { message: 'hi', max_tokens: 0 }, 'max_tokens'],
  ['process_message_stream', { message: 'hi', temperature: -1 }, 'temperature'],
  ['configure_ai_model', { temperature: 9 }, 'temperature'],
  ['configure_ai_model', { model: 'no-such-model' }, 'model'],
  ['get_received_messages', { limit: -5 }, 'limit'],
];

describe('messenger-mcp', () => {
  it.each(BAD_MESSENGER)('%s %j → error naming %s', async (name, args, field) => {
    const result = await messenger.client.callTool({ name, arguments: args });
    expect(result.isError).toBe(true);
    expect(toolText(result)).toContain(field);
  });

  it('keeps answering after the malformed calls', async () => {
    const ok = await messenger.client.callTool({
      name: 'send_message_to_ai',
      arguments: { message: 'fine' },
    });
    expect(ok.isError).toBeFalsy();
    expect((ok.structuredContent as { aiResponse: string }).aiResponse).toContain('fine');
  });
});

describe('responder-mcp', () => {
  it.each(BAD_RESPONDER)('%s %j → error naming %s', async (name, args, field) => {
    const result = await responderMcp.client.callTool({ name, arguments: args });
    expect(result.isError).toBe(true);
    expect(toolText(result)).toContain(field);
  });

  it('keeps answering after the malformed calls', async () => {
    const ok = await responderMcp.client.callTool({
      name: 'process_message',
      arguments: { message: 'fine' },
    });
    expect(ok.isError).toBeFalsy();
    const health = await responderMcp.client.callTool({ name: 'health_check', arguments: {} });
    expect(health.isError).toBeFalsy();
  });
});
