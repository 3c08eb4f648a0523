/**
 * Model spans -> ExportTraceServiceRequest protobuf, through protobufjs. Spans sharing a
 * resource object (and then a scope object) are grouped under one ResourceSpans/ScopeSpans.
 */
import type { AnyValue, Attributes, Span } from '../model/index.js';
import { otlpType, TRACE_REQUEST } from './proto-root.js';

type Pb = Record<string, unknown>;

function anyValue(v: AnyValue): Pb {
  switch (v.type) {
    case 'string':
      return { stringValue: v.value };
    case 'bool':
      return { boolValue: v.value };
    case 'int':
      return { intValue: v.value.toString() };
    case 'double':
      return { doubleValue: v.value };
    case 'bytes':
      return { bytesValue: v.value };
    case 'array':
      return { arrayValue: { values: v.value.map(anyValue) } };
    case 'kvlist':
      return { kvlistValue: { values: attributes(v.value) } };
    case 'empty':
      return {};
  }
}

function attributes(a: Attributes): Pb[] {
  return a.map((kv) => ({ key: kv.key, value: anyValue(kv.value) }));
}

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
  const byResource = new Map<Span['resource'], Map<Span['scope'], Span[]>>();
  for (const s of spans) {
    let scopes = byResource.get(s.resource);
    if (!scopes) byResource.set(s.resource, (scopes = new Map()));
    let list = scopes.get(s.scope);
    if (!list) scopes.set(s.scope, (list = []));
    list.push(s);
  }
  const resourceSpans: Pb[] = [];
  for (const [resource, scopes] of byResource) {
    resourceSpans.push({
      resource: { attributes: attributes(resource.attributes), droppedAttributesCount: resource.droppedAttributesCount },
      schemaUrl: resource.schemaUrl,
      scopeSpans: [...scopes].map(([scope, list]) => ({
        scope: {
          name: scope.name,
          version: scope.version,
          attributes: attributes(scope.attributes),
          droppedAttributesCount: scope.droppedAttributesCount,
        },
        schemaUrl: scope.schemaUrl,
        spans: list.map(span),
      })),
    });
  }
  return { resourceSpans };
}

export function encodeTraceRequestProto(spans: readonly Span[]): Uint8Array {
  const t = otlpType(TRACE_REQUEST);
  return t.encode(t.fromObject(spansToProtoObject(spans))).finish();
}
