/**
 * What the wire-level OTLP decoders (decode-proto.ts for traces, decode-logs-proto.ts for
 * logs) share, read straight from the bytes with proto-reader.ts: AnyValue, KeyValue,
 * Resource and InstrumentationScope (field numbers from opentelemetry/proto/common/v1 and
 * resource/v1), the id slabs, and the Export*ServiceRequest -> Resource* -> Scope* walk.
 *
 * Model objects come straight from the wire: protobufjs built a message object per item,
 * attribute and value first, and that garbage was most of decoding's cost (issue #3).
 * protobufjs stays the oracle in the tests. Unknown fields are skipped; a known field of
 * the wrong wire type is refused. As in protobufjs, a repeated singular message field
 * keeps its last occurrence.
 */
import type { AnyValue, InstrumentationScope, KeyValue, Resource } from '../model/index.js';
import { CACHE_SLOTS_COUNT, ProtoReader, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.js';

export const EMPTY: Uint8Array = new Uint8Array(0);
export const NONE: readonly never[] = Object.freeze([]);

/**
 * Ids of one request, copied into shared slabs: a 16-byte `new Uint8Array` costs
 * about three heap objects, a view into a slab one. A span kept long after its request
 * pins one slab (a few hundred spans' ids), never the request body.
 */
const ID_SLAB_BYTES = 16 * 1024;

export class IdSlabs {
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

export function bytesField(r: ProtoReader): Uint8Array {
  const end = r.lenEnd();
  const out = end > r.pos ? new Uint8Array(r.buf.subarray(r.pos, end)) : EMPTY;
  r.pos = end;
  return out;
}

export function idField(r: ProtoReader, ids: IdSlabs): Uint8Array {
  const end = r.lenEnd();
  const out = ids.copy(r, end);
  r.pos = end;
  return out;
}

/**
 * An AnyValue. `share` false reads a string value as a new string, past the cache of
 * repeated strings: for values that seldom repeat (a log record's body), which would
 * only evict the keys and names the cache is for. Values nested in it are shared.
 */
export function readAnyValue(r: ProtoReader, end: number, share = true): AnyValue {
  let v: AnyValue = EMPTY_VALUE;
  while (r.pos < end) {
    const tag = r.uint32();
    const f = tag >>> 3;
    const wt = tag & 7;
    switch (f) {
      case 1:
        r.expect(wt, WIRE_LEN, f);
        v = share ? stringValue(r) : { type: 'string', value: r.string() };
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

export const EMPTY_VALUE: AnyValue = Object.freeze({ type: 'empty' });
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
export function pushKeyValue(r: ProtoReader, wt: number, f: number, into: KeyValue[] | undefined): KeyValue[] {
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

/**
 * Where the fields of one message lie: the wire may put a resource or scope after the
 * items that refer to it, so a container is scanned first and its parts read after.
 */
interface Ranges {
  /** Start and end of the last field 1 (resource / scope), or -1. */
  headStart: number;
  headEnd: number;
  /** Starts and ends of the repeated field 2 (scope_spans / spans, scope_logs / log_records), in order. */
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

/** Reads one item of a scope (a span, a log record): the message from r.pos to `end`. */
export type ItemReader<T> = (r: ProtoReader, end: number, resource: Resource, scope: InstrumentationScope, ids: IdSlabs) => T;

function readScopeItems<T>(r: ProtoReader, end: number, resource: Resource, ids: IdSlabs, out: T[], readItem: ItemReader<T>): void {
  const m = scan(r, end);
  let scope: InstrumentationScope;
  if (m.headStart < 0) scope = { name: '', version: '', attributes: NONE, droppedAttributesCount: 0, schemaUrl: m.schemaUrl };
  else {
    r.pos = m.headStart;
    scope = readScope(r, m.headEnd, m.schemaUrl);
  }
  for (let i = 0; i < m.starts.length; i++) {
    r.pos = m.starts[i]!;
    out.push(readItem(r, m.ends[i]!, resource, scope, ids));
  }
  r.pos = end;
}

function readResourceItems<T>(r: ProtoReader, end: number, ids: IdSlabs, out: T[], readItem: ItemReader<T>): void {
  const m = scan(r, end);
  let resource: Resource;
  if (m.headStart < 0) resource = { attributes: NONE, droppedAttributesCount: 0, schemaUrl: m.schemaUrl };
  else {
    r.pos = m.headStart;
    resource = readResource(r, m.headEnd, m.schemaUrl);
  }
  for (let i = 0; i < m.starts.length; i++) {
    r.pos = m.starts[i]!;
    readScopeItems(r, m.ends[i]!, resource, ids, out, readItem);
  }
  r.pos = end;
}

/**
 * The items of an Export*ServiceRequest (repeated Resource* field 1, each with resource 1,
 * repeated Scope* 2 and schema_url 3; each Scope* with scope 1, repeated items 2 and
 * schema_url 3: the same numbers for spans and logs), in wire order.
 */
export function readRequestItems<T>(r: ProtoReader, readItem: ItemReader<T>): T[] {
  const ids = new IdSlabs();
  const items: T[] = [];
  while (r.pos < r.len) {
    const tag = r.uint32();
    const f = tag >>> 3;
    const wt = tag & 7;
    if (f === 1) {
      r.expect(wt, WIRE_LEN, f);
      const e = r.lenEnd();
      readResourceItems(r, e, ids, items, readItem);
    } else r.skip(wt, f);
  }
  return items;
}
