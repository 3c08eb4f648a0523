/** The JSON the UI reads from the native API (src/query/native) and Jaeger's /api/services. */

export interface ServiceSpanCount {
  readonly service: string;
  readonly spanCount: number;
}

export interface TraceSummary {
  readonly traceId: string;
  /** Decimal unix ns. */
  readonly startTimeUnixNano: string;
  readonly durationNs: number;
  readonly rootServiceName: string | null;
  readonly rootSpanName: string | null;
  readonly spanCount: number;
  readonly errorCount: number;
  readonly services: readonly ServiceSpanCount[];
}

export interface SearchResponse {
  readonly traces: readonly TraceSummary[];
  readonly limit: number;
  readonly window: { readonly startUnixNano: string; readonly endUnixNano: string };
}

/** The compact trace of GET /api/v1/traces/{id} (src/query/native/outline-json.ts). */
export interface CompactTrace {
  readonly format: 1;
  readonly traceId: string;
  readonly startTimeUnixNano: string;
  readonly spanCount: number;
  readonly strings: readonly string[];
  readonly spans: {
    readonly spanId: readonly string[];
    readonly parent: readonly number[];
    readonly service: readonly number[];
    readonly name: readonly number[];
    readonly kind: readonly number[];
    readonly start: readonly number[];
    readonly duration: readonly number[];
    readonly status: readonly number[];
    readonly statusMessage: readonly number[];
  };
  readonly orphans: readonly (readonly [number, string])[];
}

export type TypedValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'int'; readonly value: string }
  | { readonly type: 'double'; readonly value: number | string }
  | { readonly type: 'bytes'; readonly value: string }
  | { readonly type: 'array'; readonly value: readonly TypedValue[] }
  | { readonly type: 'kvlist'; readonly value: readonly TypedAttribute[] }
  | { readonly type: 'empty' };

export interface TypedAttribute {
  readonly key: string;
  readonly value: TypedValue;
}

export interface SpanEvent {
  readonly timeUnixNano: string;
  readonly offsetNs: number;
  readonly name: string;
  readonly attributes: readonly TypedAttribute[];
  readonly droppedAttributesCount: number;
}

export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState: string;
  readonly flags: number;
  readonly attributes: readonly TypedAttribute[];
  readonly droppedAttributesCount: number;
  readonly trace: { readonly rootServiceName: string | null; readonly rootSpanName: string | null; readonly spanCount: number } | null;
}

export interface SpanDetail {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly traceState: string;
  readonly flags: number;
  readonly name: string;
  readonly kind: number;
  readonly kindName: string;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly durationNs: number;
  readonly status: { readonly code: number; readonly message: string };
  readonly attributes: readonly TypedAttribute[];
  readonly droppedAttributesCount: number;
  readonly events: readonly SpanEvent[];
  readonly droppedEventsCount: number;
  readonly links: readonly SpanLink[];
  readonly droppedLinksCount: number;
  readonly resource: { readonly attributes: readonly TypedAttribute[]; readonly droppedAttributesCount: number; readonly schemaUrl: string };
  readonly scope: {
    readonly name: string;
    readonly version: string;
    readonly attributes: readonly TypedAttribute[];
    readonly droppedAttributesCount: number;
    readonly schemaUrl: string;
  };
}

export interface SpanDetailResponse {
  readonly span: SpanDetail;
  /** The span as OTLP/JSON TracesData. */
  readonly otlp: unknown;
}

export interface InTraceSearchResponse {
  readonly spanIds: readonly string[];
  readonly truncated: boolean;
}

export interface SpanStats {
  readonly spanCount: number;
  readonly errorCount: number;
  readonly p50Ns: number;
  readonly p95Ns: number;
  readonly p99Ns: number;
}

export interface OperationStats extends SpanStats {
  readonly operation: string;
}

export interface ServiceStats extends SpanStats {
  readonly service: string;
  readonly operations: readonly OperationStats[];
}

export interface ServiceStatsResponse {
  readonly services: readonly ServiceStats[];
  readonly window: { readonly startUnixNano: string; readonly endUnixNano: string };
}

export interface JaegerOperation {
  readonly name: string;
  readonly spanKind: string;
}
