import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStdio, emptyDir, type StdioMessenger } from './spawn-messenger';

const RESPONDER_BIN = fileURLToPath(new URL('../../responder-http/dist/main.js', import.meta.url));

/** Starts the real responder-http (mock provider) on a free loopback port. */
async function startResponder(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [RESPONDER_BIN], {
    env: {
      PATH: process.env.PATH ?? '',
      AI_PROVIDER: 'mock',
      HTTP_PORT: '0',
      MOCK_LATENCY_MS: '5',
      // Words 20 ms apart, as a model streams: progress then goes out while the reply is still coming. With every
      // word at once the only notification lands right before the result, and the SDK client can drop it (it
      // handles notifications a microtask later than responses, so a progress notification that arrives in the
      // same read as its result finds its handler already removed).
      MOCK_STREAM_DELAY_MS: '20',
      LEDGER_PATH: join(emptyDir(), 'responder.jsonl'),
    },
    cwd: emptyDir(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`responder-http exited with ${code}: ${stderr}`)));
  });
  return { url, child };
}

describe.skipIf(!existsSync(RESPONDER_BIN))(
  'messenger-mcp with the real responder-http (mock provider)',
  () => {
    let responder: { url: string; child: ChildProcess };
    let m: StdioMessenger;
    beforeAll(async () => {
      responder = await startResponder();
      m = await connectStdio({ SERVER_B_URL: responder.url });
    });
    afterAll(async () => {
      await m?.close();
      responder?.child.kill('SIGTERM');
    });

    it('answers every tool end to end', async () => {
      const call = (name: string, args: Record<string, unknown> = {}) =>
        m.client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
      const first = await call('send_message_to_ai', { message: 'Hello B' });
      expect(first.isError).toBeFalsy();
      const { aiResponse, conversationId } = first.structuredContent as {
        aiResponse: string;
        conversationId: string;
      };
      expect(aiResponse).toContain('Hello B');

      const progress: Progress[] = [];
      const streamed = (await m.client.callTool(
        {
          name: 'send_message_stream',
          arguments: { message: 'Stream to me', conversation_id: conversationId },
        },
        undefined,
        { onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true },
      )) as CallToolResult;
      expect(streamed.isError).toBeFalsy();
      expect(progress.length).toBeGreaterThan(0);
      expect(
        (streamed.structuredContent as { aiResponse: string }).aiResponse.startsWith(
          progress.at(-1)!.message!,
        ),
      ).toBe(true);

      const history = await call('get_conversation_history', { conversation_id: conversationId });
      expect(history.structuredContent).toMatchObject({ totalMessages: 2, totalAIResponses: 2 });
      const stats = await call('get_ai_usage_stats');
      expect(stats.structuredContent).toMatchObject({ totalRequests: 2, streamedRequests: 1 });
      expect((await call('check_server_b_health')).structuredContent).toMatchObject({ reachable: true });
      expect((await call('list_available_models')).isError).toBeFalsy();
      expect((await call('get_server_b_config')).isError).toBeFalsy();
    });
  },
);
