/** ExportLogsServiceRequest (protobuf) -> model log records, through protobufjs. */
import type { InstrumentationScope, LogRecord, Resource } from '../model/index.js';
import { anyValue, attributes, copyBytes, type PbAnyValue, type PbKeyValue } from './decode-proto.js';
import { OtlpDecodeError } from './errors.js';
import { longToBigInt, type LongLike } from './long.js';
import { LOGS_REQUEST, otlpType } from './proto-root.js';

interface PbLogRecord {
  timeUnixNano?: LongLike | number;
  observedTimeUnixNano?: LongLike | number;
  severityNumber?: number;
  severityText?: string;
  body?: PbAnyValue | null;
  attributes?: PbKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  eventName?: string;
}

export interface PbResourceScope {
  resource?: { attributes?: PbKeyValue[]; droppedAttributesCount?: number } | null;
  schemaUrl?: string;
}
export interface PbScope {
  scope?: { name?: string; version?: string; attributes?: PbKeyValue[]; droppedAttributesCount?: number } | null;
  schemaUrl?: string;
}

interface PbLogsRequest {
  resourceLogs?: (PbResourceScope & { scopeLogs?: (PbScope & { logRecords?: PbLogRecord[] })[] })[];
}

export function resourceFromProto(rs: PbResourceScope): Resource {
  return {
    attributes: attributes(rs.resource?.attributes),
    droppedAttributesCount: rs.resource?.droppedAttributesCount ?? 0,
    schemaUrl: rs.schemaUrl ?? '',
  };
}

export function scopeFromProto(ss: PbScope): InstrumentationScope {
  return {
    name: ss.scope?.name ?? '',
    version: ss.scope?.version ?? '',
    attributes: attributes(ss.scope?.attributes),
    droppedAttributesCount: ss.scope?.droppedAttributesCount ?? 0,
    schemaUrl: ss.schemaUrl ?? '',
  };
}

function logRecord(r: PbLogRecord, resource: Resource, scope: InstrumentationScope): LogRecord {
  return {
    timeUnixNano: longToBigInt(r.timeUnixNano, false),
    observedTimeUnixNano: longToBigInt(r.observedTimeUnixNano, false),
    severityNumber: r.severityNumber ?? 0,
    severityText: r.severityText ?? '',
    body: anyValue(r.body),
    attributes: attributes(r.attributes),
    droppedAttributesCount: r.droppedAttributesCount ?? 0,
    flags: r.flags ?? 0,
    traceId: copyBytes(r.traceId),
    spanId: copyBytes(r.spanId),
    eventName: r.eventName ?? '',
    resource,
    scope,
  };
}

/** Decodes a protobuf body; throws OtlpDecodeError when it is not an ExportLogsServiceRequest. */
export function decodeLogsRequestProto(body: Uint8Array): LogRecord[] {
  let req: PbLogsRequest;
  try {
    req = otlpType(LOGS_REQUEST).decode(body) as unknown as PbLogsRequest;
  } catch (err) {
    throw new OtlpDecodeError(`body is not a valid protobuf ExportLogsServiceRequest: ${(err as Error).message}`, { cause: err });
  }
  const out: LogRecord[] = [];
  for (const rl of req.resourceLogs ?? []) {
    const resource = resourceFromProto(rl);
    for (const sl of rl.scopeLogs ?? []) {
      const scope = scopeFromProto(sl);
      for (const r of sl.logRecords ?? []) out.push(logRecord(r, resource, scope));
    }
  }
  return out;
}
