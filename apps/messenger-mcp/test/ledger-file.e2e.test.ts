import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { startFakeServerB } from './fake-server-b';
import { connectStdio, emptyDir } from './spawn-messenger';

describe('messenger-mcp with LEDGER=file', () => {
  it('keeps history and stats across a restart', async () => {
    const b = await startFakeServerB();
    const env = { SERVER_B_URL: b.url, LEDGER: 'file', LEDGER_PATH: join(emptyDir(), 'ledger.jsonl') };
    try {
      const first = await connectStdio(env);
      await first.client.callTool({ name: 'send_message_to_ai', arguments: { message: 'remember me' } });
      await first.close();

      const second = await connectStdio(env);
      try {
        const history = (await second.client.callTool({
          name: 'get_conversation_history',
          arguments: {},
        })) as CallToolResult;
        expect(history.structuredContent).toMatchObject({
          totalMessages: 1,
          messages: [{ message: 'remember me', status: 'success' }],
        });
      } finally {
        await second.close();
      }
    } finally {
      await b.close();
    }
  });
});
