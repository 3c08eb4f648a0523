/**
 * The proxy's log records -> OTLP `LogRecord` messages (opentelemetry/proto/logs/v1/
 * logs.proto), encoded when they are made, like spans (span-proto-writer.ts), and sent
 * in an ExportLogsServiceRequest by writeEncodedRequest. The proxy's logs are few and
 * simple: a text body, string or int attributes, and the trace context of the span the
 * request was recorded in, so the UI shows them under that span.
 */
import type { InstrumentationScope, KeyValue, Resource } from '../../model/index.js';
import { ProtoWriter, WIRE, writeBytesField, writeFixed32Field, writeInt32Field, writeKeyValues, writeStringField } from '../../otlp/proto-writer.js';
import type { EncodedItem } from './proto-wire.js';

/** SeverityNumber values the proxy uses (logs.proto). */
export const Severity = { INFO: 9, WARN: 13, ERROR: 17 } as const;
export type SeverityNumber = (typeof Severity)[keyof typeof Severity];

export interface MeshLogRecord {
  readonly timeUnixNano: bigint;
  readonly observedTimeUnixNano: bigint;
  readonly severityNumber: SeverityNumber;
  /** `ERROR`, `WARN`, `INFO` */
  readonly severityText: string;
  readonly body: string;
  readonly attributes: readonly KeyValue[];
  /** 16 bytes; empty: outside any trace. */
  readonly traceId: Uint8Array;
  /** 8 bytes; empty: outside any span. */
  readonly spanId: Uint8Array;
  /** W3C trace flags (the low byte). */
  readonly flags: number;
}

export type EncodedLogRecord = EncodedItem;

/** One writer for every record, started over for each; finish() copies the record's bytes out. */
const w = new ProtoWriter(1024);

export function encodeLogRecord(r: MeshLogRecord, resource: Resource, scope: InstrumentationScope): EncodedLogRecord {
  w.reset();
  // The times are written even when zero.
  w.tag(1, WIRE.FIXED64);
  w.fixed64(r.timeUnixNano);
  writeInt32Field(w, 2, r.severityNumber);
  writeStringField(w, 3, r.severityText);
  w.tag(5, WIRE.LEN);
  const body = w.begin();
  w.tag(1, WIRE.LEN); // AnyValue.string_value
  w.string(r.body);
  w.end(body);
  writeKeyValues(w, 6, r.attributes);
  writeFixed32Field(w, 8, r.flags);
  writeBytesField(w, 9, r.traceId);
  writeBytesField(w, 10, r.spanId);
  w.tag(11, WIRE.FIXED64);
  w.fixed64(r.observedTimeUnixNano);
  return { resource, scope, bytes: w.finish() };
}
