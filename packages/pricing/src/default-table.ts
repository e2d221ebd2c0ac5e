import { MODEL_TABLE } from './model-table';
import { PricingTable } from './pricing-table';
import type { CostEstimate, ModelEntry, PricingProvider, ResolvedModel, TokenUsage } from './types';

/** The table built from MODEL_TABLE; the module-level functions below delegate to it. */
export const defaultPricingTable: PricingTable = new PricingTable(MODEL_TABLE);

/** USD cost of a call on the default table; unknown model → `{usd: 0, priced: false}`. */
export function estimateCost(model: string, usage: TokenUsage): CostEstimate {
  return defaultPricingTable.estimateCost(model, usage);
}

/** Canonical row for an id, alias, OpenAI snapshot or Bedrock inference-profile id; undefined when unknown. */
export function resolveModel(id: string): ResolvedModel | undefined {
  return defaultPricingTable.resolve(id);
}

/** Rows of the default table, optionally one provider's. */
export function listModelEntries(provider?: PricingProvider): readonly ModelEntry[] {
  return defaultPricingTable.list(provider);
}

/** Row for a canonical id or alias of the default table. */
export function getModelEntry(id: string): ModelEntry | undefined {
  return defaultPricingTable.get(id);
}
