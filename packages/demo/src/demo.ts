#!/usr/bin/env node
// `pnpm demo`: the proof of concept a newcomer runs first. It starts a responder (Server B), starts
// messenger-mcp (Server A) over stdio through a real MCP client, calls its tools the way an MCP host
// would, prints what comes back, and stops everything it started. Exit code 0 means every step worked.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readDemoEnvironment } from './config';
import { createProgressPrinter, detail, formatUsd, line, step } from './output';
import { type RunningResponder, startResponder } from './start-responder';

interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  estimatedCost: number;
}
interface SendMessageOutput {
  aiResponse: string;
  model: string;
  provider: string;
  usage: Usage;
  processingTime: number;
  conversationId: string;
}
interface HealthOutput {
  serverUrl: string;
  reachable: boolean;
  latencyMs?: number;
  health?: { status: string; provider: string; messagesProcessed: number };
  error?: string;
}
interface ModelsOutput {
  provider: string;
  models: string[];
  default: string;
}
interface HistoryOutput {
  totalMessages: number;
  totalAIResponses: number;
  messages: {
    timestamp: string;
    conversationId: string;
    message: string;
    aiResponse?: string;
    streamed: boolean;
  }[];
}
interface StatsOutput {
  totalRequests: number;
  totalTokens: number;
  estimatedTotalCost: number;
  averageResponseTime: number;
  modelBreakdown: Record<string, { requests: number; tokens: number; cost: number }>;
}

/** The built bins of the two apps, found through this package's workspace devDependencies. */
function appMain(name: 'responder-http' | 'messenger-mcp'): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${name}/package.json`)), 'dist', 'main.js');
}

async function callTool<T>(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
  onProgress?: (message: string) => void,
): Promise<T> {
  const result = await client.callTool(
    { name, arguments: args },
    undefined,
    onProgress && {
      onprogress: (progress) => {
        if (progress.message !== undefined) onProgress(progress.message);
      },
      resetTimeoutOnProgress: true,
    },
  );
  if (result.isError) {
    const content = Array.isArray(result.content) ? result.content : [];
    const text = content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
    throw new Error(`${name} failed: ${text}`);
  }
  if (result.structuredContent === undefined) throw new Error(`${name} returned no structured content`);
  return result.structuredContent as T;
}

function describeReply(reply: SendMessageOutput): string {
  const { usage } = reply;
  return [
    `< ${reply.aiResponse}`,
    `  model ${reply.model} (${reply.provider}), ${usage.promptTokens} + ${usage.completionTokens} = ${usage.totalTokens} tokens, ` +
      `${formatUsd(usage.estimatedCost)}, ${reply.processingTime.toFixed(3)} s`,
    `  conversation_id ${reply.conversationId}`,
  ].join('\n');
}

async function runDemo(): Promise<void> {
  const environment = readDemoEnvironment();
  const workDir = await mkdtemp(join(tmpdir(), 'mcp-communication-demo-'));
  let responder: RunningResponder | undefined;
  let transport: StdioClientTransport | undefined;
  const messengerLog: string[] = [];
  line('mcp-communication demo');
  line('======================');
  line(
    'An MCP client -> messenger-mcp (Server A, stdio) -> HTTP -> responder-http (Server B) -> AI provider',
  );
  try {
    step('Starting the responder (Server B)');
    responder = await startResponder(appMain('responder-http'), {
      ...environment.inherited,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LEDGER_PATH: join(workDir, 'responder-ledger.json'),
      MOCK_LATENCY_MS: environment.mockLatencyMs,
      MOCK_STREAM_DELAY_MS: environment.mockStreamDelayMs,
    });
    detail(`listening on ${responder.url} (provider: ${responder.provider})`);
    if (responder.provider === 'mock')
      detail('no AI keys configured, so replies come from the mock provider');

    step('Starting messenger-mcp (Server A) and connecting an MCP client over stdio');
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [appMain('messenger-mcp')],
      env: {
        ...getDefaultEnvironment(),
        SERVER_B_URL: responder.url,
        LEDGER_PATH: join(workDir, 'messenger-ledger.json'),
        // One progress notification per streamed piece, so the growing text is visible below.
        PROGRESS_INTERVAL_MS: '0',
        ...(environment.responderApiKey !== undefined && { RESPONDER_API_KEY: environment.responderApiKey }),
      },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) =>
      messengerLog.push(...chunk.toString().trimEnd().split('\n')),
    );
    const client = new Client({ name: 'mcp-communication-demo', version: '0.1.0' });
    await client.connect(transport);
    const server = client.getServerVersion();
    const { tools } = await client.listTools();
    detail(`connected to ${server?.name} ${server?.version}`);
    detail(`tools: ${tools.map((tool) => tool.name).join(', ')}`);

    step('check_server_b_health');
    const health = await callTool<HealthOutput>(client, 'check_server_b_health');
    if (!health.reachable) throw new Error(`Server B is not reachable: ${health.error ?? 'no reason given'}`);
    detail(
      `Server B at ${health.serverUrl} is ${health.health?.status ?? 'reachable'} ` +
        `(provider ${health.health?.provider}, ${Math.round(health.latencyMs ?? 0)} ms round trip)`,
    );

    step('list_available_models');
    const models = await callTool<ModelsOutput>(client, 'list_available_models');
    detail(`provider ${models.provider}, default model ${models.default}`);
    detail(`models: ${models.models.join(', ')}`);

    step('send_message_to_ai');
    const firstMessage = 'Hello from the mcp-communication demo!';
    detail(`> ${firstMessage}`);
    const first = await callTool<SendMessageOutput>(client, 'send_message_to_ai', { message: firstMessage });
    detail(describeReply(first));

    step('send_message_to_ai, continuing the same conversation');
    const secondMessage = 'And a second message in the same conversation.';
    detail(`> ${secondMessage}  (conversation_id ${first.conversationId})`);
    const second = await callTool<SendMessageOutput>(client, 'send_message_to_ai', {
      message: secondMessage,
      conversation_id: first.conversationId,
    });
    detail(describeReply(second));
    if (second.conversationId !== first.conversationId) {
      throw new Error(`the conversation changed: ${first.conversationId} -> ${second.conversationId}`);
    }

    step('send_message_stream, with live progress');
    const streamMessage = 'Please stream this reply word by word.';
    detail(`> ${streamMessage}`);
    const progress = createProgressPrinter();
    let progressUpdates = 0;
    const streamed = await callTool<SendMessageOutput>(
      client,
      'send_message_stream',
      { message: streamMessage, conversation_id: first.conversationId },
      (text) => {
        progressUpdates += 1;
        progress.update(text);
      },
    );
    progress.finish();
    detail(`${progressUpdates} progress updates`);
    detail(describeReply(streamed));

    step('get_conversation_history');
    const history = await callTool<HistoryOutput>(client, 'get_conversation_history', { limit: 10 });
    detail(`${history.totalMessages} messages, ${history.totalAIResponses} AI responses`);
    for (const entry of history.messages) {
      detail(`- ${entry.timestamp}${entry.streamed ? ' (streamed)' : ''}  "${entry.message}"`);
    }

    step('get_ai_usage_stats');
    const stats = await callTool<StatsOutput>(client, 'get_ai_usage_stats');
    detail(
      `${stats.totalRequests} requests, ${stats.totalTokens} tokens, ${formatUsd(stats.estimatedTotalCost)}, ` +
        `average ${stats.averageResponseTime.toFixed(3)} s`,
    );
    for (const [model, row] of Object.entries(stats.modelBreakdown)) {
      detail(`- ${model}: ${row.requests} requests, ${row.tokens} tokens, ${formatUsd(row.cost)}`);
    }

    step('Stopping what the demo started');
    await client.close();
    transport = undefined;
    await responder.stop();
    responder = undefined;
    detail('messenger-mcp and responder-http stopped');
    line();
    line('Demo finished: everything worked.');
    line('Next: `pnpm start` runs both servers for MCP Inspector or Claude Desktop (see README).');
  } catch (error) {
    // Show what the servers said: that is usually where the reason is.
    for (const [name, log] of [
      ['responder-http', responder?.log ?? []],
      ['messenger-mcp', messengerLog],
    ] as const) {
      if (log.length > 0)
        process.stderr.write(`\n--- last lines from ${name} ---\n${log.slice(-15).join('\n')}\n`);
    }
    throw error;
  } finally {
    await transport?.close().catch(() => {});
    await responder?.stop().catch(() => {});
    await rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
}

try {
  await runDemo();
} catch (error) {
  process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
