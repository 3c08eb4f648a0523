import type { TraceSummary } from '../api/types';
import type { SortKey } from './search-params';

/** A sorted copy; ties keep the server's order (most recent first). */
export function sortSummaries(traces: readonly TraceSummary[], key: SortKey): TraceSummary[] {
  const indexed = traces.map((t, i) => ({ t, i, start: Number(t.startTimeUnixNano) }));
  const by: Record<SortKey, (a: (typeof indexed)[number], b: (typeof indexed)[number]) => number> = {
    recent: (a, b) => b.start - a.start,
    longest: (a, b) => b.t.durationNs - a.t.durationNs,
    spans: (a, b) => b.t.spanCount - a.t.spanCount,
    errors: (a, b) => b.t.errorCount - a.t.errorCount || b.t.durationNs - a.t.durationNs,
  };
  return indexed.sort((a, b) => by[key](a, b) || a.i - b.i).map((x) => x.t);
}
