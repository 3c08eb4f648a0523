/**
 * The proxy's log records -> OTLP `LogRecord` messages (opentelemetry/proto/logs/v1/
 * logs.proto), encoded when they are made, like spans (span-proto-writer.ts), and sent
 * in an ExportLogsServiceRequest by writeEncodedRequest. The proxy's logs are few and
 * simple: a text body, string or int attributes, and the trace context of the span the
 * request was recorded in, so the UI shows them under that span.
 */
import type { InstrumentationScope, KeyValue, Resource } from '../../model/index.js';
import { FIXED32, LEN, newWriter, tag, writeBytes, writeFixed64, writeKeyValues, writeString, writeUint32, type EncodedItem } from './proto-wire.js';

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

export function encodeLogRecord(r: MeshLogRecord, resource: Resource, scope: InstrumentationScope): EncodedLogRecord {
  const w = newWriter();
  writeFixed64(w, 1, r.timeUnixNano);
  writeUint32(w, 2, r.severityNumber);
  writeString(w, 3, r.severityText);
  w.uint32(tag(5, LEN)).fork();
  w.uint32(tag(1, LEN)).string(r.body); // AnyValue.string_value
  w.ldelim();
  writeKeyValues(w, 6, r.attributes);
  if (r.flags !== 0) w.uint32(tag(8, FIXED32)).fixed32(r.flags);
  writeBytes(w, 9, r.traceId);
  writeBytes(w, 10, r.spanId);
  writeFixed64(w, 11, r.observedTimeUnixNano);
  return { resource, scope, bytes: w.finish() };
}
