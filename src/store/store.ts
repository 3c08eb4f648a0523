import type { Span, SpanKind, StatusCode } from '../model/index.js';

/**
 * Search conditions, the way Jaeger's search form states them. A trace matches when
 * one of its spans meets every span-level condition (service, operation, kind,
 * attributes, duration, start time).
 */
export interface TraceQuery {
  readonly service?: string;
  readonly operation?: string;
  readonly spanKind?: SpanKind;
  /** Status code of the matching span, e.g. ERROR to find failing traces. */
  readonly statusCode?: StatusCode;
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

/**
 * The waterfall's view of one trace: every span without its attributes, events and
 * links, as parallel columns (entry i of each column is span i), in start-time order
 * with ties broken by span id, the order of getTrace. Columns instead of Span objects,
 * and hex strings instead of byte arrays, because a trace can hold 100,000 spans and
 * this is read to draw it.
 */
export interface TraceOutline {
  readonly traceId: Uint8Array;
  /** The earliest span start, unix ns; every offset counts from it. */
  readonly startTimeUnixNano: bigint;
  /** Lowercase hex. */
  readonly spanIds: readonly string[];
  /** Lowercase hex; '' for a root span. */
  readonly parentSpanIds: readonly string[];
  readonly names: readonly string[];
  readonly services: readonly string[];
  readonly kinds: readonly SpanKind[];
  /** Nanoseconds after startTimeUnixNano; exact below 2^53 ns (104 days). */
  readonly startOffsetsNs: readonly number[];
  /** End minus start in nanoseconds; negative when a span ends before it starts. */
  readonly durationsNs: readonly number[];
  readonly statusCodes: readonly StatusCode[];
  readonly statusMessages: readonly string[];
}

/** Span counts, errors and latency of spans that started in a window. */
export interface SpanStats {
  readonly spanCount: number;
  /** Spans with status ERROR. */
  readonly errorCount: number;
  /** Nearest-rank percentiles of the span durations: the smallest duration with at least p% of the spans at or below it. */
  readonly p50Ns: bigint;
  readonly p95Ns: bigint;
  readonly p99Ns: bigint;
}

export interface OperationStats extends SpanStats {
  /** The span name. */
  readonly operation: string;
}

export interface ServiceStats extends SpanStats {
  readonly service: string;
  /** Sorted by operation. */
  readonly operations: readonly OperationStats[];
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
  /**
   * How many writeSpans calls a writer should keep in flight: more than 1 when the
   * store overlaps one write's commit with the next one's work. Unset means 1.
   */
  readonly concurrentSpanWrites?: number;
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
  /** Summaries of the given traces, keyed by lowercase hex id; unknown ids are left out. */
  getTraceSummaries(traceIds: readonly Uint8Array[]): Promise<Map<string, TraceSummary>>;
  /** The outline of one trace; undefined when the store holds none of its spans. */
  getTraceOutline(traceId: Uint8Array): Promise<TraceOutline | undefined>;
  /** Whole spans of one trace by span id, in start-time order; unknown ids are left out. */
  getSpans(traceId: Uint8Array, spanIds: readonly Uint8Array[]): Promise<Span[]>;
  /**
   * Ids of the spans of one trace whose name, status message, or attribute key or value
   * text (the span's own or its resource's) contains `text`, ignoring case; in start-time order.
   */
  searchTraceSpans(traceId: Uint8Array, text: string): Promise<Uint8Array[]>;
  /** Per service and per operation, over spans that started in [startNs, endNs]; sorted by service. */
  getServiceStats(startNs: bigint, endNs: bigint): Promise<ServiceStats[]>;
  /** Drops spans that started before cutoffNs; returns how many spans it removed. */
  deleteOlderThan(cutoffNs: bigint): Promise<number>;
  /** Idempotent. */
  close(): Promise<void>;
}
