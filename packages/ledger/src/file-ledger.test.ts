import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsdown';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileLedger } from './file-ledger';
import type { LedgerLogger } from './ledger-logger';
import { completeRecord } from './record';
import { snapshotPathFor } from './snapshot';
import { exchange } from './test-records';

let dir: string;
let path: string;
const silent: LedgerLogger = { warn: () => undefined };

function recordingLogger(): LedgerLogger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (message) => messages.push(message) };
}

async function fileLines(): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-ledger-'));
  path = join(dir, 'nested', 'ledger.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file ledger', () => {
  it('keeps history and stats across close and reopen', async () => {
    const first = await createFileLedger({ path, logger: silent });
    for (let i = 0; i < 30; i++) {
      await first.append(
        exchange({ conversationId: `c${i % 3}`, message: `m${i}`, model: i % 2 ? 'a' : 'b' }),
      );
    }
    const statsBefore = await first.stats();
    const historyBefore = await first.history({ limit: 50 });
    await first.close();

    const second = await createFileLedger({ path, logger: silent });
    expect(await second.stats()).toEqual(statsBefore);
    expect(await second.history({ limit: 50 })).toEqual(historyBefore);
    expect((await second.conversation('c1', { maxTurns: 2 })).map((r) => r.message)).toEqual(['m25', 'm28']);
    await second.append(exchange({ message: 'after restart' }));
    expect((await second.history({ limit: 1 })).records[0]?.message).toBe('after restart');
    await second.close();
  });

  it('writes one JSON object per line', async () => {
    const ledger = await createFileLedger({ path, logger: silent });
    const stored = await ledger.append(exchange({ message: 'line\nbreak and "quotes"' }));
    await ledger.close();
    const lines = await fileLines();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual(stored);
  });

  it('records 50 parallel appends, each as a whole line', async () => {
    const ledger = await createFileLedger({ path, logger: silent });
    const stored = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ledger.append(exchange({ message: `parallel ${i} ${'y'.repeat(i * 100)}` })),
      ),
    );
    expect((await ledger.stats()).totalRequests).toBe(50);
    await ledger.close();
    const ids = (await fileLines()).map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids.sort()).toEqual(stored.map((r) => r.id).sort());
  });

  it('skips a torn last line with a warning and keeps the next append intact', async () => {
    const ledger = await createFileLedger({ path, logger: silent });
    await ledger.append(exchange({ message: 'whole' }));
    await ledger.close();
    await appendFile(path, '{"id":"torn","timestamp":"2026-');

    const logger = recordingLogger();
    const reopened = await createFileLedger({ path, logger });
    expect(logger.messages.some((m) => m.includes('torn'))).toBe(true);
    expect((await reopened.history()).records.map((r) => r.message)).toEqual(['whole']);
    await reopened.append(exchange({ message: 'next' }));
    await reopened.close();

    const lines = await fileLines();
    expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual(['whole', 'next']);
    expect(await readFile(`${path}.torn`, 'utf8')).toContain('"id":"torn"');
  });

  it('completes a last line that lacks only its newline instead of dropping it', async () => {
    const record = completeRecord(exchange({ message: 'no newline' }), () => new Date());
    await createFileLedger({ path, logger: silent }).then((l) => l.close());
    await writeFile(path, JSON.stringify(record));
    const logger = recordingLogger();
    const ledger = await createFileLedger({ path, logger });
    expect(logger.messages).toHaveLength(1);
    await ledger.append(exchange({ message: 'next' }));
    expect((await ledger.history()).records.map((r) => r.message)).toEqual(['next', 'no newline']);
    await ledger.close();
    expect(await fileLines()).toHaveLength(2);
  });

  it('skips an unreadable line in the middle with a warning', async () => {
    const a = completeRecord(exchange({ message: 'a' }), () => new Date());
    const b = completeRecord(exchange({ message: 'b' }), () => new Date());
    await createFileLedger({ path, logger: silent }).then((l) => l.close());
    await writeFile(path, `${JSON.stringify(a)}\nnot json\n${JSON.stringify(b)}\n`);
    const logger = recordingLogger();
    const ledger = await createFileLedger({ path, logger });
    expect(logger.messages).toEqual(['skipping an unreadable ledger line']);
    expect((await ledger.history()).records.map((r) => r.message)).toEqual(['b', 'a']);
    expect((await ledger.stats()).totalRequests).toBe(2);
    await ledger.close();
  });

  it('stats after reopen equal stats before (snapshot written on close)', async () => {
    const ledger = await createFileLedger({ path, logger: silent });
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        ledger.append(
          exchange({
            model: `m${i % 4}`,
            processingMs: (i * 37) % 1000,
            status: i % 10 ? 'success' : 'error',
          }),
        ),
      ),
    );
    const before = await ledger.stats();
    await ledger.close();
    expect(existsSync(snapshotPathFor(path))).toBe(true);
    const reopened = await createFileLedger({ path, logger: silent });
    expect(await reopened.stats()).toEqual(before);
    await reopened.close();
  });

  it('replays lines written after the snapshot (crash before the snapshot was updated)', async () => {
    const ledger = await createFileLedger({ path, logger: silent });
    for (let i = 0; i < 10; i++) await ledger.append(exchange({ model: 'a', conversationId: 'c' }));
    await ledger.close();
    const extra = Array.from({ length: 5 }, (_, i) =>
      completeRecord(
        exchange({ model: 'b', conversationId: 'c', message: `tail ${i}`, status: 'error' }),
        () => new Date(),
      ),
    );
    await appendFile(path, extra.map((r) => `${JSON.stringify(r)}\n`).join(''));

    const logger = recordingLogger();
    const reopened = await createFileLedger({ path, logger });
    // No "does not match" warning: the snapshot was used and only the tail replayed.
    expect(logger.messages).toEqual([]);
    const stats = await reopened.stats();
    expect(stats.totalRequests).toBe(15);
    expect(stats.errors).toBe(5);
    expect(stats.byModel.b?.requests).toBe(5);
    expect((await reopened.conversation('c', { maxTurns: 1 }))[0]?.message).toBe('tail 4');
    await reopened.close();
  });

  it('rebuilds from the file when the snapshot does not match it', async () => {
    const ledger = await createFileLedger({ path, logger: silent });
    for (let i = 0; i < 10; i++) await ledger.append(exchange({ message: `old ${i}` }));
    await ledger.close();
    // Replace the ledger with a different, shorter file: the snapshot now points past its end.
    const fresh = completeRecord(exchange({ message: 'fresh' }), () => new Date());
    await writeFile(path, `${JSON.stringify(fresh)}\n`);
    const logger = recordingLogger();
    const reopened = await createFileLedger({ path, logger });
    expect(logger.messages.some((m) => m.includes('snapshot does not match'))).toBe(true);
    expect(await reopened.history()).toEqual({ total: 1, records: [fresh] });
    expect((await reopened.stats()).totalRequests).toBe(1);
    await reopened.close();
  });

  it('writes periodic snapshots so start-up replays only the tail', async () => {
    const ledger = await createFileLedger({ path, logger: silent, snapshotEveryRecords: 5 });
    for (let i = 0; i < 12; i++) await ledger.append(exchange());
    const snapshotSize = (await stat(snapshotPathFor(path))).size;
    expect(snapshotSize).toBeGreaterThan(0);
    await ledger.close();
  });

  it('flush() and fsync: always both keep every record', async () => {
    const ledger = await createFileLedger({ path, logger: silent, fsync: 'always' });
    await Promise.all(Array.from({ length: 20 }, () => ledger.append(exchange())));
    await ledger.flush();
    expect(await fileLines()).toHaveLength(20);
    await ledger.close();
  });

  it('keeps every append that resolved before the process was killed with SIGKILL', async () => {
    // Bundle this package from source for the child (Node 20 cannot run .ts).
    const bundleDir = join(dir, 'bundle');
    await build({
      entry: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      outDir: bundleDir,
      format: 'esm',
      platform: 'node',
      dts: false,
      config: false,
      logLevel: 'silent',
      fixedExtension: false,
    });
    const child = spawn(
      process.execPath,
      [
        fileURLToPath(new URL('../test/append-until-killed.mjs', import.meta.url)),
        path,
        join(bundleDir, 'index.js'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const acknowledged: string[] = [];
    let buffered = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      child.on('exit', (code) =>
        reject(new Error(`the child exited by itself (code ${code}) before the kill`)),
      );
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        acknowledged.push(...lines);
        if (acknowledged.length >= 500 && child.pid !== undefined && !child.killed) {
          process.kill(child.pid, 'SIGKILL');
          resolve();
        }
      });
    });
    expect(await exited).toBe('SIGKILL');

    const ledger = await createFileLedger({ path, logger: silent });
    const { total } = await ledger.history();
    const stored = new Set((await ledger.history({ limit: 500, offset: 0 })).records.map((r) => r.id));
    for (let offset = 500; offset < total; offset += 500) {
      for (const r of (await ledger.history({ limit: 500, offset })).records) stored.add(r.id);
    }
    expect(stored.size).toBe(total);
    for (const id of acknowledged) expect(stored.has(id)).toBe(true);
    expect((await ledger.stats()).totalRequests).toBe(total);
    await ledger.close();
  }, 20_000);
});
