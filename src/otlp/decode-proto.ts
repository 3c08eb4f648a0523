/**
 * ExportTraceServiceRequest (protobuf) -> model spans, through protobufjs.
 * Ids are copied out of the request buffer so a stored span does not pin the body.
 */
import type { AnyValue, Attributes, InstrumentationScope, KeyValue, Resource, Span, SpanEvent, SpanLink } from '../model/index.js';
import { OtlpDecodeError } from './errors.js';
import { longToBigInt, type LongLike } from './long.js';
import { otlpType, TRACE_REQUEST } from './proto-root.js';

/* Shapes of protobufjs-decoded messages (only what we read). */
export interface PbAnyValue {
  value?: string;
  stringValue?: string;
  boolValue?: boolean;
  intValue?: LongLike | number;
  doubleValue?: number;
  bytesValue?: Uint8Array;
  arrayValue?: { values?: PbAnyValue[] };
  kvlistValue?: { values?: PbKeyValue[] };
}
export interface PbKeyValue {
  key?: string;
  value?: PbAnyValue | null;
}
interface PbEvent {
  timeUnixNano?: LongLike | number;
  name?: string;
  attributes?: PbKeyValue[];
  droppedAttributesCount?: number;
}
interface PbLink {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  traceState?: string;
  flags?: number;
  attributes?: PbKeyValue[];
  droppedAttributesCount?: number;
}
interface PbSpan {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  traceState?: string;
  parentSpanId?: Uint8Array;
  flags?: number;
  name?: string;
  kind?: number;
  startTimeUnixNano?: LongLike | number;
  endTimeUnixNano?: LongLike | number;
  attributes?: PbKeyValue[];
  droppedAttributesCount?: number;
  events?: PbEvent[];
  droppedEventsCount?: number;
  links?: PbLink[];
  droppedLinksCount?: number;
  status?: { code?: number; message?: string } | null;
}
interface PbRequest {
  resourceSpans?: {
    resource?: { attributes?: PbKeyValue[]; droppedAttributesCount?: number } | null;
    schemaUrl?: string;
    scopeSpans?: {
      scope?: { name?: string; version?: string; attributes?: PbKeyValue[]; droppedAttributesCount?: number } | null;
      schemaUrl?: string;
      spans?: PbSpan[];
    }[];
  }[];
}

const EMPTY = new Uint8Array(0);

export function copyBytes(b: Uint8Array | undefined): Uint8Array {
  return b && b.length > 0 ? new Uint8Array(b) : EMPTY;
}

export function anyValue(v: PbAnyValue | null | undefined): AnyValue {
  if (!v) return { type: 'empty' };
  switch (v.value) {
    case 'stringValue':
      return { type: 'string', value: v.stringValue ?? '' };
    case 'boolValue':
      return { type: 'bool', value: v.boolValue ?? false };
    case 'intValue':
      return { type: 'int', value: longToBigInt(v.intValue, true) };
    case 'doubleValue':
      return { type: 'double', value: v.doubleValue ?? 0 };
    case 'bytesValue':
      return { type: 'bytes', value: copyBytes(v.bytesValue) };
    case 'arrayValue':
      return { type: 'array', value: (v.arrayValue?.values ?? []).map(anyValue) };
    case 'kvlistValue':
      return { type: 'kvlist', value: attributes(v.kvlistValue?.values) };
    default:
      return { type: 'empty' };
  }
}

export function attributes(kvs: PbKeyValue[] | undefined): KeyValue[] {
  if (!kvs || kvs.length === 0) return [];
  const out: KeyValue[] = new Array(kvs.length);
  for (let i = 0; i < kvs.length; i++) {
    const kv = kvs[i]!;
    out[i] = { key: kv.key ?? '', value: anyValue(kv.value) };
  }
  return out;
}

function event(e: PbEvent): SpanEvent {
  return {
    timeUnixNano: longToBigInt(e.timeUnixNano, false),
    name: e.name ?? '',
    attributes: attributes(e.attributes),
    droppedAttributesCount: e.droppedAttributesCount ?? 0,
  };
}

function link(l: PbLink): SpanLink {
  return {
    traceId: copyBytes(l.traceId),
    spanId: copyBytes(l.spanId),
    traceState: l.traceState ?? '',
    flags: l.flags ?? 0,
    attributes: attributes(l.attributes),
    droppedAttributesCount: l.droppedAttributesCount ?? 0,
  };
}

export function spanFromProto(s: PbSpan, resource: Resource, scope: InstrumentationScope): Span {
  const attrs: Attributes = attributes(s.attributes);
  return {
    traceId: copyBytes(s.traceId),
    spanId: copyBytes(s.spanId),
    parentSpanId: copyBytes(s.parentSpanId),
    traceState: s.traceState ?? '',
    flags: s.flags ?? 0,
    name: s.name ?? '',
    kind: (s.kind ?? 0) as Span['kind'],
    startTimeUnixNano: longToBigInt(s.startTimeUnixNano, false),
    endTimeUnixNano: longToBigInt(s.endTimeUnixNano, false),
    attributes: attrs,
    droppedAttributesCount: s.droppedAttributesCount ?? 0,
    events: s.events ? s.events.map(event) : [],
    droppedEventsCount: s.droppedEventsCount ?? 0,
    links: s.links ? s.links.map(link) : [],
    droppedLinksCount: s.droppedLinksCount ?? 0,
    statusCode: (s.status?.code ?? 0) as Span['statusCode'],
    statusMessage: s.status?.message ?? '',
    resource,
    scope,
  };
}

/** Decodes a protobuf body; throws OtlpDecodeError when it is not an ExportTraceServiceRequest. */
export function decodeTraceRequestProto(body: Uint8Array): Span[] {
  let req: PbRequest;
  try {
    req = otlpType(TRACE_REQUEST).decode(body) as unknown as PbRequest;
  } catch (err) {
    throw new OtlpDecodeError(`body is not a valid protobuf ExportTraceServiceRequest: ${(err as Error).message}`, { cause: err });
  }
  const spans: Span[] = [];
  for (const rs of req.resourceSpans ?? []) {
    const resource: Resource = {
      attributes: attributes(rs.resource?.attributes),
      droppedAttributesCount: rs.resource?.droppedAttributesCount ?? 0,
      schemaUrl: rs.schemaUrl ?? '',
    };
    for (const ss of rs.scopeSpans ?? []) {
      const scope: InstrumentationScope = {
        name: ss.scope?.name ?? '',
        version: ss.scope?.version ?? '',
        attributes: attributes(ss.scope?.attributes),
        droppedAttributesCount: ss.scope?.droppedAttributesCount ?? 0,
        schemaUrl: ss.schemaUrl ?? '',
      };
      for (const s of ss.spans ?? []) spans.push(spanFromProto(s, resource, scope));
    }
  }
  return spans;
}
