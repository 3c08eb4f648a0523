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
import type { AnyValue, Attributes, InstrumentationScope, KeyValue, Resource, Span, SpanEvent, SpanLink } from '../model/index.js';
import { OtlpDecodeError } from './errors.js';
import { longToBigInt, type LongLike } from './long.js';
import { CACHE_SLOTS_COUNT, ProtoReader, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.js';

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
const EMPTY: Uint8Array = new Uint8Array(0);
const NONE: readonly never[] = Object.freeze([]);

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
    return decodeTraceRequest(new ProtoReader(body));
  } catch (err) {
    throw new OtlpDecodeError(`body is not a valid protobuf ExportTraceServiceRequest: ${(err as Error).message}`, { cause: err });
  }
}

/*
 * The trace request straight from the wire into model objects (field numbers from
 * opentelemetry/proto/trace/v1/trace.proto and common/v1/common.proto): protobufjs
 * built a message object per span, attribute and value first, and that garbage was
 * most of decoding's cost (issue #3). protobufjs stays the oracle in the tests.
 * Unknown fields are skipped; a known field of the wrong wire type is refused. As in
 * protobufjs, a repeated singular message field keeps its last occurrence.
 */

/**
 * Span ids of one request, copied into shared slabs: a 16-byte `new Uint8Array` costs
 * about three heap objects, a view into a slab one. A span kept long after its request
 * pins one slab (a few hundred spans' ids), never the request body.
 */
const ID_SLAB_BYTES = 16 * 1024;

class IdSlabs {
  private slab = new Uint8Array(ID_SLAB_BYTES);
  private used = 0;

  copy(r: ProtoReader, end: number): Uint8Array {
    const n = end - r.pos;
    if (n === 0) return EMPTY;
    if (n > ID_SLAB_BYTES / 4) return new Uint8Array(r.buf.subarray(r.pos, end));
    if (this.used + n > ID_SLAB_BYTES) {
      this.slab = new Uint8Array(ID_SLAB_BYTES);
      this.used = 0;
    }
    // A byte loop: ids are 8 or 16 bytes, too short for set() and its temporary view to pay.
    const slab = this.slab;
    const buf = r.buf;
    const at = this.used;
    for (let i = 0; i < n; i++) slab[at + i] = buf[r.pos + i]!;
    this.used += n;
    return slab.subarray(at, at + n);
  }
}

function bytesField(r: ProtoReader): Uint8Array {
  const end = r.lenEnd();
  const out = end > r.pos ? new Uint8Array(r.buf.subarray(r.pos, end)) : EMPTY;
  r.pos = end;
  return out;
}

function idField(r: ProtoReader, ids: IdSlabs): Uint8Array {
  const end = r.lenEnd();
  const out = ids.copy(r, end);
  r.pos = end;
  return out;
}

function readAnyValue(r: ProtoReader, end: number): AnyValue {
  let v: AnyValue = EMPTY_VALUE;
  while (r.pos < end) {
    const tag = r.uint32();
    const f = tag >>> 3;
    const wt = tag & 7;
    switch (f) {
      case 1:
        r.expect(wt, WIRE_LEN, f);
        v = stringValue(r);
        break;
      case 2:
        r.expect(wt, WIRE_VARINT, f);
        v = r.bool() ? TRUE_VALUE : FALSE_VALUE;
        break;
      case 3:
        r.expect(wt, WIRE_VARINT, f);
        v = intValue(r.varint64(true));
        break;
      case 4:
        r.expect(wt, WIRE_FIXED64, f);
        v = { type: 'double', value: r.double() };
        break;
      case 5: {
        r.expect(wt, WIRE_LEN, f);
        const e = r.lenEnd();
        const values: AnyValue[] = [];
        while (r.pos < e) {
          const t = r.uint32();
          if (t >>> 3 === 1) {
            r.expect(t & 7, WIRE_LEN, 1);
            const ve = r.lenEnd();
            values.push(readAnyValue(r, ve));
            r.endAt(ve);
          } else r.skip(t & 7, t >>> 3);
        }
        r.endAt(e);
        v = { type: 'array', value: values };
        break;
      }
      case 6: {
        r.expect(wt, WIRE_LEN, f);
        const e = r.lenEnd();
        const values: KeyValue[] = [];
        while (r.pos < e) {
          const t = r.uint32();
          if (t >>> 3 === 1) {
            r.expect(t & 7, WIRE_LEN, 1);
            values.push(readKeyValue(r, r.lenEnd()));
          } else r.skip(t & 7, t >>> 3);
        }
        r.endAt(e);
        v = { type: 'kvlist', value: values.length > 0 ? values : NONE };
        break;
      }
      case 7:
        r.expect(wt, WIRE_LEN, f);
        v = { type: 'bytes', value: bytesField(r) };
        break;
      default:
        r.skip(wt, f);
    }
  }
  r.endAt(end);
  return v;
}

const EMPTY_VALUE: AnyValue = Object.freeze({ type: 'empty' });
const TRUE_VALUE: AnyValue = Object.freeze({ type: 'bool', value: true });
const FALSE_VALUE: AnyValue = Object.freeze({ type: 'bool', value: false });

/*
 * Values repeat too (methods, hosts, status codes): a repeated short string value or a
 * small int is one shared, frozen AnyValue rather than a new one per attribute.
 */
const stringValues: (AnyValue | undefined)[] = new Array<AnyValue | undefined>(CACHE_SLOTS_COUNT);
const SMALL_INTS = 1024;
const SMALL_INTS_BIG = BigInt(SMALL_INTS);
const intValues: (AnyValue | undefined)[] = new Array<AnyValue | undefined>(SMALL_INTS);

function stringValue(r: ProtoReader): AnyValue {
  const s = r.cachedString();
  const slot = r.lastSlot;
  if (slot < 0) return { type: 'string', value: s };
  const seen = stringValues[slot];
  if (seen !== undefined && seen.type === 'string' && seen.value === s) return seen;
  const v: AnyValue = Object.freeze({ type: 'string', value: s });
  stringValues[slot] = v;
  return v;
}

function intValue(n: bigint): AnyValue {
  if (n < 0n || n >= SMALL_INTS_BIG) return { type: 'int', value: n };
  const i = Number(n);
  return (intValues[i] ??= Object.freeze({ type: 'int', value: n }));
}

function readKeyValue(r: ProtoReader, end: number): KeyValue {
  let key = '';
  let value: AnyValue = EMPTY_VALUE;
  while (r.pos < end) {
    const tag = r.uint32();
    const f = tag >>> 3;
    const wt = tag & 7;
    if (f === 1) {
      r.expect(wt, WIRE_LEN, f);
      key = r.cachedString();
    } else if (f === 2) {
      r.expect(wt, WIRE_LEN, f);
      const e = r.lenEnd();
      value = readAnyValue(r, e);
    } else r.skip(wt, f);
  }
  r.endAt(end);
  return { key, value };
}

/** Appends a KeyValue field (its tag already read) to `into`, creating the list on first use. */
function pushKeyValue(r: ProtoReader, wt: number, f: number, into: KeyValue[] | undefined): KeyValue[] {
  r.expect(wt, WIRE_LEN, f);
  const kv = readKeyValue(r, r.lenEnd());
  if (into === undefined) return [kv];
  into.push(kv);
  return into;
}

function readResource(r: ProtoReader, end: number, schemaUrl: string): Resource {
  let attrs: KeyValue[] | undefined;
  let dropped = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    const f = tag >>> 3;
    const wt = tag & 7;
    if (f === 1) attrs = pushKeyValue(r, wt, f, attrs);
    else if (f === 2) {
      r.expect(wt, WIRE_VARINT, f);
      dropped = r.uint32();
    } else r.skip(wt, f);
  }
  r.endAt(end);
  return { attributes: attrs ?? NONE, droppedAttributesCount: dropped, schemaUrl };
}

function readScope(r: ProtoReader, end: number, schemaUrl: string): InstrumentationScope {
  let name = '';
  let version = '';
  let attrs: KeyValue[] | undefined;
  let dropped = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    const f = tag >>> 3;
    const wt = tag & 7;
    switch (f) {
      case 1:
        r.expect(wt, WIRE_LEN, f);
        name = r.cachedString();
        break;
      case 2:
        r.expect(wt, WIRE_LEN, f);
        version = r.cachedString();
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
  return { name, version, attributes: attrs ?? NONE, droppedAttributesCount: dropped, schemaUrl };
}

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

/**
 * Where the fields of one message lie: the wire may put a resource or scope after the
 * spans that refer to it, so a container is scanned first and its parts read after.
 */
interface Ranges {
  /** Start and end of the last field 1 (resource / scope), or -1. */
  headStart: number;
  headEnd: number;
  /** Starts and ends of the repeated field 2 (scope_spans / spans), in order. */
  readonly starts: number[];
  readonly ends: number[];
  schemaUrl: string;
}

function scan(r: ProtoReader, end: number): Ranges {
  const out: Ranges = { headStart: -1, headEnd: -1, starts: [], ends: [], schemaUrl: '' };
  while (r.pos < end) {
    const tag = r.uint32();
    const f = tag >>> 3;
    const wt = tag & 7;
    if (f === 1 || f === 2) {
      r.expect(wt, WIRE_LEN, f);
      const e = r.lenEnd();
      if (f === 1) {
        out.headStart = r.pos;
        out.headEnd = e;
      } else {
        out.starts.push(r.pos);
        out.ends.push(e);
      }
      r.pos = e;
    } else if (f === 3) {
      r.expect(wt, WIRE_LEN, f);
      out.schemaUrl = r.string();
    } else r.skip(wt, f);
  }
  r.endAt(end);
  return out;
}

function readScopeSpans(r: ProtoReader, end: number, resource: Resource, ids: IdSlabs, out: Span[]): void {
  const m = scan(r, end);
  let scope: InstrumentationScope;
  if (m.headStart < 0) scope = { name: '', version: '', attributes: NONE, droppedAttributesCount: 0, schemaUrl: m.schemaUrl };
  else {
    r.pos = m.headStart;
    scope = readScope(r, m.headEnd, m.schemaUrl);
  }
  for (let i = 0; i < m.starts.length; i++) {
    r.pos = m.starts[i]!;
    out.push(readSpan(r, m.ends[i]!, resource, scope, ids));
  }
  r.pos = end;
}

function readResourceSpans(r: ProtoReader, end: number, ids: IdSlabs, out: Span[]): void {
  const m = scan(r, end);
  let resource: Resource;
  if (m.headStart < 0) resource = { attributes: NONE, droppedAttributesCount: 0, schemaUrl: m.schemaUrl };
  else {
    r.pos = m.headStart;
    resource = readResource(r, m.headEnd, m.schemaUrl);
  }
  for (let i = 0; i < m.starts.length; i++) {
    r.pos = m.starts[i]!;
    readScopeSpans(r, m.ends[i]!, resource, ids, out);
  }
  r.pos = end;
}

function decodeTraceRequest(r: ProtoReader): Span[] {
  const ids = new IdSlabs();
  const spans: Span[] = [];
  while (r.pos < r.len) {
    const tag = r.uint32();
    const f = tag >>> 3;
    const wt = tag & 7;
    if (f === 1) {
      r.expect(wt, WIRE_LEN, f);
      const e = r.lenEnd();
      readResourceSpans(r, e, ids, spans);
    } else r.skip(wt, f);
  }
  return spans;
}
