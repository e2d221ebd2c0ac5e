export {
  defaultPricingTable,
  estimateCost,
  getModelEntry,
  listModelEntries,
  resolveModel,
} from './default-table';
export { MODEL_TABLE } from './model-table';
export { loadPricingFile } from './pricing-file';
export { isPricingFileError, PricingFileError } from './pricing-file-error';
export { PricingTable } from './pricing-table';
export type {
  CostEstimate,
  InferenceProfilePrefix,
  ModelEntry,
  ModelPrice,
  PricingProvider,
  ResolvedModel,
  TokenLimitParam,
  TokenUsage,
} from './types';
