export { headerGetter, recordSetter } from './headers.js';
export type { HeaderGetter, HeaderRecord, HeaderSetter, Headers, HeaderValue } from './headers.js';
export { TRACE_FLAG_SAMPLED, isSampled, samplingStateOf } from './span-context.js';
export type { B3SamplingState, SpanContext } from './span-context.js';
export {
  MAX_TRACE_STATE_MEMBERS,
  TraceState,
  isValidTraceStateKey,
  isValidTraceStateValue,
} from './trace-state.js';
export { formatTraceparent, parseTraceparent } from './traceparent.js';
export type { Traceparent } from './traceparent.js';
export {
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
  extractTraceContext,
  injectTraceContext,
} from './trace-context.js';
export { Baggage, isValidBaggageKey } from './baggage.js';
export type { BaggageEntry, BaggageProperty } from './baggage.js';
export {
  BAGGAGE_HEADER,
  MAX_BAGGAGE_BYTES,
  MAX_BAGGAGE_MEMBERS,
  formatBaggage,
  parseBaggage,
  percentDecode,
  percentEncode,
} from './baggage-header.js';
export type { FormattedBaggage, ParsedBaggage } from './baggage-header.js';
export type { B3Extraction } from './b3-context.js';
export {
  B3_HEADER,
  extractB3Single,
  formatB3Single,
  injectB3Single,
  parseB3Single,
} from './b3-single.js';
export {
  X_B3_FLAGS,
  X_B3_PARENT_SPAN_ID,
  X_B3_SAMPLED,
  X_B3_SPAN_ID,
  X_B3_TRACE_ID,
  extractB3Multi,
  injectB3Multi,
} from './b3-multi.js';
export {
  DEFAULT_EXTRACT,
  DEFAULT_INJECT,
  PROPAGATOR_NAMES,
  createPropagator,
  isPropagatorName,
  propagatorNamesFromList,
  validatePropagatorConfig,
} from './composite-propagator.js';
export type {
  Extracted,
  Injected,
  PropagationContext,
  Propagator,
  PropagatorConfig,
  PropagatorName,
} from './composite-propagator.js';
export { PropagatorConfigError } from './errors.js';
export { randomSpanId, randomTraceId } from './id-generator.js';
