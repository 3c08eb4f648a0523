/**
 * Model spans -> OTLP ExportTraceServiceRequest protobuf, written field by field with
 * protobufjs' minimal Writer. The reference codec (src/otlp/encode-proto.ts) builds a
 * message object tree and converts it with reflection, which costs ~16 µs per span
 * and loads the .proto schema; a proxy encodes on the same thread that forwards
 * requests, so this writer goes straight to bytes instead. Its output decodes to the
 * same spans (test/mesh/span-proto-writer.test.ts checks it against the reference).
 *
 * Field numbers: opentelemetry/proto/trace/v1/trace.proto and common/v1/common.proto.
 */
import protobuf from 'protobufjs/minimal.js';
import type { AnyValue, InstrumentationScope, KeyValue, Resource, Span } from '../../model/index.js';

type Writer = protobuf.Writer;

// Wire types.
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

const tag = (field: number, wire: number): number => (field << 3) | wire;

/** A bigint as protobufjs' 64-bit pair; two's complement for negative int64. */
function longBits(v: bigint): { low: number; high: number; unsigned: boolean } {
  const u = BigInt.asUintN(64, v);
  return { low: Number(u & 0xffffffffn) | 0, high: Number(u >> 32n) | 0, unsigned: true };
}

function writeString(w: Writer, field: number, s: string): void {
  if (s !== '') w.uint32(tag(field, LEN)).string(s);
}

function writeBytes(w: Writer, field: number, b: Uint8Array): void {
  if (b.length > 0) w.uint32(tag(field, LEN)).bytes(b);
}

function writeUint32(w: Writer, field: number, n: number): void {
  if (n !== 0) w.uint32(tag(field, VARINT)).uint32(n);
}

function writeAnyValue(w: Writer, v: AnyValue): void {
  switch (v.type) {
    case 'string':
      w.uint32(tag(1, LEN)).string(v.value);
      return;
    case 'bool':
      w.uint32(tag(2, VARINT)).bool(v.value);
      return;
    case 'int':
      w.uint32(tag(3, VARINT)).int64(longBits(v.value) as unknown as number);
      return;
    case 'double':
      w.uint32(tag(4, FIXED64)).double(v.value);
      return;
    case 'array':
      w.uint32(tag(5, LEN)).fork();
      for (const x of v.value) {
        w.uint32(tag(1, LEN)).fork();
        writeAnyValue(w, x);
        w.ldelim();
      }
      w.ldelim();
      return;
    case 'kvlist':
      w.uint32(tag(6, LEN)).fork();
      writeKeyValues(w, 1, v.value);
      w.ldelim();
      return;
    case 'bytes':
      w.uint32(tag(7, LEN)).bytes(v.value);
      return;
    case 'empty':
      return;
  }
}

function writeKeyValues(w: Writer, field: number, kvs: readonly KeyValue[]): void {
  for (const kv of kvs) {
    w.uint32(tag(field, LEN)).fork();
    writeString(w, 1, kv.key);
    w.uint32(tag(2, LEN)).fork();
    writeAnyValue(w, kv.value);
    w.ldelim();
    w.ldelim();
  }
}

function writeSpan(w: Writer, s: Span): void {
  writeBytes(w, 1, s.traceId);
  writeBytes(w, 2, s.spanId);
  writeString(w, 3, s.traceState);
  writeBytes(w, 4, s.parentSpanId);
  writeString(w, 5, s.name);
  writeUint32(w, 6, s.kind);
  w.uint32(tag(7, FIXED64)).fixed64(longBits(s.startTimeUnixNano) as unknown as number);
  w.uint32(tag(8, FIXED64)).fixed64(longBits(s.endTimeUnixNano) as unknown as number);
  writeKeyValues(w, 9, s.attributes);
  writeUint32(w, 10, s.droppedAttributesCount);
  for (const e of s.events) {
    w.uint32(tag(11, LEN)).fork();
    w.uint32(tag(1, FIXED64)).fixed64(longBits(e.timeUnixNano) as unknown as number);
    writeString(w, 2, e.name);
    writeKeyValues(w, 3, e.attributes);
    writeUint32(w, 4, e.droppedAttributesCount);
    w.ldelim();
  }
  writeUint32(w, 12, s.droppedEventsCount);
  for (const l of s.links) {
    w.uint32(tag(13, LEN)).fork();
    writeBytes(w, 1, l.traceId);
    writeBytes(w, 2, l.spanId);
    writeString(w, 3, l.traceState);
    writeKeyValues(w, 4, l.attributes);
    writeUint32(w, 5, l.droppedAttributesCount);
    if (l.flags !== 0) w.uint32(tag(6, FIXED32)).fixed32(l.flags);
    w.ldelim();
  }
  writeUint32(w, 14, s.droppedLinksCount);
  if (s.statusCode !== 0 || s.statusMessage !== '') {
    w.uint32(tag(15, LEN)).fork();
    writeString(w, 2, s.statusMessage);
    writeUint32(w, 3, s.statusCode);
    w.ldelim();
  }
  if (s.flags !== 0) w.uint32(tag(16, FIXED32)).fixed32(s.flags);
}

function writeResource(w: Writer, r: Resource): void {
  w.uint32(tag(1, LEN)).fork();
  writeKeyValues(w, 1, r.attributes);
  writeUint32(w, 2, r.droppedAttributesCount);
  w.ldelim();
}

function writeScope(w: Writer, sc: InstrumentationScope): void {
  w.uint32(tag(1, LEN)).fork();
  writeString(w, 1, sc.name);
  writeString(w, 2, sc.version);
  writeKeyValues(w, 3, sc.attributes);
  writeUint32(w, 4, sc.droppedAttributesCount);
  w.ldelim();
}

/** One span as an OTLP `Span` message, ready to be placed in a request. */
export interface EncodedSpan {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly bytes: Uint8Array;
}

/**
 * Encodes one span when it ends, so the cost is spread evenly over requests instead of
 * stalling the event loop for a whole batch at export time, and the export queue holds
 * ~500 bytes per span instead of a span's object graph.
 */
export function encodeSpan(s: Span): EncodedSpan {
  const w = protobuf.Writer.create();
  writeSpan(w, s);
  return { resource: s.resource, scope: s.scope, bytes: w.finish() };
}

/** Encoded spans grouped by their (shared) resource and scope objects into one ExportTraceServiceRequest. */
export function writeEncodedTraceRequest(spans: readonly EncodedSpan[]): Uint8Array {
  const byResource = new Map<Resource, Map<InstrumentationScope, Uint8Array[]>>();
  for (const s of spans) {
    let scopes = byResource.get(s.resource);
    if (scopes === undefined) byResource.set(s.resource, (scopes = new Map()));
    let list = scopes.get(s.scope);
    if (list === undefined) scopes.set(s.scope, (list = []));
    list.push(s.bytes);
  }
  const w = protobuf.Writer.create();
  for (const [resource, scopes] of byResource) {
    w.uint32(tag(1, LEN)).fork(); // ResourceSpans
    writeResource(w, resource);
    for (const [scope, list] of scopes) {
      w.uint32(tag(2, LEN)).fork(); // ScopeSpans
      writeScope(w, scope);
      for (const bytes of list) w.uint32(tag(2, LEN)).bytes(bytes);
      writeString(w, 3, scope.schemaUrl);
      w.ldelim();
    }
    writeString(w, 3, resource.schemaUrl);
    w.ldelim();
  }
  return w.finish();
}

/** Spans straight to an ExportTraceServiceRequest. */
export function writeTraceRequest(spans: readonly Span[]): Uint8Array {
  return writeEncodedTraceRequest(spans.map(encodeSpan));
}
