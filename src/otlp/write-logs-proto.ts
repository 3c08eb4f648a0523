/**
 * Model log records of one resource and scope -> an ExportLogsServiceRequest (protobuf)
 * with the fast writer (proto-writer.ts). encode-logs-proto.ts (protobufjs) is the
 * reference; decodeLogsRequestProto reads either.
 */
import type { InstrumentationScope, LogRecord, Resource } from '../model/index.js';
import {
  WIRE,
  writeAnyValueField,
  writeBytesField,
  writeFixed32Field,
  writeFixed64Field,
  writeInt32Field,
  writeKeyValues,
  writeResourceField,
  writeScopeField,
  writeStringField,
  writeUint32Field,
  type ProtoWriter,
} from './proto-writer.js';

/** The fields of a logs.v1.LogRecord (field numbers from proto/opentelemetry/proto/logs/v1/logs.proto). */
export function writeLogRecord(w: ProtoWriter, r: LogRecord): void {
  writeFixed64Field(w, 1, r.timeUnixNano);
  writeInt32Field(w, 2, r.severityNumber);
  writeStringField(w, 3, r.severityText);
  writeAnyValueField(w, 5, r.body);
  writeKeyValues(w, 6, r.attributes);
  writeUint32Field(w, 7, r.droppedAttributesCount);
  writeFixed32Field(w, 8, r.flags);
  writeBytesField(w, 9, r.traceId);
  writeBytesField(w, 10, r.spanId);
  writeFixed64Field(w, 11, r.observedTimeUnixNano);
  writeStringField(w, 12, r.eventName);
}

/**
 * Starts an ExportLogsServiceRequest of one ResourceLogs with one ScopeLogs; write each
 * record with `writeLogRecordField`, then call the returned function to close it.
 */
export function beginLogsRequest(w: ProtoWriter, resource: Resource, scope: InstrumentationScope): () => void {
  w.tag(1, WIRE.LEN); // resource_logs
  const resourceLogs = w.begin();
  writeResourceField(w, 1, resource);
  w.tag(2, WIRE.LEN); // scope_logs
  const scopeLogs = w.begin();
  writeScopeField(w, 1, scope);
  return () => {
    writeStringField(w, 3, scope.schemaUrl);
    w.end(scopeLogs);
    writeStringField(w, 3, resource.schemaUrl);
    w.end(resourceLogs);
  };
}

/** One record as ScopeLogs.log_records (field 2). */
export function writeLogRecordField(w: ProtoWriter, r: LogRecord): void {
  w.tag(2, WIRE.LEN);
  const at = w.begin();
  writeLogRecord(w, r);
  w.end(at);
}
