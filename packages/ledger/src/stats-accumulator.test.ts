import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeRecord } from './record';
import {
  addToStats,
  emptyStatsState,
  histogramBucket,
  parseStatsState,
  statsFromState,
} from './stats-accumulator';
import { exchange } from './test-records';

function statsOf(times: number[]) {
  const state = emptyStatsState();
  for (const processingMs of times)
    addToStats(
      state,
      completeRecord(exchange({ processingMs }), () => new Date()),
    );
  return { state, stats: statsFromState(state) };
}

function exactP95(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.95) - 1]!;
}

describe('stats accumulator', () => {
  it('p95 from the histogram is within 4.5 % of the exact nearest-rank p95 (README error bound)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 3_600_000, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (times) => {
          const exact = exactP95(times);
          const { stats } = statsOf(times);
          expect(Math.abs(stats.p95ProcessingMs - exact) / exact).toBeLessThanOrEqual(0.045);
        },
      ),
    );
  });

  it('never reports a p95 outside the observed range', () => {
    expect(statsOf([7, 7, 7]).stats.p95ProcessingMs).toBe(7);
    expect(statsOf([0, 0]).stats.p95ProcessingMs).toBe(0);
  });

  it('puts sub-millisecond, huge and invalid times in the edge buckets', () => {
    expect(histogramBucket(0.3)).toBe(0);
    expect(histogramBucket(Number.NaN)).toBe(0);
    expect(histogramBucket(1e12)).toBe(199);
  });

  it('survives a JSON round trip (the snapshot format), including an empty state', () => {
    const empty = emptyStatsState();
    expect(statsFromState(parseStatsState(JSON.parse(JSON.stringify(empty)))!)).toEqual(
      statsFromState(empty),
    );
    const { state, stats } = statsOf([1, 5, 50, 500]);
    expect(statsFromState(parseStatsState(JSON.parse(JSON.stringify(state)))!)).toEqual(stats);
    expect(parseStatsState({ totalRequests: 1 })).toBeUndefined();
  });
});
