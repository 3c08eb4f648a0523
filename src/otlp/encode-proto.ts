/**
 * Model spans -> ExportTraceServiceRequest protobuf, through protobufjs. Spans sharing a
 * resource object (and then a scope object) are grouped under one ResourceSpans/ScopeSpans.
 */
import type { Span } from '../model/index.js';
import { attributesProto as attributes, groupByResourceAndScope, type Pb } from './encode-common-proto.js';
import { otlpType, TRACE_REQUEST } from './proto-root.js';

function span(s: Span): Pb {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    traceState: s.traceState,
    parentSpanId: s.parentSpanId,
    flags: s.flags,
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: s.startTimeUnixNano.toString(),
    endTimeUnixNano: s.endTimeUnixNano.toString(),
    attributes: attributes(s.attributes),
    droppedAttributesCount: s.droppedAttributesCount,
    events: s.events.map((e) => ({
      timeUnixNano: e.timeUnixNano.toString(),
      name: e.name,
      attributes: attributes(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount,
    })),
    droppedEventsCount: s.droppedEventsCount,
    links: s.links.map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      traceState: l.traceState,
      flags: l.flags,
      attributes: attributes(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount,
    })),
    droppedLinksCount: s.droppedLinksCount,
    status: { code: s.statusCode, message: s.statusMessage },
  };
}

export function spansToProtoObject(spans: readonly Span[]): Pb {
  return { resourceSpans: groupByResourceAndScope(spans, 'scopeSpans', (list) => ({ spans: list.map(span) })) };
}

export function encodeTraceRequestProto(spans: readonly Span[]): Uint8Array {
  const t = otlpType(TRACE_REQUEST);
  return t.encode(t.fromObject(spansToProtoObject(spans))).finish();
}
