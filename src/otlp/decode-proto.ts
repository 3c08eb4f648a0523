/**
 * ExportTraceServiceRequest (protobuf) -> model spans, decoded straight from the wire
 * (proto-reader.ts). Ids are copied out of the request body so a stored span does not
 * pin the body. Also the protobufjs-message helpers (anyValue, attributes) the logs
 * and metrics decoders build on.
 *
 * Spans wait in the ingest queue until their store write, long enough for V8 to move
 * them to the old generation, whose garbage is most of the process's RSS under load
 * (issue #3). So the graph kept per span is kept small: ids are views into shared
 * slabs, repeated short strings (attribute keys, span names) are shared, and empty
 * lists are one shared array.
 */
import type { AnyValue, InstrumentationScope, KeyValue, Resource, Span, SpanEvent, SpanLink } from '../model/index.js';
import { bytesField, EMPTY, idField, IdSlabs, NONE, pushKeyValue, readRequestItems } from './decode-wire.js';
import { OtlpDecodeError } from './errors.js';
import { longToBigInt, type LongLike } from './long.js';
import { ProtoReader, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.js';

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

export function copyBytes(b: Uint8Array | undefined): Uint8Array {
  return b && b.length > 0 ? new Uint8Array(b) : EMPTY;
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

/** Decodes a protobuf body; throws OtlpDecodeError when it is not an ExportTraceServiceRequest. */
export function decodeTraceRequestProto(body: Uint8Array): Span[] {
  try {
    return readRequestItems(new ProtoReader(body), readSpan);
  } catch (err) {
    throw new OtlpDecodeError(`body is not a valid protobuf ExportTraceServiceRequest: ${(err as Error).message}`, { cause: err });
  }
}

/*
 * The trace request straight from the wire into model objects (field numbers from
 * opentelemetry/proto/trace/v1/trace.proto; what traces and logs share is in
 * decode-wire.ts): protobufjs stays the oracle in the tests.
 */


function readEvent(r: ProtoReader, end: number): SpanEvent {
  let time = 0n;
  let name = '';
  let attrs: KeyValue[] | undefined;
  let dropped = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    const f = tag >>> 3;
    const wt = tag & 7;
    switch (f) {
      case 1:
        r.expect(wt, WIRE_FIXED64, f);
        time = r.fixed64();
        break;
      case 2:
        r.expect(wt, WIRE_LEN, f);
        name = r.cachedString();
        break;
      case 3:
        attrs = pushKeyValue(r, wt, f, attrs);
        break;
      case 4:
        r.expect(wt, WIRE_VARINT, f);
        dropped = r.uint32();
        break;
      default:
        r.skip(wt, f);
    }
  }
  r.endAt(end);
  return { timeUnixNano: time, name, attributes: attrs ?? NONE, droppedAttributesCount: dropped };
}

function readLink(r: ProtoReader, end: number): SpanLink {
  let traceId = EMPTY;
  let spanId = EMPTY;
  let traceState = '';
  let flags = 0;
  let attrs: KeyValue[] | undefined;
  let dropped = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    const f = tag >>> 3;
    const wt = tag & 7;
    switch (f) {
      case 1:
        r.expect(wt, WIRE_LEN, f);
        traceId = bytesField(r);
        break;
      case 2:
        r.expect(wt, WIRE_LEN, f);
        spanId = bytesField(r);
        break;
      case 3:
        r.expect(wt, WIRE_LEN, f);
        traceState = r.string();
        break;
      case 4:
        attrs = pushKeyValue(r, wt, f, attrs);
        break;
      case 5:
        r.expect(wt, WIRE_VARINT, f);
        dropped = r.uint32();
        break;
      case 6:
        r.expect(wt, WIRE_FIXED32, f);
        flags = r.fixed32();
        break;
      default:
        r.skip(wt, f);
    }
  }
  r.endAt(end);
  return { traceId, spanId, traceState, flags, attributes: attrs ?? NONE, droppedAttributesCount: dropped };
}

function readSpan(r: ProtoReader, end: number, resource: Resource, scope: InstrumentationScope, ids: IdSlabs): Span {
  let traceId = EMPTY;
  let spanId = EMPTY;
  let parentSpanId = EMPTY;
  let traceState = '';
  let flags = 0;
  let name = '';
  let kind = 0;
  let start = 0n;
  let endTime = 0n;
  let attrs: KeyValue[] | undefined;
  let droppedAttributes = 0;
  let events: SpanEvent[] | undefined;
  let droppedEvents = 0;
  let links: SpanLink[] | undefined;
  let droppedLinks = 0;
  let statusCode = 0;
  let statusMessage = '';
  while (r.pos < end) {
    const tag = r.uint32();
    const f = tag >>> 3;
    const wt = tag & 7;
    switch (f) {
      case 1:
        r.expect(wt, WIRE_LEN, f);
        traceId = idField(r, ids);
        break;
      case 2:
        r.expect(wt, WIRE_LEN, f);
        spanId = idField(r, ids);
        break;
      case 3:
        r.expect(wt, WIRE_LEN, f);
        traceState = r.string();
        break;
      case 4:
        r.expect(wt, WIRE_LEN, f);
        parentSpanId = idField(r, ids);
        break;
      case 5:
        r.expect(wt, WIRE_LEN, f);
        name = r.cachedString();
        break;
      case 6:
        r.expect(wt, WIRE_VARINT, f);
        kind = r.int32();
        break;
      case 7:
        r.expect(wt, WIRE_FIXED64, f);
        start = r.fixed64();
        break;
      case 8:
        r.expect(wt, WIRE_FIXED64, f);
        endTime = r.fixed64();
        break;
      case 9:
        attrs = pushKeyValue(r, wt, f, attrs);
        break;
      case 10:
        r.expect(wt, WIRE_VARINT, f);
        droppedAttributes = r.uint32();
        break;
      case 11: {
        r.expect(wt, WIRE_LEN, f);
        const e = readEvent(r, r.lenEnd());
        if (events === undefined) events = [e];
        else events.push(e);
        break;
      }
      case 12:
        r.expect(wt, WIRE_VARINT, f);
        droppedEvents = r.uint32();
        break;
      case 13: {
        r.expect(wt, WIRE_LEN, f);
        const l = readLink(r, r.lenEnd());
        if (links === undefined) links = [l];
        else links.push(l);
        break;
      }
      case 14:
        r.expect(wt, WIRE_VARINT, f);
        droppedLinks = r.uint32();
        break;
      case 15: {
        r.expect(wt, WIRE_LEN, f);
        const e = r.lenEnd();
        // A repeated status field replaces the earlier one, as protobufjs does.
        statusCode = 0;
        statusMessage = '';
        while (r.pos < e) {
          const t = r.uint32();
          if (t >>> 3 === 2) {
            r.expect(t & 7, WIRE_LEN, 2);
            statusMessage = r.string();
          } else if (t >>> 3 === 3) {
            r.expect(t & 7, WIRE_VARINT, 3);
            statusCode = r.int32();
          } else r.skip(t & 7, t >>> 3);
        }
        r.endAt(e);
        break;
      }
      case 16:
        r.expect(wt, WIRE_FIXED32, f);
        flags = r.fixed32();
        break;
      default:
        r.skip(wt, f);
    }
  }
  r.endAt(end);
  return {
    traceId,
    spanId,
    parentSpanId,
    traceState,
    flags,
    name,
    kind: kind as Span['kind'],
    startTimeUnixNano: start,
    endTimeUnixNano: endTime,
    attributes: attrs ?? NONE,
    droppedAttributesCount: droppedAttributes,
    events: events ?? NONE,
    droppedEventsCount: droppedEvents,
    links: links ?? NONE,
    droppedLinksCount: droppedLinks,
    statusCode: statusCode as Span['statusCode'],
    statusMessage,
    resource,
    scope,
  };
}

