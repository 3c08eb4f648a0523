/** One whole span for the UI's detail panel (`GET /api/v1/traces/{id}/spans/{spanId}`). */
import { bytesToHex, SPAN_KIND_NAMES, type Span } from '../../model/index.js';
import type { TraceSummary } from '../../store/index.js';
import { typedAttributes, type TypedAttribute } from './json-values.js';

export interface LinkedTraceJson {
  readonly rootServiceName: string | null;
  readonly rootSpanName: string | null;
  readonly spanCount: number;
}

export interface SpanDetailJson {
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
  readonly events: readonly {
    readonly timeUnixNano: string;
    /** Nanoseconds after the span's start; negative when the event came before it. */
    readonly offsetNs: number;
    readonly name: string;
    readonly attributes: readonly TypedAttribute[];
    readonly droppedAttributesCount: number;
  }[];
  readonly droppedEventsCount: number;
  readonly links: readonly {
    readonly traceId: string;
    readonly spanId: string;
    readonly traceState: string;
    readonly flags: number;
    readonly attributes: readonly TypedAttribute[];
    readonly droppedAttributesCount: number;
    /** The linked trace's summary when the store holds it, else null. */
    readonly trace: LinkedTraceJson | null;
  }[];
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

/** `linked` maps lowercase hex trace ids to the summaries of linked traces the store holds. */
export function spanDetailJson(s: Span, linked: ReadonlyMap<string, TraceSummary>): SpanDetailJson {
  return {
    traceId: bytesToHex(s.traceId),
    spanId: bytesToHex(s.spanId),
    parentSpanId: bytesToHex(s.parentSpanId),
    traceState: s.traceState,
    flags: s.flags,
    name: s.name,
    kind: s.kind,
    kindName: SPAN_KIND_NAMES[s.kind] ?? `kind ${s.kind}`,
    startTimeUnixNano: s.startTimeUnixNano.toString(),
    endTimeUnixNano: s.endTimeUnixNano.toString(),
    durationNs: Number(s.endTimeUnixNano - s.startTimeUnixNano),
    status: { code: s.statusCode, message: s.statusMessage },
    attributes: typedAttributes(s.attributes),
    droppedAttributesCount: s.droppedAttributesCount,
    events: s.events.map((e) => ({
      timeUnixNano: e.timeUnixNano.toString(),
      offsetNs: Number(e.timeUnixNano - s.startTimeUnixNano),
      name: e.name,
      attributes: typedAttributes(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount,
    })),
    droppedEventsCount: s.droppedEventsCount,
    links: s.links.map((l) => {
      const summary = linked.get(bytesToHex(l.traceId));
      return {
        traceId: bytesToHex(l.traceId),
        spanId: bytesToHex(l.spanId),
        traceState: l.traceState,
        flags: l.flags,
        attributes: typedAttributes(l.attributes),
        droppedAttributesCount: l.droppedAttributesCount,
        trace:
          summary === undefined
            ? null
            : { rootServiceName: summary.rootServiceName ?? null, rootSpanName: summary.rootSpanName ?? null, spanCount: summary.spanCount },
      };
    }),
    droppedLinksCount: s.droppedLinksCount,
    resource: { attributes: typedAttributes(s.resource.attributes), droppedAttributesCount: s.resource.droppedAttributesCount, schemaUrl: s.resource.schemaUrl },
    scope: {
      name: s.scope.name,
      version: s.scope.version,
      attributes: typedAttributes(s.scope.attributes),
      droppedAttributesCount: s.scope.droppedAttributesCount,
      schemaUrl: s.scope.schemaUrl,
    },
  };
}
