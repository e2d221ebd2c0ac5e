import type { LedgerRecord, LedgerStats, ModelStats } from './types';

/**
 * Processing-time histogram: bucket 0 holds [0, 1) ms; bucket k ≥ 1 holds
 * [2^((k-1)/8), 2^(k/8)) ms. Eight buckets per doubling make each bucket ≈ 9.05 % wide, so the
 * reported p95 (the geometric middle of its bucket, clamped to the observed min/max) is within
 * ≈ ±4.4 % of the true nearest-rank p95 for values ≥ 1 ms. 200 buckets reach 2^(199/8) ms ≈ 9.8 h;
 * anything slower lands in the last bucket.
 */
export const HISTOGRAM_BUCKETS_PER_DOUBLING = 8;
export const HISTOGRAM_BUCKET_COUNT = 200;

/** Exported for tests and the README's error bound. */
export function histogramBucket(processingMs: number): number {
  if (!(processingMs >= 1)) return 0; // also catches NaN and negatives
  const k = Math.floor(Math.log2(processingMs) * HISTOGRAM_BUCKETS_PER_DOUBLING) + 1;
  return Math.min(k, HISTOGRAM_BUCKET_COUNT - 1);
}

function bucketMiddle(bucket: number): number {
  if (bucket === 0) return 0.5;
  return 2 ** ((bucket - 0.5) / HISTOGRAM_BUCKETS_PER_DOUBLING);
}

/** Statuses that count as failures in `errors`. `aborted` is the caller's own cancellation, not a failure. */
export function isErrorStatus(status: LedgerRecord['status']): boolean {
  return status === 'error' || status === 'timeout' || status === 'incomplete';
}

/** The serialisable state behind LedgerStats; persisted in the file backend's snapshot. */
export interface StatsState {
  totalRequests: number;
  successfulRequests: number;
  errors: number;
  streamedRequests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  unpricedRequests: number;
  processingMsSum: number;
  processingMsMin: number;
  processingMsMax: number;
  histogram: number[];
  byModel: Record<string, ModelStats>;
}

export function emptyStatsState(): StatsState {
  return {
    totalRequests: 0,
    successfulRequests: 0,
    errors: 0,
    streamedRequests: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    unpricedRequests: 0,
    processingMsSum: 0,
    processingMsMin: Number.POSITIVE_INFINITY,
    processingMsMax: 0,
    histogram: new Array<number>(HISTOGRAM_BUCKET_COUNT).fill(0),
    byModel: {},
  };
}

/** Checks a state read back from disk; returns undefined when it does not look like ours. */
export function parseStatsState(value: unknown): StatsState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const state = value as Partial<StatsState>;
  if (
    typeof state.totalRequests !== 'number' ||
    !Array.isArray(state.histogram) ||
    state.histogram.length !== HISTOGRAM_BUCKET_COUNT ||
    typeof state.byModel !== 'object' ||
    state.byModel === null
  ) {
    return undefined;
  }
  // JSON cannot hold Infinity; an empty ledger stores min as null.
  const min = typeof state.processingMsMin === 'number' ? state.processingMsMin : Number.POSITIVE_INFINITY;
  return { ...emptyStatsState(), ...state, processingMsMin: min } as StatsState;
}

export function addToStats(state: StatsState, record: LedgerRecord): void {
  const input = record.inputTokens ?? 0;
  const output = record.outputTokens ?? 0;
  const failed = isErrorStatus(record.status);
  state.totalRequests += 1;
  if (record.status === 'success') state.successfulRequests += 1;
  if (failed) state.errors += 1;
  if (record.streamed) state.streamedRequests += 1;
  if (!record.priced) state.unpricedRequests += 1;
  state.inputTokens += input;
  state.outputTokens += output;
  state.costUsd += record.costUsd;
  const ms = Number.isFinite(record.processingMs) ? Math.max(0, record.processingMs) : 0;
  state.processingMsSum += ms;
  if (ms < state.processingMsMin) state.processingMsMin = ms;
  if (ms > state.processingMsMax) state.processingMsMax = ms;
  const bucket = histogramBucket(ms);
  state.histogram[bucket] = (state.histogram[bucket] ?? 0) + 1;

  let model = state.byModel[record.model];
  if (model === undefined) {
    model = { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0 };
    state.byModel[record.model] = model;
  }
  model.requests += 1;
  if (failed) model.errors += 1;
  model.inputTokens += input;
  model.outputTokens += output;
  model.totalTokens += input + output;
  model.costUsd += record.costUsd;
}

/** Nearest-rank p95 from the histogram; O(buckets), no scan of the records. */
function p95FromHistogram(state: StatsState): number {
  if (state.totalRequests === 0) return 0;
  const rank = Math.ceil(state.totalRequests * 0.95);
  let seen = 0;
  for (let bucket = 0; bucket < state.histogram.length; bucket++) {
    seen += state.histogram[bucket] ?? 0;
    if (seen >= rank) {
      return Math.min(state.processingMsMax, Math.max(state.processingMsMin, bucketMiddle(bucket)));
    }
  }
  return state.processingMsMax;
}

export function statsFromState(state: StatsState): LedgerStats {
  const byModel: Record<string, ModelStats> = {};
  for (const [name, model] of Object.entries(state.byModel)) byModel[name] = { ...model };
  return {
    totalRequests: state.totalRequests,
    successfulRequests: state.successfulRequests,
    errors: state.errors,
    streamedRequests: state.streamedRequests,
    inputTokens: state.inputTokens,
    outputTokens: state.outputTokens,
    totalTokens: state.inputTokens + state.outputTokens,
    costUsd: state.costUsd,
    unpricedRequests: state.unpricedRequests,
    averageProcessingMs: state.totalRequests === 0 ? 0 : state.processingMsSum / state.totalRequests,
    p95ProcessingMs: p95FromHistogram(state),
    byModel,
  };
}
