/**
 * ExportLogsServiceRequest in the OTLP/JSON mapping -> model log records.
 * Same rules as traces (decode-json.ts): hex ids, integer or named enums, int64 as
 * number or decimal string; structural errors name their JSON path.
 */
import type { InstrumentationScope, LogRecord, Resource } from '../model/index.js';
import { array, field, hexId, enumValue, object, type Obj } from './decode-json.js';
import { OtlpDecodeError } from './errors.js';
import { anyValueFromJson, attributesFromJson, stringFromJson, uint32FromJson, uint64FromJson } from './json-values.js';

const SEVERITY_NUMBER_NAMES = [
  'SEVERITY_NUMBER_UNSPECIFIED',
  ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((n) => [n, `${n}2`, `${n}3`, `${n}4`].map((s) => `SEVERITY_NUMBER_${s}`)),
];

export function parseJsonBody(body: Uint8Array | string): unknown {
  try {
    return JSON.parse(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (err) {
    throw new OtlpDecodeError(`body is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

export function resourceFromJson(rs: Obj, path: string): Resource {
  const res = object(rs['resource'], `${path}.resource`);
  return {
    attributes: attributesFromJson(res['attributes'], `${path}.resource.attributes`),
    droppedAttributesCount: uint32FromJson(field(res, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.resource.droppedAttributesCount`),
    schemaUrl: stringFromJson(field(rs, 'schemaUrl', 'schema_url'), `${path}.schemaUrl`),
  };
}

export function scopeFromJson(ss: Obj, path: string): InstrumentationScope {
  const sc = object(ss['scope'], `${path}.scope`);
  return {
    name: stringFromJson(sc['name'], `${path}.scope.name`),
    version: stringFromJson(sc['version'], `${path}.scope.version`),
    attributes: attributesFromJson(sc['attributes'], `${path}.scope.attributes`),
    droppedAttributesCount: uint32FromJson(field(sc, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.scope.droppedAttributesCount`),
    schemaUrl: stringFromJson(field(ss, 'schemaUrl', 'schema_url'), `${path}.schemaUrl`),
  };
}

function logRecord(x: unknown, path: string, resource: Resource, scope: InstrumentationScope): LogRecord {
  const r = object(x, path);
  return {
    timeUnixNano: uint64FromJson(field(r, 'timeUnixNano', 'time_unix_nano'), `${path}.timeUnixNano`),
    observedTimeUnixNano: uint64FromJson(field(r, 'observedTimeUnixNano', 'observed_time_unix_nano'), `${path}.observedTimeUnixNano`),
    severityNumber: enumValue(field(r, 'severityNumber', 'severity_number'), SEVERITY_NUMBER_NAMES, `${path}.severityNumber`),
    severityText: stringFromJson(field(r, 'severityText', 'severity_text'), `${path}.severityText`),
    body: anyValueFromJson(r['body'], `${path}.body`),
    attributes: attributesFromJson(r['attributes'], `${path}.attributes`),
    droppedAttributesCount: uint32FromJson(field(r, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
    flags: uint32FromJson(r['flags'], `${path}.flags`),
    traceId: hexId(field(r, 'traceId', 'trace_id'), `${path}.traceId`),
    spanId: hexId(field(r, 'spanId', 'span_id'), `${path}.spanId`),
    eventName: stringFromJson(field(r, 'eventName', 'event_name'), `${path}.eventName`),
    resource,
    scope,
  };
}

/** Parses and decodes a JSON body; throws OtlpDecodeError naming the path of the first structural error. */
export function decodeLogsRequestJson(body: Uint8Array | string): LogRecord[] {
  const req = object(parseJsonBody(body), '$');
  const out: LogRecord[] = [];
  const rls = array(field(req, 'resourceLogs', 'resource_logs'), 'resourceLogs');
  for (let i = 0; i < rls.length; i++) {
    const rlPath = `resourceLogs[${i}]`;
    const rl = object(rls[i], rlPath);
    const resource = resourceFromJson(rl, rlPath);
    const sls = array(field(rl, 'scopeLogs', 'scope_logs'), `${rlPath}.scopeLogs`);
    for (let j = 0; j < sls.length; j++) {
      const slPath = `${rlPath}.scopeLogs[${j}]`;
      const sl = object(sls[j], slPath);
      const scope = scopeFromJson(sl, slPath);
      const list = array(field(sl, 'logRecords', 'log_records'), `${slPath}.logRecords`);
      for (let k = 0; k < list.length; k++) out.push(logRecord(list[k], `${slPath}.logRecords[${k}]`, resource, scope));
    }
  }
  return out;
}
