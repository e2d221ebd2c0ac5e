import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = new URL('..', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));

interface Row {
  metric: string;
  value: number;
  ratio?: number;
  baseline?: { label: string; value: number };
}
interface Scenario {
  id: number;
  title: string;
  rows: Row[];
  error?: string;
}

afterAll(() => rmSync(out, { recursive: true, force: true }));

// CI's short run of `pnpm bench`: every scenario must run to the end without an error (a failed request, a
// crash, a missing figure). Timings are never judged here; the full run on a quiet machine reports them.
describe('pnpm bench --smoke', () => {
  it('runs all eight scenarios without errors and writes every figure with its baseline', async () => {
    const results = join(out, 'results.json');
    const { stdout } = await run(process.execPath, ['run.mjs', '--smoke', '--out', results], {
      cwd: here,
      maxBuffer: 16 << 20,
      timeout: 280_000,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`bench --smoke failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    });
    const json = JSON.parse(readFileSync(results, 'utf8')) as { mode: string; scenarios: Scenario[] };
    expect(json.mode).toBe('smoke');
    expect(json.scenarios.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const scenario of json.scenarios) {
      expect(scenario.error, `scenario ${scenario.id}`).toBeUndefined();
      expect(scenario.rows.length, `scenario ${scenario.id} rows`).toBeGreaterThan(0);
      for (const row of scenario.rows) {
        expect(Number.isFinite(row.value), `${scenario.id} ${row.metric}`).toBe(true);
        if (row.baseline !== undefined) {
          expect(Number.isFinite(row.baseline.value), `${scenario.id} ${row.metric} baseline`).toBe(true);
        }
        if (row.ratio !== undefined) {
          expect(Number.isFinite(row.ratio), `${scenario.id} ${row.metric} ratio`).toBe(true);
        }
      }
    }
    // The table reaches the user too.
    expect(stdout).toMatch(/\| metric\s+\|/);
    for (const scenario of json.scenarios) expect(stdout).toContain(`\n${scenario.id} | `);
  });
});
