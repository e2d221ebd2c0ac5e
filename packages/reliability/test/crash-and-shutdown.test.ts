import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getJson, type MessagesPage, parseSse, postJson, spawnResponder, tempDir } from './helpers';

// Durability of the file ledger under kill -9, and a clean drain on SIGTERM, with the real responder-http.

async function allMessages(url: string): Promise<Array<{ conversationId: string; status: string }>> {
  const out: Array<{ conversationId: string; status: string }> = [];
  for (let offset = 0; ; offset += 500) {
    const page = await getJson<MessagesPage>(`${url}/messages?limit=500&offset=${offset}`);
    out.push(...page.messages);
    if (page.messages.length < 500) return out;
  }
}

describe('crash safety', () => {
  it('kill -9 mid-burst: every request that got a 200 is in the ledger after restart, and /stats agrees', async () => {
    const ledgerPath = join(tempDir('ledger-'), 'responder.jsonl');
    const env = { AI_PROVIDER: 'mock', MOCK_LATENCY_MS: '5', LEDGER: 'file', LEDGER_PATH: ledgerPath };
    const first = await spawnResponder(env);
    const confirmed: string[] = [];
    let failed = 0;
    let sent = 0;
    let alive = true;
    // 20 workers firing back to back until the process dies: the kill lands with requests in flight.
    const worker = async () => {
      while (alive) {
        const id = `burst-${sent++}`;
        try {
          const res = await postJson(`${first.url}/process`, { message: id, conversation_id: id });
          if (res.status === 200) confirmed.push((res.body as { conversationId: string }).conversationId);
        } catch {
          failed += 1;
          return;
        }
      }
    };
    const workers = Array.from({ length: 20 }, worker);
    while (confirmed.length < 150) await new Promise((r) => setTimeout(r, 5));
    await first.kill('SIGKILL');
    alive = false;
    await Promise.all(workers);
    expect(failed).toBeGreaterThan(0); // the kill really landed mid-burst

    const second = await spawnResponder(env);
    try {
      const records = await allMessages(second.url);
      const ids = new Set(records.map((r) => r.conversationId));
      const missing = confirmed.filter((id) => !ids.has(id));
      expect(missing).toEqual([]);
      const stats = await getJson<{ totalRequests: number }>(`${second.url}/stats`);
      expect(stats.totalRequests).toBe(records.length);
      // And it keeps working on the recovered file.
      expect((await postJson(`${second.url}/process`, { message: 'after crash' })).status).toBe(200);
    } finally {
      await second.kill('SIGKILL');
    }
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM with requests and streams in flight: they finish, the ledger is flushed, exit 0', async () => {
    const ledgerPath = join(tempDir('ledger-'), 'responder.jsonl');
    const env = { AI_PROVIDER: 'mock', MOCK_LATENCY_MS: '800', LEDGER: 'file', LEDGER_PATH: ledgerPath };
    const first = await spawnResponder(env);
    const processes = Array.from({ length: 5 }, (_, i) =>
      postJson(`${first.url}/process`, { message: `drain ${i}`, conversation_id: `drain-p-${i}` }),
    );
    const streams = Array.from({ length: 5 }, async (_, i) => {
      const res = await fetch(`${first.url}/stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: `drain stream ${i}`, conversation_id: `drain-s-${i}` }),
      });
      return { status: res.status, events: parseSse(await res.text()) };
    });
    // Let them reach the server (they wait MOCK_LATENCY_MS inside the provider), then ask it to stop.
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    first.child.kill('SIGTERM');
    const processed = await Promise.all(processes);
    const streamed = await Promise.all(streams);
    const exit = await first.exited;
    console.error(
      first.output(),
      JSON.stringify(processed.map((p) => p.status)),
      JSON.stringify(streamed).slice(0, 2000),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(exit.code).toBe(0);
    expect(processed.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    for (const s of streamed) {
      expect(s.status).toBe(200);
      expect(s.events.at(-1)?.raw).toBe('[DONE]');
    }

    const second = await spawnResponder(env);
    try {
      const records = await allMessages(second.url);
      const ids = records.map((r) => r.conversationId).sort();
      expect(ids).toEqual([
        ...Array.from({ length: 5 }, (_, i) => `drain-p-${i}`),
        ...Array.from({ length: 5 }, (_, i) => `drain-s-${i}`),
      ]);
      expect(records.every((r) => r.status === 'success')).toBe(true);
    } finally {
      await second.kill('SIGKILL');
    }
  });
});
