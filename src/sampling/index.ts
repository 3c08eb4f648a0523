export {
  ALWAYS_SAMPLE_THRESHOLD,
  DEFAULT_THRESHOLD_PRECISION,
  MAX_ADJUSTED_COUNT,
  MIN_SAMPLING_PROBABILITY,
  NEVER_SAMPLE_THRESHOLD,
  adjustedCountFromThreshold,
  formatThreshold,
  keeps,
  parseThreshold,
  probabilityFromThreshold,
  thresholdFromProbability,
} from './threshold.js';
export { formatRandomness, parseRandomness, randomnessFromTraceId } from './randomness-value.js';
export { randomnessOf } from './randomness.js';
export {
  EMPTY_OT_TRACE_STATE,
  MAX_OT_VALUE_LENGTH,
  OT_TRACE_STATE_KEY,
  formatOtValue,
  otTraceStateOf,
  parseOtValue,
  withOtTraceState,
} from './ot-trace-state.js';
export type { OtTraceState } from './ot-trace-state.js';
export {
  ConsistentProbabilitySampler,
  decisionFromB3,
  validateConsistentProbabilitySamplerConfig,
} from './head/index.js';
export type {
  ConsistentProbabilitySamplerConfig,
  SamplingBasis,
  SamplingParams,
  SamplingResult,
} from './head/index.js';
