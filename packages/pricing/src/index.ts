// PUBLIC SURFACE (pinned by the lead; implementation to be written). Keep these names.
// export { estimateCost, resolveModel, listModelEntries, getModelEntry, PricingTable, defaultPricingTable,
//          loadPricingFile, PricingFileError, MODEL_TABLE } from './...';
// export type { ModelEntry, ModelPrice, CostEstimate, TokenUsage, ResolvedModel, PricingProvider,
//               TokenLimitParam, InferenceProfilePrefix } from './types';
export {};
