export type {
  Store,
  TraceQuery,
  TraceSummary,
  ServiceSpanCount,
  Operation,
  DependencyLink,
  TraceOutline,
  SpanStats,
  OperationStats,
  ServiceStats,
} from './store.js';
export { traceOutlineOf, traceSummaryOf, spansMatchingText, serviceStatsOf } from './span-views.js';
