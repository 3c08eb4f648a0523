import type { Span, SpanKind } from '../model/index.js';

/**
 * Search conditions, the way Jaeger's search form states them. A trace matches when
 * one of its spans meets every span-level condition (service, operation, kind,
 * attributes, duration, start time).
 */
export interface TraceQuery {
  readonly service?: string;
  readonly operation?: string;
  readonly spanKind?: SpanKind;
  /** key -> value compared with the value's text form; span and resource attributes. */
  readonly attributes?: ReadonlyMap<string, string>;
  readonly minDurationNs?: bigint;
  readonly maxDurationNs?: bigint;
  /** Span start time window, unix ns, inclusive. */
  readonly startTimeMinNs?: bigint;
  readonly startTimeMaxNs?: bigint;
  /** At most this many traces, most recent first. */
  readonly limit: number;
}

export interface ServiceSpanCount {
  readonly service: string;
  readonly spanCount: number;
}

/** What search shows of a trace without reading its spans. */
export interface TraceSummary {
  readonly traceId: Uint8Array;
  readonly startTimeUnixNano: bigint;
  readonly durationNs: bigint;
  /** Undefined while the root span has not arrived. */
  readonly rootServiceName?: string;
  readonly rootSpanName?: string;
  readonly spanCount: number;
  readonly errorCount: number;
  readonly services: readonly ServiceSpanCount[];
}

export interface Operation {
  readonly name: string;
  readonly spanKind: SpanKind;
}

export interface DependencyLink {
  readonly parent: string;
  readonly child: string;
  readonly callCount: number;
}

/**
 * The storage contract. Every backend passes test/store/conformance.ts.
 * Ids are raw bytes; times are unix nanoseconds as bigint.
 */
export interface Store {
  /** Resolves only once the spans are durable (a crash after it loses none). */
  writeSpans(spans: readonly Span[]): Promise<void>;
  /** All stored spans of one trace, in start-time order; empty when unknown. */
  getTrace(traceId: Uint8Array): Promise<Span[]>;
  /** Several traces at once, keyed by lowercase hex trace id. */
  getTraces(traceIds: readonly Uint8Array[]): Promise<Map<string, Span[]>>;
  /** Summaries of matching traces, most recent (latest span start) first. */
  findTraces(query: TraceQuery): Promise<TraceSummary[]>;
  /** Service names, sorted. */
  getServices(): Promise<string[]>;
  /** Span names of a service with their kinds, sorted by name then kind. */
  getOperations(service: string, spanKind?: SpanKind): Promise<Operation[]>;
  /** Parent service -> child service call counts for spans starting in [endNs - lookbackNs, endNs]. */
  getDependencies(endNs: bigint, lookbackNs: bigint): Promise<DependencyLink[]>;
  /** Drops spans that started before cutoffNs; returns how many spans it removed. */
  deleteOlderThan(cutoffNs: bigint): Promise<number>;
  /** Idempotent. */
  close(): Promise<void>;
}
