/**
 * Model spans -> OTLP ExportTraceServiceRequest protobuf, written field by field with
 * the writer in proto-writer.ts. The reference codec (src/otlp/encode-proto.ts) builds a
 * message object tree and converts it with reflection, which costs ~16 µs per span
 * and loads the .proto schema; a proxy encodes on the same thread that forwards
 * requests, so this writer goes straight to bytes instead. Its output decodes to the
 * same spans (test/mesh/span-proto-writer.test.ts checks it against the reference).
 *
 * Field numbers: opentelemetry/proto/trace/v1/trace.proto and common/v1/common.proto.
 */
import type { Span } from '../../model/index.js';
import {
  FIXED32,
  FIXED64,
  LEN,
  longBits,
  newWriter,
  tag,
  writeBytes,
  writeEncodedRequest,
  writeKeyValues,
  writeString,
  writeUint32,
  type EncodedItem,
  type Writer,
} from './proto-wire.js';

function writeSpan(w: Writer, s: Span): void {
  writeBytes(w, 1, s.traceId);
  writeBytes(w, 2, s.spanId);
  writeString(w, 3, s.traceState);
  writeBytes(w, 4, s.parentSpanId);
  writeString(w, 5, s.name);
  writeUint32(w, 6, s.kind);
  w.uint32(tag(7, FIXED64)).fixed64(longBits(s.startTimeUnixNano));
  w.uint32(tag(8, FIXED64)).fixed64(longBits(s.endTimeUnixNano));
  writeKeyValues(w, 9, s.attributes);
  writeUint32(w, 10, s.droppedAttributesCount);
  for (const e of s.events) {
    w.uint32(tag(11, LEN)).fork();
    w.uint32(tag(1, FIXED64)).fixed64(longBits(e.timeUnixNano));
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

/** One span as an OTLP `Span` message, ready to be placed in a request. */
export type EncodedSpan = EncodedItem;

/**
 * Encodes one span when it ends, so the cost is spread evenly over requests instead of
 * stalling the event loop for a whole batch at export time, and the export queue holds
 * ~500 bytes per span instead of a span's object graph.
 */
export function encodeSpan(s: Span): EncodedSpan {
  const w = newWriter();
  writeSpan(w, s);
  return { resource: s.resource, scope: s.scope, bytes: w.finish() };
}

/** Encoded spans grouped by their (shared) resource and scope objects into one ExportTraceServiceRequest. */
export function writeEncodedTraceRequest(spans: readonly EncodedSpan[]): Uint8Array {
  return writeEncodedRequest(spans);
}

/** Spans straight to an ExportTraceServiceRequest. */
export function writeTraceRequest(spans: readonly Span[]): Uint8Array {
  return writeEncodedTraceRequest(spans.map(encodeSpan));
}
