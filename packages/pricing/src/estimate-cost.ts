import type { CostEstimate, ModelPrice, ResolvedModel, TokenUsage } from './types';

const TOKENS_PER_PRICE_UNIT = 1_000_000;
// Round to 1e-8 USD: far below a cent, and it hides float noise such as 0.30000000000000004.
const ROUNDING = 1e8;

function assertTokenCount(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(value)}`);
  }
}

/** Throws RangeError for NaN, infinite or negative counts, and for cachedInputTokens > inputTokens. */
export function validateTokenUsage(usage: TokenUsage): void {
  assertTokenCount('inputTokens', usage.inputTokens);
  assertTokenCount('outputTokens', usage.outputTokens);
  if (usage.cachedInputTokens !== undefined) {
    assertTokenCount('cachedInputTokens', usage.cachedInputTokens);
    if (usage.cachedInputTokens > usage.inputTokens) {
      throw new RangeError(
        `cachedInputTokens (${usage.cachedInputTokens}) is a subset of inputTokens (${usage.inputTokens}) and cannot exceed it`,
      );
    }
  }
}

/** The price that applies to a resolved model: `global.` profiles use globalPrice where Bedrock prices them differently. */
export function priceFor(resolved: ResolvedModel): ModelPrice {
  if (resolved.profile === 'global' && resolved.entry.globalPrice) return resolved.entry.globalPrice;
  return resolved.entry.price;
}

/** Cost of one call. cachedInputTokens are part of inputTokens and billed at cachedInput (input price when none is listed). */
export function costOf(price: ModelPrice, usage: TokenUsage): CostEstimate {
  validateTokenUsage(usage);
  const cached = usage.cachedInputTokens ?? 0;
  const uncached = usage.inputTokens - cached;
  const micro =
    uncached * price.input + cached * (price.cachedInput ?? price.input) + usage.outputTokens * price.output;
  const usd = Math.max(0, Math.round((micro / TOKENS_PER_PRICE_UNIT) * ROUNDING) / ROUNDING);
  return { usd, priced: true };
}
