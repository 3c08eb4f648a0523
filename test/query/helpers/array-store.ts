/**
 * TEST DOUBLE for the query HTTP layer only: a Store over plain arrays, so route tests
 * exercise parameters, envelopes and streaming without a database. It is not a storage
 * backend and does not run the Store conformance suite; the DuckDB route test covers that.
 */
import { anyValueToString, bytesToHex, serviceNameOf, type Span, type SpanKind } from '../../../src/model/index.js';
import type { DependencyLink, Operation, ServiceStats, Store, TraceOutline, TraceQuery, TraceSummary } from '../../../src/store/index.js';
import { serviceStatsOf, spansMatchingText, traceOutlineOf, traceSummaryOf } from '../../../src/store/span-views.js';

export class ArrayStore implements Store {
  readonly spans: Span[] = [];
  /** Every query findTraces received, for assertions on parameter parsing. */
  readonly queries: TraceQuery[] = [];
  /** Every getOperations call. */
  readonly operationCalls: { service: string; spanKind?: SpanKind }[] = [];
  /** Every getDependencies call. */
  readonly dependencyCalls: { endNs: bigint; lookbackNs: bigint }[] = [];
  /** When set, every read fails with it (store-failure tests). */
  failWith: Error | undefined;
  /** Extra links returned by getDependencies, to test merging. */
  dependencyLinks: DependencyLink[] = [];

  constructor(spans: readonly Span[] = []) {
    this.spans.push(...spans);
  }

  private check(): void {
    if (this.failWith !== undefined) throw this.failWith;
  }

  async writeSpans(spans: readonly Span[]): Promise<void> {
    this.spans.push(...spans);
  }

  private traceSpans(hex: string): Span[] {
    return this.spans
      .filter((s) => bytesToHex(s.traceId) === hex)
      .sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : 0));
  }

  async getTrace(traceId: Uint8Array): Promise<Span[]> {
    this.check();
    return this.traceSpans(bytesToHex(traceId));
  }

  async getTraces(traceIds: readonly Uint8Array[]): Promise<Map<string, Span[]>> {
    this.check();
    const out = new Map<string, Span[]>();
    for (const id of traceIds) {
      const spans = this.traceSpans(bytesToHex(id));
      if (spans.length > 0) out.set(bytesToHex(id), spans);
    }
    return out;
  }

  private matches(s: Span, q: TraceQuery): boolean {
    const duration = s.endTimeUnixNano - s.startTimeUnixNano;
    if (q.service !== undefined && serviceNameOf(s.resource) !== q.service) return false;
    if (q.operation !== undefined && s.name !== q.operation) return false;
    if (q.spanKind !== undefined && s.kind !== q.spanKind) return false;
    if (q.statusCode !== undefined && s.statusCode !== q.statusCode) return false;
    if (q.minDurationNs !== undefined && duration < q.minDurationNs) return false;
    if (q.maxDurationNs !== undefined && duration > q.maxDurationNs) return false;
    if (q.startTimeMinNs !== undefined && s.startTimeUnixNano < q.startTimeMinNs) return false;
    if (q.startTimeMaxNs !== undefined && s.startTimeUnixNano > q.startTimeMaxNs) return false;
    for (const [k, v] of q.attributes ?? []) {
      const found = [...s.attributes, ...s.resource.attributes].find((kv) => kv.key === k);
      if (found === undefined || anyValueToString(found.value) !== v) return false;
    }
    return true;
  }

  async findTraces(query: TraceQuery): Promise<TraceSummary[]> {
    this.check();
    this.queries.push(query);
    const hits = new Set(this.spans.filter((s) => this.matches(s, query)).map((s) => bytesToHex(s.traceId)));
    const summaries: (TraceSummary & { latest: bigint })[] = [];
    for (const hex of hits) {
      const spans = this.traceSpans(hex);
      const first = spans[0]!;
      const start = first.startTimeUnixNano;
      const end = spans.reduce((m, s) => (s.endTimeUnixNano > m ? s.endTimeUnixNano : m), 0n);
      const latest = spans.reduce((m, s) => (s.startTimeUnixNano > m ? s.startTimeUnixNano : m), 0n);
      summaries.push({
        traceId: first.traceId,
        startTimeUnixNano: start,
        durationNs: end - start,
        spanCount: spans.length,
        errorCount: spans.filter((s) => s.statusCode === 2).length,
        services: [],
        latest,
      });
    }
    summaries.sort((a, b) => (a.latest > b.latest ? -1 : a.latest < b.latest ? 1 : 0));
    return summaries.slice(0, query.limit).map(({ latest: _, ...s }) => s);
  }

  async getServices(): Promise<string[]> {
    this.check();
    return [...new Set(this.spans.map((s) => serviceNameOf(s.resource)))].sort();
  }

  async getOperations(service: string, spanKind?: SpanKind): Promise<Operation[]> {
    this.check();
    this.operationCalls.push(spanKind === undefined ? { service } : { service, spanKind });
    const seen = new Map<string, Operation>();
    for (const s of this.spans) {
      if (serviceNameOf(s.resource) !== service) continue;
      if (spanKind !== undefined && s.kind !== spanKind) continue;
      seen.set(`${s.name}\u0000${s.kind}`, { name: s.name, spanKind: s.kind });
    }
    return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.spanKind - b.spanKind));
  }

  async getDependencies(endNs: bigint, lookbackNs: bigint): Promise<DependencyLink[]> {
    this.check();
    this.dependencyCalls.push({ endNs, lookbackNs });
    const byId = new Map(this.spans.map((s) => [bytesToHex(s.spanId), s]));
    const counts = new Map<string, DependencyLink>();
    for (const s of this.spans) {
      if (s.startTimeUnixNano < endNs - lookbackNs || s.startTimeUnixNano > endNs) continue;
      const parent = byId.get(bytesToHex(s.parentSpanId));
      if (parent === undefined) continue;
      const p = serviceNameOf(parent.resource);
      const c = serviceNameOf(s.resource);
      if (p === c) continue;
      const key = `${p}\u0000${c}`;
      const prev = counts.get(key);
      counts.set(key, { parent: p, child: c, callCount: (prev?.callCount ?? 0) + 1 });
    }
    return [...counts.values(), ...this.dependencyLinks];
  }

  async getTraceSummaries(traceIds: readonly Uint8Array[]): Promise<Map<string, TraceSummary>> {
    this.check();
    const out = new Map<string, TraceSummary>();
    for (const id of traceIds) {
      const summary = traceSummaryOf(this.traceSpans(bytesToHex(id)));
      if (summary !== undefined) out.set(bytesToHex(id), summary);
    }
    return out;
  }

  async getTraceOutline(traceId: Uint8Array): Promise<TraceOutline | undefined> {
    this.check();
    return traceOutlineOf(traceId, this.traceSpans(bytesToHex(traceId)));
  }

  async getSpans(traceId: Uint8Array, spanIds: readonly Uint8Array[]): Promise<Span[]> {
    this.check();
    const wanted = new Set(spanIds.map(bytesToHex));
    return this.traceSpans(bytesToHex(traceId)).filter((s) => wanted.has(bytesToHex(s.spanId)));
  }

  async searchTraceSpans(traceId: Uint8Array, text: string): Promise<Uint8Array[]> {
    this.check();
    return spansMatchingText(this.traceSpans(bytesToHex(traceId)), text).map((s) => s.spanId);
  }

  async getServiceStats(startNs: bigint, endNs: bigint): Promise<ServiceStats[]> {
    this.check();
    return serviceStatsOf(this.spans, startNs, endNs);
  }

  async deleteOlderThan(cutoffNs: bigint): Promise<number> {
    const before = this.spans.length;
    const keep = this.spans.filter((s) => s.startTimeUnixNano >= cutoffNs);
    this.spans.length = 0;
    this.spans.push(...keep);
    return before - keep.length;
  }

  async close(): Promise<void> {}
}
