/**
 * What the proxy's OTLP writers share: protobuf wire helpers over proto-writer.ts, the common/resource messages, and the request envelope. Traces, logs and
 * metrics requests have the same shape (field numbers from the .proto files in proto/):
 *
 *   Export*ServiceRequest { repeated Resource* = 1 }
 *   Resource* { Resource resource = 1; repeated Scope* = 2; string schema_url = 3 }
 *   Scope*    { InstrumentationScope scope = 1; repeated <item> = 2; string schema_url = 3 }
 *
 * so one envelope writer serves all three, with items encoded when they are made.
 */
import type { AnyValue, InstrumentationScope, KeyValue, Resource } from '../../model/index.js';
import { bits64, Writer, type Bits64 } from './proto-writer.js';

export { Writer };

// Wire types.
export const VARINT = 0;
export const FIXED64 = 1;
export const LEN = 2;
export const FIXED32 = 5;

export const tag = (field: number, wire: number): number => (field << 3) | wire;

export function newWriter(): Writer {
  return new Writer();
}

/** A bigint as the writer's 64-bit pair; two's complement for negative int64. */
export function longBits(v: bigint): Bits64 {
  return bits64(v);
}

export function writeString(w: Writer, field: number, s: string): void {
  if (s !== '') w.uint32(tag(field, LEN)).string(s);
}

export function writeBytes(w: Writer, field: number, b: Uint8Array): void {
  if (b.length > 0) w.uint32(tag(field, LEN)).bytes(b);
}

export function writeUint32(w: Writer, field: number, n: number): void {
  if (n !== 0) w.uint32(tag(field, VARINT)).uint32(n);
}

export function writeFixed64(w: Writer, field: number, v: bigint): void {
  w.uint32(tag(field, FIXED64)).fixed64(longBits(v));
}

export function writeAnyValue(w: Writer, v: AnyValue): void {
  switch (v.type) {
    case 'string':
      w.uint32(tag(1, LEN)).string(v.value);
      return;
    case 'bool':
      w.uint32(tag(2, VARINT)).bool(v.value);
      return;
    case 'int':
      w.uint32(tag(3, VARINT)).int64(longBits(v.value));
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

export function writeKeyValues(w: Writer, field: number, kvs: readonly KeyValue[]): void {
  for (const kv of kvs) {
    w.uint32(tag(field, LEN)).fork();
    writeString(w, 1, kv.key);
    w.uint32(tag(2, LEN)).fork();
    writeAnyValue(w, kv.value);
    w.ldelim();
    w.ldelim();
  }
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

/** One span, log record or metric already encoded as its OTLP message, ready for a request. */
export interface EncodedItem {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly bytes: Uint8Array;
}

/**
 * Encoded items grouped by their (shared) resource and scope objects into one
 * Export{Trace,Logs,Metrics}ServiceRequest: the envelope is the same for all three.
 */
export function writeEncodedRequest(items: readonly EncodedItem[]): Uint8Array {
  const byResource = new Map<Resource, Map<InstrumentationScope, Uint8Array[]>>();
  for (const s of items) {
    let scopes = byResource.get(s.resource);
    if (scopes === undefined) byResource.set(s.resource, (scopes = new Map()));
    let list = scopes.get(s.scope);
    if (list === undefined) scopes.set(s.scope, (list = []));
    list.push(s.bytes);
  }
  const w = newWriter();
  for (const [resource, scopes] of byResource) {
    w.uint32(tag(1, LEN)).fork(); // Resource{Spans,Logs,Metrics}
    writeResource(w, resource);
    for (const [scope, list] of scopes) {
      w.uint32(tag(2, LEN)).fork(); // Scope{Spans,Logs,Metrics}
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
