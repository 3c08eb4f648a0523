import type { TraceState } from '../propagation/trace-state.js';
import { otTraceStateOf } from './ot-trace-state.js';
import { randomnessFromTraceId } from './randomness-value.js';

/**
 * R for a trace: the explicit `ot=rv:` value when present and valid, else the trace
 * id's least-significant 56 bits ("samplers SHOULD presume that TraceIDs meet the W3C
 * Trace Context Level 2 randomness requirements, unless an explicit randomness value
 * is present").
 */
export function randomnessOf(traceId: Uint8Array, traceState: TraceState): bigint {
  return otTraceStateOf(traceState).randomness ?? randomnessFromTraceId(traceId);
}
