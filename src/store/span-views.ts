/**
 * The UI's read methods of the Store (getTraceOutline, getTraceSummaries,
 * searchTraceSpans, getServiceStats) computed from whole spans in memory. They define
 * what those methods answer in the plainest terms; a backend can delegate to them
 * until it has a query of its own (the DuckDB store has; the conformance suite holds
 * both to the same answers). Pure; no recursion; Map indexes, no search in loops.
 */
import { anyValueToString, bytesToHex, serviceNameOf, StatusCode, type Span } from '../model/index.js';
import type { OperationStats, ServiceStats, SpanStats, TraceOutline, TraceSummary } from './store.js';

const byStart = (a: Span, b: Span): number =>
  a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : bytesToHex(a.spanId) < bytesToHex(b.spanId) ? -1 : 1;

/** The outline of one trace's spans (any order); undefined for none. */
export function traceOutlineOf(traceId: Uint8Array, spans: readonly Span[]): TraceOutline | undefined {
  if (spans.length === 0) return undefined;
  const sorted = [...spans].sort(byStart);
  const t0 = sorted[0]!.startTimeUnixNano;
  return {
    traceId,
    startTimeUnixNano: t0,
    spanIds: sorted.map((s) => bytesToHex(s.spanId)),
    parentSpanIds: sorted.map((s) => bytesToHex(s.parentSpanId)),
    names: sorted.map((s) => s.name),
    services: sorted.map((s) => serviceNameOf(s.resource)),
    kinds: sorted.map((s) => s.kind),
    startOffsetsNs: sorted.map((s) => Number(s.startTimeUnixNano - t0)),
    durationsNs: sorted.map((s) => Number(s.endTimeUnixNano - s.startTimeUnixNano)),
    statusCodes: sorted.map((s) => s.statusCode),
    statusMessages: sorted.map((s) => s.statusMessage),
  };
}

/** The summary of one trace's spans (any order), as findTraces gives it; undefined for none. */
export function traceSummaryOf(spans: readonly Span[]): TraceSummary | undefined {
  const first = spans[0];
  if (first === undefined) return undefined;
  let start = first.startTimeUnixNano;
  let end = first.endTimeUnixNano;
  let root: Span | undefined;
  let errors = 0;
  const counts = new Map<string, number>();
  for (const s of spans) {
    if (s.startTimeUnixNano < start) start = s.startTimeUnixNano;
    if (s.endTimeUnixNano > end) end = s.endTimeUnixNano;
    if (s.parentSpanId.length === 0 && (root === undefined || s.startTimeUnixNano < root.startTimeUnixNano)) root = s;
    if (s.statusCode === StatusCode.ERROR) errors++;
    const service = serviceNameOf(s.resource);
    counts.set(service, (counts.get(service) ?? 0) + 1);
  }
  return {
    traceId: first.traceId,
    startTimeUnixNano: start,
    durationNs: end - start,
    ...(root !== undefined ? { rootServiceName: serviceNameOf(root.resource), rootSpanName: root.name } : {}),
    spanCount: spans.length,
    errorCount: errors,
    services: [...counts.keys()].sort().map((service) => ({ service, spanCount: counts.get(service) ?? 0 })),
  };
}

/** Spans whose name, status message, or a key or value text of their own or their resource's attributes contains `text`, ignoring case. */
export function spansMatchingText(spans: readonly Span[], text: string): Span[] {
  if (text === '') return [];
  const needle = text.toLowerCase();
  const has = (t: string): boolean => t.toLowerCase().includes(needle);
  return [...spans]
    .sort(byStart)
    .filter((s) => has(s.name) || has(s.statusMessage) || [...s.attributes, ...s.resource.attributes].some((kv) => has(kv.key) || has(anyValueToString(kv.value))));
}

function spanStats(durations: bigint[], errors: number): SpanStats {
  durations.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // Nearest rank: the ceil(p * n)-th smallest.
  const rank = (p: number): bigint => durations[Math.max(0, Math.ceil(p * durations.length) - 1)] ?? 0n;
  return { spanCount: durations.length, errorCount: errors, p50Ns: rank(0.5), p95Ns: rank(0.95), p99Ns: rank(0.99) };
}

/** getServiceStats over spans in memory: those that started in [startNs, endNs]. */
export function serviceStatsOf(spans: readonly Span[], startNs: bigint, endNs: bigint): ServiceStats[] {
  interface Acc {
    durations: bigint[];
    errors: number;
  }
  const services = new Map<string, { all: Acc; ops: Map<string, Acc> }>();
  for (const s of spans) {
    if (s.startTimeUnixNano < startNs || s.startTimeUnixNano > endNs) continue;
    const name = serviceNameOf(s.resource);
    let svc = services.get(name);
    if (svc === undefined) {
      svc = { all: { durations: [], errors: 0 }, ops: new Map() };
      services.set(name, svc);
    }
    let op = svc.ops.get(s.name);
    if (op === undefined) {
      op = { durations: [], errors: 0 };
      svc.ops.set(s.name, op);
    }
    const d = s.endTimeUnixNano - s.startTimeUnixNano;
    const failed = s.statusCode === StatusCode.ERROR ? 1 : 0;
    svc.all.durations.push(d);
    svc.all.errors += failed;
    op.durations.push(d);
    op.errors += failed;
  }
  const out: ServiceStats[] = [];
  for (const service of [...services.keys()].sort()) {
    const svc = services.get(service)!;
    const operations: OperationStats[] = [...svc.ops.keys()].sort().map((operation) => {
      const op = svc.ops.get(operation)!;
      return { operation, ...spanStats(op.durations, op.errors) };
    });
    out.push({ service, ...spanStats(svc.all.durations, svc.all.errors), operations });
  }
  return out;
}
