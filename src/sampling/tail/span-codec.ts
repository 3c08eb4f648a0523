/**
 * A compact binary form of spans for the tail sampler's buffer. A decoded span is
 * about 2.4 KB of JS objects (ids as typed arrays, one object per attribute and value,
 * every key a fresh string); the same span here is its bytes, about 400, so a trace
 * waiting for its decision costs a fifth of the memory. Spans are decoded again only
 * when their trace is kept.
 *
 * Layout per span (little-endian; str = u32 byte length + UTF-8; istr = u16 StringTable
 * id + 1, or 0 then str):
 *   spanId[8] parentLen u8 parent[parentLen] flags u32 kind u8 status u8
 *   start u64 end u64 resource u16 scope u16 name istr traceState str statusMessage str
 *   droppedAttributes u32 droppedEvents u32 droppedLinks u32
 *   attributes events links
 * Resources and scopes are kept by reference in a per-trace table (they are shared by
 * the spans of a request), so the index is all a span stores. Attribute keys (istr in
 * attributes) and span names repeat across spans and are stored once, in a StringTable.
 */
import type { AnyValue, Attributes, InstrumentationScope, KeyValue, Resource, Span, SpanEvent, SpanLink } from '../../model/index.js';

const EMPTY = new Uint8Array(0);

const T_EMPTY = 0;
const T_STRING = 1;
const T_BOOL = 2;
const T_INT = 3;
const T_DOUBLE = 4;
const T_BYTES = 5;
const T_ARRAY = 6;
const T_KVLIST = 7;

/**
 * Strings that repeat across spans (attribute keys, span names), each stored once and
 * referred to by number. Bounded: past MAX_STRINGS new strings are written inline.
 */
export class StringTable {
  static readonly MAX_STRINGS = 65_535;
  private readonly ids = new Map<string, number>();
  readonly strings: string[] = [];

  /** The string's id + 1, or 0 when the table is full and it must be written inline. */
  idOf(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      if (this.strings.length >= StringTable.MAX_STRINGS) return 0;
      id = this.strings.push(s) - 1;
      this.ids.set(s, id);
    }
    return id + 1;
  }
}

/** Writes into one growing scratch buffer; `take()` copies out the exact bytes. */
export class SpanWriter {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private at = 0;

  constructor(private readonly table: StringTable = new StringTable()) {}

  /** A repeating string: its table id, or 0 and the string inline. */
  private interned(s: string): void {
    const id = this.table.idOf(s);
    this.u16(id);
    if (id === 0) this.str(s);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  get length(): number {
    return this.at;
  }

  private u8(v: number): void {
    this.room(1);
    this.buf[this.at++] = v;
  }

  private u16(v: number): void {
    this.room(2);
    this.buf.writeUInt16LE(v, this.at);
    this.at += 2;
  }

  private u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32LE(v >>> 0, this.at);
    this.at += 4;
  }

  private u64(v: bigint): void {
    this.room(8);
    this.buf.writeBigUInt64LE(BigInt.asUintN(64, v), this.at);
    this.at += 8;
  }

  private bytes(b: Uint8Array): void {
    this.u32(b.length);
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  private str(s: string): void {
    if (s.length === 0) {
      this.u32(0);
      return;
    }
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    this.room(4 + s.length * 3);
    const n = this.buf.write(s, this.at + 4, 'utf8');
    this.buf.writeUInt32LE(n, this.at);
    this.at += 4 + n;
  }

  private value(v: AnyValue): void {
    switch (v.type) {
      case 'string':
        this.u8(T_STRING);
        this.str(v.value);
        return;
      case 'bool':
        this.u8(T_BOOL);
        this.u8(v.value ? 1 : 0);
        return;
      case 'int':
        this.u8(T_INT);
        this.u64(v.value);
        return;
      case 'double':
        this.u8(T_DOUBLE);
        this.room(8);
        this.buf.writeDoubleLE(v.value, this.at);
        this.at += 8;
        return;
      case 'bytes':
        this.u8(T_BYTES);
        this.bytes(v.value);
        return;
      case 'array':
        this.u8(T_ARRAY);
        this.u32(v.value.length);
        for (const e of v.value) this.value(e);
        return;
      case 'kvlist':
        this.u8(T_KVLIST);
        this.attributes(v.value);
        return;
      case 'empty':
        this.u8(T_EMPTY);
    }
  }

  private attributes(a: Attributes): void {
    this.u32(a.length);
    for (const kv of a) {
      this.interned(kv.key);
      this.value(kv.value);
    }
  }

  span(s: Span, resource: number, scope: number): void {
    this.room(8);
    this.buf.set(s.spanId.length === 8 ? s.spanId : new Uint8Array(8), this.at);
    this.at += 8;
    this.u8(s.parentSpanId.length);
    this.room(s.parentSpanId.length);
    this.buf.set(s.parentSpanId, this.at);
    this.at += s.parentSpanId.length;
    this.u32(s.flags);
    this.u8(s.kind);
    this.u8(s.statusCode);
    this.u64(s.startTimeUnixNano);
    this.u64(s.endTimeUnixNano);
    this.u16(resource);
    this.u16(scope);
    this.interned(s.name);
    this.str(s.traceState);
    this.str(s.statusMessage);
    this.u32(s.droppedAttributesCount);
    this.u32(s.droppedEventsCount);
    this.u32(s.droppedLinksCount);
    this.attributes(s.attributes);
    this.u32(s.events.length);
    for (const e of s.events) {
      this.u64(e.timeUnixNano);
      this.str(e.name);
      this.attributes(e.attributes);
      this.u32(e.droppedAttributesCount);
    }
    this.u32(s.links.length);
    for (const l of s.links) {
      this.bytes(l.traceId);
      this.bytes(l.spanId);
      this.str(l.traceState);
      this.u32(l.flags);
      this.attributes(l.attributes);
      this.u32(l.droppedAttributesCount);
    }
  }

  /** The bytes written since the last take, in a buffer of their own. */
  take(): Buffer {
    const out = Buffer.allocUnsafeSlow(this.at);
    this.buf.copy(out, 0, 0, this.at);
    this.at = 0;
    return out;
  }
}

class SpanReader {
  private at = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly table: StringTable,
  ) {}

  private interned(): string {
    const id = this.u16();
    return id === 0 ? this.str() : this.table.strings[id - 1]!;
  }

  get done(): boolean {
    return this.at >= this.buf.length;
  }

  private u8(): number {
    return this.buf[this.at++]!;
  }

  private u16(): number {
    const v = this.buf.readUInt16LE(this.at);
    this.at += 2;
    return v;
  }

  private u32(): number {
    const v = this.buf.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }

  private u64(): bigint {
    const v = this.buf.readBigUInt64LE(this.at);
    this.at += 8;
    return v;
  }

  private raw(n: number): Uint8Array {
    if (n === 0) return EMPTY;
    const out = new Uint8Array(n);
    out.set(this.buf.subarray(this.at, this.at + n));
    this.at += n;
    return out;
  }

  private bytes(): Uint8Array {
    return this.raw(this.u32());
  }

  private str(): string {
    const n = this.u32();
    if (n === 0) return '';
    const s = this.buf.toString('utf8', this.at, this.at + n);
    this.at += n;
    return s;
  }

  private value(): AnyValue {
    switch (this.u8()) {
      case T_STRING:
        return { type: 'string', value: this.str() };
      case T_BOOL:
        return { type: 'bool', value: this.u8() === 1 };
      case T_INT:
        return { type: 'int', value: BigInt.asIntN(64, this.u64()) };
      case T_DOUBLE: {
        const v = this.buf.readDoubleLE(this.at);
        this.at += 8;
        return { type: 'double', value: v };
      }
      case T_BYTES:
        return { type: 'bytes', value: this.bytes() };
      case T_ARRAY: {
        const n = this.u32();
        const out: AnyValue[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = this.value();
        return { type: 'array', value: out };
      }
      case T_KVLIST:
        return { type: 'kvlist', value: this.attributes() };
      default:
        return { type: 'empty' };
    }
  }

  private attributes(): KeyValue[] {
    const n = this.u32();
    const out: KeyValue[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = { key: this.interned(), value: this.value() };
    return out;
  }

  span(traceId: Uint8Array, resources: readonly Resource[], scopes: readonly InstrumentationScope[]): Span {
    const spanId = this.raw(8);
    const parentSpanId = this.raw(this.u8());
    const flags = this.u32();
    const kind = this.u8() as Span['kind'];
    const statusCode = this.u8() as Span['statusCode'];
    const startTimeUnixNano = this.u64();
    const endTimeUnixNano = this.u64();
    const resource = resources[this.u16()]!;
    const scope = scopes[this.u16()]!;
    const name = this.interned();
    const traceState = this.str();
    const statusMessage = this.str();
    const droppedAttributesCount = this.u32();
    const droppedEventsCount = this.u32();
    const droppedLinksCount = this.u32();
    const attributes = this.attributes();
    const events: SpanEvent[] = new Array(this.u32());
    for (let i = 0; i < events.length; i++) {
      events[i] = { timeUnixNano: this.u64(), name: this.str(), attributes: this.attributes(), droppedAttributesCount: this.u32() };
    }
    const links: SpanLink[] = new Array(this.u32());
    for (let i = 0; i < links.length; i++) {
      links[i] = { traceId: this.bytes(), spanId: this.bytes(), traceState: this.str(), flags: this.u32(), attributes: this.attributes(), droppedAttributesCount: this.u32() };
    }
    return {
      traceId,
      spanId,
      parentSpanId,
      traceState,
      flags,
      name,
      kind,
      startTimeUnixNano,
      endTimeUnixNano,
      attributes,
      droppedAttributesCount,
      events,
      droppedEventsCount,
      links,
      droppedLinksCount,
      statusCode,
      statusMessage,
      resource,
      scope,
    };
  }
}

/** Decodes every span of the given chunks. */
export function decodeSpans(
  chunks: readonly Buffer[],
  traceId: Uint8Array,
  resources: readonly Resource[],
  scopes: readonly InstrumentationScope[],
  table: StringTable,
  out: Span[] = [],
): Span[] {
  for (const c of chunks) {
    const r = new SpanReader(c, table);
    while (!r.done) out.push(r.span(traceId, resources, scopes));
  }
  return out;
}
