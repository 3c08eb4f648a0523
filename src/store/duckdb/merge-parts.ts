/**
 * Trace-part rows -> one TraceSummary per trace. A trace written in several
 * batches has several parts; its summary is their sum, with the root taken from
 * the part holding the earliest root span.
 */
import { DuckDBListValue, type DuckDBResultReader } from '@duckdb/node-api';
import { bytesToHex } from '../../model/index.js';
import type { TraceSummary } from '../store.js';
import { bytesOf } from './span-rows.js';

/** Column list for reading parts, in the order mergeParts expects. */
export const PART_SELECT =
  'trace_id, min_start_ns, max_end_ns, span_count, error_count, root_start_ns, root_service, root_name, services, service_counts';

interface Merged {
  traceId: Uint8Array;
  start: bigint;
  end: bigint;
  spanCount: number;
  errorCount: number;
  rootStart: bigint | null;
  rootService: string | undefined;
  rootName: string | undefined;
  services: Map<string, number>;
}

function items(v: unknown): readonly unknown[] {
  return v instanceof DuckDBListValue ? v.items : [];
}

/** Summaries keyed by lowercase hex trace id. */
export function mergeParts(reader: DuckDBResultReader): Map<string, TraceSummary> {
  const merged = new Map<string, Merged>();
  for (const r of reader.getRows()) {
    const traceId = bytesOf(r[0]!);
    const key = bytesToHex(traceId);
    const start = r[1] as bigint;
    const end = r[2] as bigint;
    let m = merged.get(key);
    if (m === undefined) {
      m = { traceId, start, end, spanCount: 0, errorCount: 0, rootStart: null, rootService: undefined, rootName: undefined, services: new Map() };
      merged.set(key, m);
    }
    if (start < m.start) m.start = start;
    if (end > m.end) m.end = end;
    m.spanCount += r[3] as number;
    m.errorCount += r[4] as number;
    const rootStart = r[5] as bigint | null;
    if (rootStart !== null && (m.rootStart === null || rootStart < m.rootStart)) {
      m.rootStart = rootStart;
      m.rootService = r[6] as string;
      m.rootName = r[7] as string;
    }
    const names = items(r[8]);
    const counts = items(r[9]);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      m.services.set(name, (m.services.get(name) ?? 0) + (counts[i] as number));
    }
  }
  const out = new Map<string, TraceSummary>();
  for (const [key, m] of merged) {
    const summary: TraceSummary = {
      traceId: m.traceId,
      startTimeUnixNano: m.start,
      // In JS, not SQL: a bad end before start must give a negative duration, not an overflow error.
      durationNs: m.end - m.start,
      ...(m.rootService !== undefined ? { rootServiceName: m.rootService, rootSpanName: m.rootName } : {}),
      spanCount: m.spanCount,
      errorCount: m.errorCount,
      services: [...m.services.keys()].sort().map((service) => ({ service, spanCount: m.services.get(service) ?? 0 })),
    };
    out.set(key, summary);
  }
  return out;
}
