import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLedger } from './file-ledger';
import { isLedgerError } from './ledger-error';
import { createMemoryLedger } from './memory-ledger';
import { exchange } from './test-records';
import type { Ledger } from './types';

const silent = { warn: () => undefined };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const backends: Array<[string, () => Promise<Ledger>]> = [
  ['memory', async () => createMemoryLedger()],
  [
    'file',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ledger-conformance-'));
      const ledger = await createFileLedger({ path: join(dir, 'ledger.jsonl'), logger: silent });
      cleanups.push(async () => {
        await ledger.close();
        await rm(dir, { recursive: true, force: true });
      });
      return ledger;
    },
  ],
];

describe.each(backends)('%s ledger (shared conformance)', (_name, create) => {
  it('append fills id and timestamp and returns the stored record', async () => {
    const ledger = await create();
    const stored = await ledger.append(exchange({ message: 'hi' }));
    expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(stored.timestamp))).toBe(false);
    expect(stored.message).toBe('hi');
    const kept = await ledger.append(exchange({ id: 'given-id', timestamp: '2026-01-01T00:00:00.000Z' }));
    expect(kept.id).toBe('given-id');
    expect(kept.timestamp).toBe('2026-01-01T00:00:00.000Z');
    const page = await ledger.history();
    expect(page.records[1]).toEqual(stored);
  });

  it('history is newest first, paginated by limit and offset, default limit 20', async () => {
    const ledger = await create();
    for (let i = 0; i < 25; i++) await ledger.append(exchange({ message: `m${i}` }));
    const first = await ledger.history();
    expect(first.total).toBe(25);
    expect(first.records.map((r) => r.message)).toEqual(Array.from({ length: 20 }, (_, i) => `m${24 - i}`));
    const second = await ledger.history({ limit: 10, offset: 20 });
    expect(second.records.map((r) => r.message)).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
    expect((await ledger.history({ offset: 100 })).records).toEqual([]);
    expect((await ledger.history({ limit: 10_000 })).records).toHaveLength(25);
  });

  it('caps the page size at 500', async () => {
    const ledger = await create();
    await Promise.all(Array.from({ length: 510 }, (_, i) => ledger.append(exchange({ message: `m${i}` }))));
    const page = await ledger.history({ limit: 10_000 });
    expect(page.total).toBe(510);
    expect(page.records).toHaveLength(500);
  });

  it('filters history by conversation and reports that conversation total', async () => {
    const ledger = await create();
    for (let i = 0; i < 6; i++) {
      await ledger.append(exchange({ conversationId: i % 2 === 0 ? 'even' : 'odd', message: `m${i}` }));
    }
    const even = await ledger.history({ conversationId: 'even', limit: 2 });
    expect(even.total).toBe(3);
    expect(even.records.map((r) => r.message)).toEqual(['m4', 'm2']);
    const rest = await ledger.history({ conversationId: 'even', limit: 2, offset: 2 });
    expect(rest.records.map((r) => r.message)).toEqual(['m0']);
    expect(await ledger.history({ conversationId: 'nobody' })).toEqual({ total: 0, records: [] });
  });

  it('conversation() returns the newest maxTurns, oldest first', async () => {
    const ledger = await create();
    for (let i = 0; i < 5; i++) await ledger.append(exchange({ conversationId: 'c', message: `m${i}` }));
    await ledger.append(exchange({ conversationId: 'other', message: 'x' }));
    expect((await ledger.conversation('c')).map((r) => r.message)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect((await ledger.conversation('c', { maxTurns: 2 })).map((r) => r.message)).toEqual(['m3', 'm4']);
    expect(await ledger.conversation('c', { maxTurns: 0 })).toEqual([]);
    expect(await ledger.conversation('missing')).toEqual([]);
  });

  it('stats count requests, tokens, cost and a per-model breakdown', async () => {
    const ledger = await create();
    await ledger.append(exchange({ model: 'a', inputTokens: 10, outputTokens: 5, costUsd: 0.5 }));
    await ledger.append(
      exchange({ model: 'a', inputTokens: 1, outputTokens: 2, costUsd: 0.25, streamed: true }),
    );
    await ledger.append(
      exchange({ model: 'b', inputTokens: undefined, outputTokens: 7, costUsd: 0, priced: false }),
    );
    const stats = await ledger.stats();
    expect(stats).toMatchObject({
      totalRequests: 3,
      successfulRequests: 3,
      errors: 0,
      streamedRequests: 1,
      inputTokens: 11,
      outputTokens: 14,
      totalTokens: 25,
      unpricedRequests: 1,
    });
    expect(stats.costUsd).toBeCloseTo(0.75, 10);
    expect(stats.byModel).toEqual({
      a: { requests: 2, errors: 0, inputTokens: 11, outputTokens: 7, totalTokens: 18, costUsd: 0.75 },
      b: { requests: 1, errors: 0, inputTokens: 0, outputTokens: 7, totalTokens: 7, costUsd: 0 },
    });
  });

  it('counts errors, timeouts and incomplete streams as errors, not aborted ones', async () => {
    const ledger = await create();
    await ledger.append(exchange({ status: 'success' }));
    await ledger.append(exchange({ status: 'error', error: { code: 'unavailable', message: 'down' } }));
    await ledger.append(exchange({ status: 'timeout' }));
    await ledger.append(exchange({ status: 'incomplete', model: 'other' }));
    await ledger.append(exchange({ status: 'aborted' }));
    const stats = await ledger.stats();
    expect(stats.totalRequests).toBe(5);
    expect(stats.successfulRequests).toBe(1);
    expect(stats.errors).toBe(3);
    expect(stats.byModel['mock-model']?.errors).toBe(2);
    expect(stats.byModel.other?.errors).toBe(1);
    const failed = (await ledger.history()).records.find((r) => r.status === 'error');
    expect(failed?.error).toEqual({ code: 'unavailable', message: 'down' });
  });

  it('reports the average and an approximate p95 processing time', async () => {
    const ledger = await create();
    expect((await ledger.stats()).p95ProcessingMs).toBe(0);
    // 1..200 ms: average 100.5, nearest-rank p95 = 190.
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => ledger.append(exchange({ processingMs: i + 1 }))),
    );
    const stats = await ledger.stats();
    expect(stats.averageProcessingMs).toBeCloseTo(100.5, 6);
    expect(stats.p95ProcessingMs).toBeGreaterThanOrEqual(190 * 0.95);
    expect(stats.p95ProcessingMs).toBeLessThanOrEqual(190 * 1.05);
  });

  it('rejects records that would corrupt the stats', async () => {
    const ledger = await create();
    await expect(ledger.append(exchange({ costUsd: Number.NaN }))).rejects.toSatisfy(isLedgerError);
    await expect(ledger.append(exchange({ inputTokens: -1 }))).rejects.toSatisfy(isLedgerError);
    expect((await ledger.stats()).totalRequests).toBe(0);
  });

  it('refuses appends after close', async () => {
    const ledger = await create();
    await ledger.close();
    await expect(ledger.append(exchange())).rejects.toMatchObject({ code: 'closed' });
  });

  it('returns copies: mutating a result does not change the ledger', async () => {
    const ledger = await create();
    await ledger.append(exchange({ message: 'original' }));
    const [record] = (await ledger.history()).records;
    record!.message = 'changed';
    expect((await ledger.history()).records[0]?.message).toBe('original');
  });
});
