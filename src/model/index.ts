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
export { SEVERITY_NAMES, SEVERITY_ERROR, severityFloor } from './log-record.js';
export type { LogRecord, SeverityName } from './log-record.js';
export { Temporality } from './metric-point.js';
export type { MetricPoint, MetricPointData, MetricType, NumberValue, ExponentialBuckets, ValueAtQuantile } from './metric-point.js';
export { IDENTITY_KEYS, resourceIdentityOf, resourceIdentityOfAttributes, identityKey, splitResourceFilter } from './resource-identity.js';
export type { ResourceIdentity } from './resource-identity.js';
