/**
 * Logs and metric points <-> rows, as span-rows.ts does for spans: ingest rows of
 * LOG_INGEST_COLUMNS / METRIC_POINT_INGEST_COLUMNS (hex ids, decimal unix ns), and
 * the SELECT lists next to their decoders so positions cannot drift.
 */
import { bytesToHex, resourceIdentityOfAttributes, type LogRecord, type MetricPoint } from '../../model/index.js';
import { decodePointData, encodePointData } from '../metric-point-json.js';
import { decodeAttributes, encodeAttributes } from './attributes.js';
import type { EncodedResourceScope, ResourceScope, ResourceScopeEncoder } from './resource-scopes.js';
import { clampTime } from './span-rows.js';

const NO_TRACE = '00000000000000000000000000000000';
const NO_SPAN = '0000000000000000';

function hexBytes(hex: string, none: string): Uint8Array {
  // Zero ids are what a record without trace context is stored as.
  return hex === none ? new Uint8Array(0) : new Uint8Array(Buffer.from(hex, 'hex'));
}

export function logIngestRow(r: LogRecord, pairs: ResourceScopeEncoder): unknown[] {
  const rs = pairs.encode(r.resource, r.scope);
  const a = encodeAttributes(r.attributes);
  const body = encodeAttributes([{ key: '', value: r.body }]);
  const hasTime = r.timeUnixNano !== 0n;
  return [
    bytesToHex(r.traceId),
    bytesToHex(r.spanId),
    clampTime(hasTime ? r.timeUnixNano : r.observedTimeUnixNano).toString(),
    clampTime(r.observedTimeUnixNano).toString(),
    hasTime ? 1 : 0,
    r.severityNumber,
    r.severityText,
    body.values[0],
    body.types,
    body.json[0] ?? '',
    a.keys,
    a.values,
    a.types,
    a.json,
    r.droppedAttributesCount,
    r.flags,
    r.eventName,
    rs.service,
    rs.id.toString(),
  ];
}

/** Identity keys by pair: computed once per resource of a batch, not per point. */
export class IdentityKeys {
  private readonly keys = new Map<bigint, string>();

  of(pair: EncodedResourceScope): string {
    let key = this.keys.get(pair.id);
    if (key === undefined) {
      key = resourceIdentityOfAttributes(pair.resource.attributes).key;
      this.keys.set(pair.id, key);
    }
    return key;
  }
}

export function metricPointIngestRow(p: MetricPoint, pairs: ResourceScopeEncoder, identities: IdentityKeys): unknown[] {
  const rs = pairs.encode(p.resource, p.scope);
  const a = encodeAttributes(p.attributes);
  return [
    identities.of(rs),
    p.name,
    clampTime(p.timeUnixNano).toString(),
    clampTime(p.startTimeUnixNano).toString(),
    p.description,
    p.unit,
    p.data.type,
    p.flags,
    encodePointData(p.data),
    a.keys,
    a.values,
    a.types,
    a.json,
    rs.service,
    rs.id.toString(),
  ];
}

const NS = (column: string): string => `toString(toUnixTimestamp64Nano(${column}))`;

export const LOG_SELECT =
  `lower(hex(trace_id)), lower(hex(span_id)), ${NS('ts')}, ${NS('observed_ts')}, has_time, severity_number, severity_text, ` +
  'body, body_type, body_json, attribute_keys, attribute_values, attribute_types, attribute_json, dropped_attributes, flags, ' +
  'event_name, toString(resource_scope_id)';

/** Position of the resource/scope id in LOG_SELECT and METRIC_POINT_SELECT. */
export const LOG_RESOURCE_SCOPE_INDEX = 17;

type LogRow = [string, string, string, string, number, number, string, string, string, string, string[], string[], string, string[], number, number, string, string];

export function decodeLog(raw: readonly unknown[], origin: ResourceScope): LogRecord {
  const r = raw as LogRow;
  const [body] = decodeAttributes([''], [r[7]], r[8], [r[9]]);
  return {
    timeUnixNano: r[4] === 1 ? BigInt(r[2]) : 0n,
    observedTimeUnixNano: BigInt(r[3]),
    severityNumber: r[5],
    severityText: r[6],
    body: body!.value,
    attributes: decodeAttributes(r[10], r[11], r[12], r[13]),
    droppedAttributesCount: r[14],
    flags: r[15],
    traceId: hexBytes(r[0], NO_TRACE),
    spanId: hexBytes(r[1], NO_SPAN),
    eventName: r[16],
    resource: origin.resource,
    scope: origin.scope,
  };
}

export const METRIC_POINT_SELECT =
  `name, description, unit, ${NS('start')}, ${NS('time')}, flags, point, ` +
  'attribute_keys, attribute_values, attribute_types, attribute_json, toString(resource_scope_id)';

export const METRIC_POINT_RESOURCE_SCOPE_INDEX = 11;

type PointRow = [string, string, string, string, string, number, string, string[], string[], string, string[], string];

export function decodeMetricPoint(raw: readonly unknown[], origin: ResourceScope): MetricPoint {
  const r = raw as PointRow;
  return {
    name: r[0],
    description: r[1],
    unit: r[2],
    startTimeUnixNano: BigInt(r[3]),
    timeUnixNano: BigInt(r[4]),
    flags: r[5],
    data: decodePointData(r[6]),
    attributes: decodeAttributes(r[7], r[8], r[9], r[10]),
    resource: origin.resource,
    scope: origin.scope,
  };
}
