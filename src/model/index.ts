export { anyValueToString, anyValueToPlain, findAttribute, stringAttribute } from './any-value.js';
export type { AnyValue, KeyValue, Attributes } from './any-value.js';
export {
  TRACE_ID_BYTES,
  SPAN_ID_BYTES,
  bytesToHex,
  hexToBytes,
  isAllZero,
  isValidTraceId,
  isValidSpanId,
} from './ids.js';
export { SpanKind, SPAN_KIND_NAMES, StatusCode, SERVICE_NAME_KEY, UNKNOWN_SERVICE } from './span.js';
export type { Span, SpanEvent, SpanLink, Resource, InstrumentationScope, SpanKindName } from './span.js';
export { serviceNameOf } from './service.js';
