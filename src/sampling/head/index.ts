export { decisionFromB3 } from './b3-sampling.js';
export {
  ConsistentProbabilitySampler,
  validateConsistentProbabilitySamplerConfig,
} from './consistent-probability-sampler.js';
export type {
  ConsistentProbabilitySamplerConfig,
  SamplingBasis,
  SamplingParams,
  SamplingResult,
} from './consistent-probability-sampler.js';
