/** Model log records -> ExportLogsServiceRequest (protobuf, or OTLP/JSON), through protobufjs. */
import type { LogRecord } from '../model/index.js';
import { anyValueProto, attributesProto, groupByResourceAndScope, protoObjectToOtlpJson, type Pb } from './encode-common-proto.js';
import { LOGS_REQUEST, otlpType } from './proto-root.js';

function logRecordProto(r: LogRecord): Pb {
  return {
    timeUnixNano: r.timeUnixNano.toString(),
    observedTimeUnixNano: r.observedTimeUnixNano.toString(),
    severityNumber: r.severityNumber,
    severityText: r.severityText,
    body: anyValueProto(r.body),
    attributes: attributesProto(r.attributes),
    droppedAttributesCount: r.droppedAttributesCount,
    flags: r.flags,
    traceId: r.traceId,
    spanId: r.spanId,
    eventName: r.eventName,
  };
}

export function logsToProtoObject(records: readonly LogRecord[]): Pb {
  return { resourceLogs: groupByResourceAndScope(records, 'scopeLogs', (list) => ({ logRecords: list.map(logRecordProto) })) };
}

export function encodeLogsRequestProto(records: readonly LogRecord[]): Uint8Array {
  const t = otlpType(LOGS_REQUEST);
  return t.encode(t.fromObject(logsToProtoObject(records))).finish();
}

export function encodeLogsRequestJson(records: readonly LogRecord[]): string {
  return protoObjectToOtlpJson(logsToProtoObject(records));
}
