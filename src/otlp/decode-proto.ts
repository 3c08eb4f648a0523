/**
 * ExportTraceServiceRequest (protobuf) -> model spans, through protobufjs.
 * Ids are copied out of the request buffer so a stored span does not pin the body.
 *
 * Spans wait in the ingest queue until their store write, long enough for V8 to move
 * them to the old generation, whose garbage is most of the process's RSS under load
 * (issue #3). So the graph kept per span is kept small: ids are views into one buffer
 * per request, repeated short strings (attribute keys, span names) are shared, and
 * empty lists are one shared array.
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
const NONE: readonly never[] = Object.freeze([]);

export function copyBytes(b: Uint8Array | undefined): Uint8Array {
  return b && b.length > 0 ? new Uint8Array(b) : EMPTY;
}

/**
 * The span ids of one request, copied into one buffer: a 16-byte `new Uint8Array`
 * costs about three heap objects, a view into a shared buffer one. A span kept
 * long after its request pins the request's ids (about 32 bytes a span), never its body.
 */
class IdBuffer {
  private readonly bytes: Uint8Array;
  private used = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
  }

  copy(b: Uint8Array | undefined): Uint8Array {
    if (!b || b.length === 0) return EMPTY;
    const view = this.bytes.subarray(this.used, this.used + b.length);
    view.set(b);
    this.used += b.length;
    return view;
  }
}

/**
 * Attribute keys and span names repeat from span to span, but protobufjs decodes each
 * into a new string; sharing one copy keeps a queued span's graph smaller. Bounded in
 * entries and string length, so unusual data cannot make it hold much.
 */
class StringInterner {
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxLength: number,
  ) {}

  intern(s: string): string {
    if (s.length > this.maxLength) return s;
    const shared = this.seen.get(s);
    if (shared !== undefined) return shared;
    if (this.seen.size >= this.maxEntries) this.seen.clear();
    this.seen.set(s, s);
    return s;
  }
}

const names = new StringInterner(4096, 128);

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

export function attributes(kvs: PbKeyValue[] | undefined): readonly KeyValue[] {
  if (!kvs || kvs.length === 0) return NONE;
  const out: KeyValue[] = new Array(kvs.length);
  for (let i = 0; i < kvs.length; i++) {
    const kv = kvs[i]!;
    out[i] = { key: names.intern(kv.key ?? ''), value: anyValue(kv.value) };
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

function spanFromProto(s: PbSpan, resource: Resource, scope: InstrumentationScope, ids: IdBuffer): Span {
  const attrs: Attributes = attributes(s.attributes);
  return {
    traceId: ids.copy(s.traceId),
    spanId: ids.copy(s.spanId),
    parentSpanId: ids.copy(s.parentSpanId),
    traceState: s.traceState ?? '',
    flags: s.flags ?? 0,
    name: names.intern(s.name ?? ''),
    kind: (s.kind ?? 0) as Span['kind'],
    startTimeUnixNano: longToBigInt(s.startTimeUnixNano, false),
    endTimeUnixNano: longToBigInt(s.endTimeUnixNano, false),
    attributes: attrs,
    droppedAttributesCount: s.droppedAttributesCount ?? 0,
    events: s.events && s.events.length > 0 ? s.events.map(event) : NONE,
    droppedEventsCount: s.droppedEventsCount ?? 0,
    links: s.links && s.links.length > 0 ? s.links.map(link) : NONE,
    droppedLinksCount: s.droppedLinksCount ?? 0,
    statusCode: (s.status?.code ?? 0) as Span['statusCode'],
    statusMessage: s.status?.message ?? '',
    resource,
    scope,
  };
}

/** Bytes of the span ids (trace, span, parent) in a request, for its IdBuffer. */
function idBytes(req: PbRequest): number {
  let n = 0;
  for (const rs of req.resourceSpans ?? []) {
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) n += (s.traceId?.length ?? 0) + (s.spanId?.length ?? 0) + (s.parentSpanId?.length ?? 0);
    }
  }
  return n;
}

/** Decodes a protobuf body; throws OtlpDecodeError when it is not an ExportTraceServiceRequest. */
export function decodeTraceRequestProto(body: Uint8Array): Span[] {
  let req: PbRequest;
  try {
    req = otlpType(TRACE_REQUEST).decode(body) as unknown as PbRequest;
  } catch (err) {
    throw new OtlpDecodeError(`body is not a valid protobuf ExportTraceServiceRequest: ${(err as Error).message}`, { cause: err });
  }
  const ids = new IdBuffer(idBytes(req));
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
      for (const s of ss.spans ?? []) spans.push(spanFromProto(s, resource, scope, ids));
    }
  }
  return spans;
}
