import { describe, expect, it } from 'vitest';
import { runToExit, SOAK_SCRIPT } from './helpers';

describe('soak (15-second version of `pnpm soak`)', () => {
  it('50 clients for 15 s: 0 errors, ledger = successes, RSS within 20%, one summary line, exit 0', async () => {
    const run = await runToExit([SOAK_SCRIPT, '--duration', '15', '--clients', '50'], {}, 90_000);
    const lines = run.output.trim().split('\n');
    expect(run.code, run.output).toBe(0);
    expect(lines).toHaveLength(1);
    const match =
      /^soak: \d+s 50 clients (\d+) requests \((\d+) process, (\d+) stream\) 0 errors ledger=(\d+) rss /.exec(
        lines[0] ?? '',
      );
    expect(match, lines[0]).not.toBeNull();
    const [, total, processed, streamed, ledger] = match ?? [];
    expect(Number(total)).toBeGreaterThan(0);
    expect(Number(processed) + Number(streamed)).toBe(Number(total));
    expect(Number(ledger)).toBe(Number(total));
  }, 120_000);
});
