/**
 * The per-(batch, trace) summary rows, computed in JS while the batch is in
 * memory anyway. findTraces merges a trace's parts (merge-parts.ts); the same
 * rules are restated in SQL where deleteOlderThan rebuilds parts (retention.ts):
 * the root is the earliest-starting span with an empty parent id, errors are
 * status code 2.
 */
import { blobValue, listValue, type DuckDBValue } from '@duckdb/node-api';
import { serviceNameOf, StatusCode, type Resource, type Span } from '../../model/index.js';
import { toUint64 } from './ranges.js';
import { TRACE_PART_COLUMNS, type TracePartColumnName } from './schema.js';

interface PartAccumulator {
  readonly traceId: Uint8Array;
  minStart: bigint;
  maxStart: bigint;
  maxEnd: bigint;
  spanCount: number;
  errorCount: number;
  root: Span | undefined;
  readonly services: Map<string, number>;
}

function traceKey(id: Uint8Array): string {
  // latin1 maps each byte to one char: a cheap exact Map key.
  return Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('latin1');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Groups a batch by trace id. */
function accumulate(spans: readonly Span[]): PartAccumulator[] {
  const byTrace = new Map<string, PartAccumulator>();
  const serviceOf = new Map<Resource, string>();
  // A trace's spans usually arrive together: the previous span's part needs no Map key.
  let last: PartAccumulator | undefined;
  for (const s of spans) {
    let service = serviceOf.get(s.resource);
    if (service === undefined) {
      service = serviceNameOf(s.resource);
      serviceOf.set(s.resource, service);
    }
    const start = toUint64(s.startTimeUnixNano);
    const end = toUint64(s.endTimeUnixNano);
    let p = last !== undefined && sameBytes(last.traceId, s.traceId) ? last : undefined;
    if (p === undefined) {
      const key = traceKey(s.traceId);
      p = byTrace.get(key);
      if (p === undefined) {
        p = { traceId: s.traceId, minStart: start, maxStart: start, maxEnd: end, spanCount: 0, errorCount: 0, root: undefined, services: new Map() };
        byTrace.set(key, p);
      }
      last = p;
    }
    if (start < p.minStart) p.minStart = start;
    if (start > p.maxStart) p.maxStart = start;
    if (end > p.maxEnd) p.maxEnd = end;
    p.spanCount++;
    if (s.statusCode === StatusCode.ERROR) p.errorCount++;
    if (s.parentSpanId.length === 0 && (p.root === undefined || s.startTimeUnixNano < p.root.startTimeUnixNano)) p.root = s;
    p.services.set(service, (p.services.get(service) ?? 0) + 1);
  }
  return [...byTrace.values()];
}

/** Trace-part rows of one batch, in TRACE_PART_COLUMNS order. */
export function encodeTracePartColumns(spans: readonly Span[]): DuckDBValue[][] {
  const parts = accumulate(spans);
  const n = parts.length;
  const c = {} as Record<TracePartColumnName, DuckDBValue[]>;
  for (const col of TRACE_PART_COLUMNS) c[col.name] = new Array<DuckDBValue>(n);
  for (let i = 0; i < n; i++) {
    const p = parts[i]!;
    const services = [...p.services.keys()].sort();
    c.trace_id[i] = blobValue(p.traceId);
    c.min_start_ns[i] = p.minStart;
    c.max_start_ns[i] = p.maxStart;
    c.max_end_ns[i] = p.maxEnd;
    c.span_count[i] = p.spanCount;
    c.error_count[i] = p.errorCount;
    c.root_start_ns[i] = p.root ? toUint64(p.root.startTimeUnixNano) : null;
    c.root_service[i] = p.root ? serviceNameOf(p.root.resource) : null;
    c.root_name[i] = p.root ? p.root.name : null;
    c.services[i] = listValue(services);
    c.service_counts[i] = listValue(services.map((s) => p.services.get(s) ?? 0));
  }
  return TRACE_PART_COLUMNS.map((col) => c[col.name]);
}
