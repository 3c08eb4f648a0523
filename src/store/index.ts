export type {
  Store,
  TraceQuery,
  TraceSummary,
  ServiceSpanCount,
  Operation,
  DependencyLink,
} from './store.js';
