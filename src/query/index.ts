export { createQueryRouter } from './router.js';
export type { QueryRouter, QueryRouterOptions } from './router.js';
export {
  QueryError,
  QueryParamError,
  TraceNotFoundError,
  RouteNotFoundError,
  MethodNotAllowedError,
  QueryStoreError,
} from './errors.js';
export type { ParseResult } from './errors.js';
export { parseGoDuration } from './duration.js';
export { parseRfc3339Nano } from './rfc3339.js';
export { parseTraceIdText, jaegerSpanKindName } from './params.js';
export {
  spansToJaegerTrace,
  spanToJaegerSpan,
  buildJaegerProcesses,
  formatJaegerTraceId,
  formatJaegerSpanId,
  attributeToJaegerTag,
} from './jaeger/to-jaeger.js';
export type {
  JaegerTrace,
  JaegerSpan,
  JaegerKeyValue,
  JaegerLog,
  JaegerReference,
  JaegerProcess,
  JaegerOperation,
  JaegerDependencyLink,
  JaegerError,
  JaegerResponse,
} from './jaeger/types.js';
