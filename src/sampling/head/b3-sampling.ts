import type { B3SamplingState } from '../../propagation/span-context.js';

/**
 * A B3 sampling state as a head-sampling decision: Accept and Debug keep the trace
 * (Debug always, "an emphasized accept decision"), Deny drops it, and Defer ("I don't
 * know yet!") leaves the decision to this sampler: undefined.
 * https://github.com/openzipkin/b3-propagation#sampling-state
 */
export function decisionFromB3(state: B3SamplingState): boolean | undefined {
  switch (state) {
    case 'accept':
    case 'debug':
      return true;
    case 'deny':
      return false;
    case 'defer':
      return undefined;
  }
}
