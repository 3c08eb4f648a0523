/**
 * Model spans -> OTLP ExportTraceServiceRequest protobuf, written field by field with
 * the writer in src/otlp/proto-writer.ts. The reference codec (src/otlp/encode-proto.ts) builds a
 * message object tree and converts it with reflection, which costs ~16 µs per span
 * and loads the .proto schema; a proxy encodes on the same thread that forwards
 * requests, so this writer goes straight to bytes instead. Its output decodes to the
 * same spans (test/mesh/span-proto-writer.test.ts checks it against the reference).
 *
 * Field numbers: opentelemetry/proto/trace/v1/trace.proto and common/v1/common.proto.
 */
import type { Span } from '../../model/index.js';
import {
  ProtoWriter,
  WIRE,
  writeBytesField,
  writeFixed32Field,
  writeInt32Field,
  writeKeyValues,
  writeStringField,
  writeUint32Field,
} from '../../otlp/proto-writer.js';
import { writeEncodedRequest, type EncodedItem } from './proto-wire.js';

const { FIXED64, LEN } = WIRE;

function writeSpan(w: ProtoWriter, s: Span): void {
  writeBytesField(w, 1, s.traceId);
  writeBytesField(w, 2, s.spanId);
  writeStringField(w, 3, s.traceState);
  writeBytesField(w, 4, s.parentSpanId);
  writeStringField(w, 5, s.name);
  writeInt32Field(w, 6, s.kind);
  // The times are written even when zero.
  w.tag(7, FIXED64);
  w.fixed64(s.startTimeUnixNano);
  w.tag(8, FIXED64);
  w.fixed64(s.endTimeUnixNano);
  writeKeyValues(w, 9, s.attributes);
  writeUint32Field(w, 10, s.droppedAttributesCount);
  for (const e of s.events) {
    w.tag(11, LEN);
    const at = w.begin();
    w.tag(1, FIXED64);
    w.fixed64(e.timeUnixNano);
    writeStringField(w, 2, e.name);
    writeKeyValues(w, 3, e.attributes);
    writeUint32Field(w, 4, e.droppedAttributesCount);
    w.end(at);
  }
  writeUint32Field(w, 12, s.droppedEventsCount);
  for (const l of s.links) {
    w.tag(13, LEN);
    const at = w.begin();
    writeBytesField(w, 1, l.traceId);
    writeBytesField(w, 2, l.spanId);
    writeStringField(w, 3, l.traceState);
    writeKeyValues(w, 4, l.attributes);
    writeUint32Field(w, 5, l.droppedAttributesCount);
    writeFixed32Field(w, 6, l.flags);
    w.end(at);
  }
  writeUint32Field(w, 14, s.droppedLinksCount);
  if (s.statusCode !== 0 || s.statusMessage !== '') {
    w.tag(15, LEN);
    const at = w.begin();
    writeStringField(w, 2, s.statusMessage);
    writeInt32Field(w, 3, s.statusCode);
    w.end(at);
  }
  writeFixed32Field(w, 16, s.flags);
}

/** One writer for every span, started over for each; finish() copies the span's bytes out. */
const writer = new ProtoWriter(4 * 1024);

/** One span as an OTLP `Span` message, ready to be placed in a request. */
export type EncodedSpan = EncodedItem;

/**
 * Encodes one span when it ends, so the cost is spread evenly over requests instead of
 * stalling the event loop for a whole batch at export time, and the export queue holds
 * ~500 bytes per span instead of a span's object graph.
 */
export function encodeSpan(s: Span): EncodedSpan {
  writer.reset();
  writeSpan(writer, s);
  return { resource: s.resource, scope: s.scope, bytes: writer.finish() };
}

/** Encoded spans grouped by their (shared) resource and scope objects into one ExportTraceServiceRequest. */
export function writeEncodedTraceRequest(spans: readonly EncodedSpan[]): Uint8Array {
  return writeEncodedRequest(spans);
}

/** Spans straight to an ExportTraceServiceRequest. */
export function writeTraceRequest(spans: readonly Span[]): Uint8Array {
  return writeEncodedTraceRequest(spans.map(encodeSpan));
}
