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
export type { LogStore, LogQuery } from './log-store.js';
export { isLogStore } from './log-store.js';
export type { MetricStore, MetricPointQuery } from './metric-store.js';
export { isMetricStore } from './metric-store.js';
