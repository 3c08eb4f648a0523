/**
 * Logs and metric points <-> rows. The SELECT lists and the decoders live together so
 * column positions cannot drift (as span-rows.ts).
 */
import { blobValue, type DuckDBValue } from '@duckdb/node-api';
import {
  anyValueToString,
  resourceIdentityOfAttributes,
  serviceNameOf,
  type InstrumentationScope,
  type LogRecord,
  type MetricPoint,
  type Resource,
} from '../../model/index.js';
import { anyValueFromJson } from '../../otlp/json-values.js';
import { decodeAttributeText, encodeAttributeText } from './attribute-text.js';
import { decodePointData, encodePointData } from './metric-point-json.js';
import { anyValueJsonText } from '../../otlp/otlp-json-writer.js';
import { toUint64 } from './ranges.js';
import { LOG_COLUMNS, METRIC_POINT_COLUMNS, type LogColumnName, type MetricPointColumnName } from './signal-schema.js';
import { bytesOf } from './span-rows.js';

type OriginName = 'service' | 'resource_identity' | 'resource_attributes' | 'resource_dropped_attributes' | 'resource_schema_url' | 'scope_name' | 'scope_version' | 'scope_attributes' | 'scope_dropped_attributes' | 'scope_schema_url';

/** Origin columns by resource, then scope: a batch mixes few resources, often interleaved, and each is encoded once. */
type OriginCache = Map<Resource, Map<InstrumentationScope, Record<OriginName, DuckDBValue>>>;

function originValues(resource: Resource, scope: InstrumentationScope, cache: OriginCache): Record<OriginName, DuckDBValue> {
  let byScope = cache.get(resource);
  const hit = byScope?.get(scope);
  if (hit) return hit;
  const values: Record<OriginName, DuckDBValue> = {
    service: serviceNameOf(resource),
    resource_identity: resourceIdentityOfAttributes(resource.attributes).key,
    resource_attributes: encodeAttributeText(resource.attributes),
    resource_dropped_attributes: resource.droppedAttributesCount,
    resource_schema_url: resource.schemaUrl,
    scope_name: scope.name,
    scope_version: scope.version,
    scope_attributes: encodeAttributeText(scope.attributes),
    scope_dropped_attributes: scope.droppedAttributesCount,
    scope_schema_url: scope.schemaUrl,
  };
  if (!byScope) cache.set(resource, (byScope = new Map()));
  byScope.set(scope, values);
  return values;
}

export function encodeLogColumns(records: readonly LogRecord[], from: number, to: number): DuckDBValue[][] {
  const n = to - from;
  const c = {} as Record<LogColumnName, DuckDBValue[]>;
  for (const col of LOG_COLUMNS) c[col.name] = new Array<DuckDBValue>(n);
  const cache: OriginCache = new Map();
  for (let i = 0; i < n; i++) {
    const r = records[from + i]!;
    c.ts_ns[i] = toUint64(r.timeUnixNano !== 0n ? r.timeUnixNano : r.observedTimeUnixNano);
    c.time_ns[i] = toUint64(r.timeUnixNano);
    c.observed_ns[i] = toUint64(r.observedTimeUnixNano);
    c.severity_number[i] = r.severityNumber;
    c.severity_text[i] = r.severityText;
    c.body[i] = anyValueJsonText(r.body);
    c.body_search[i] = anyValueToString(r.body).toLowerCase();
    c.attributes[i] = encodeAttributeText(r.attributes);
    c.dropped_attributes[i] = r.droppedAttributesCount;
    c.flags[i] = r.flags;
    c.trace_id[i] = blobValue(r.traceId);
    c.span_id[i] = blobValue(r.spanId);
    c.event_name[i] = r.eventName;
    const o = originValues(r.resource, r.scope, cache);
    for (const k in o) c[k as OriginName][i] = o[k as OriginName];
  }
  return LOG_COLUMNS.map((col) => c[col.name]);
}

export function encodeMetricPointColumns(points: readonly MetricPoint[], from: number, to: number): DuckDBValue[][] {
  const n = to - from;
  const c = {} as Record<MetricPointColumnName, DuckDBValue[]>;
  for (const col of METRIC_POINT_COLUMNS) c[col.name] = new Array<DuckDBValue>(n);
  const cache: OriginCache = new Map();
  for (let i = 0; i < n; i++) {
    const p = points[from + i]!;
    const d = p.data;
    c.name[i] = p.name;
    c.description[i] = p.description;
    c.unit[i] = p.unit;
    c.type[i] = d.type;
    c.temporality[i] = 'temporality' in d ? d.temporality : 0;
    c.monotonic[i] = d.type === 'sum' ? d.monotonic : false;
    c.start_ns[i] = toUint64(p.startTimeUnixNano);
    c.time_ns[i] = toUint64(p.timeUnixNano);
    c.flags[i] = p.flags;
    c.value[i] = d.type === 'gauge' || d.type === 'sum' ? Number(d.value.value) : null;
    c.point[i] = encodePointData(d);
    c.attributes[i] = encodeAttributeText(p.attributes);
    const o = originValues(p.resource, p.scope, cache);
    for (const k in o) c[k as OriginName][i] = o[k as OriginName];
  }
  return METRIC_POINT_COLUMNS.map((col) => c[col.name]);
}

const ORIGIN_SELECT =
  'resource_attributes, resource_dropped_attributes, resource_schema_url, scope_name, scope_version, scope_attributes, scope_dropped_attributes, scope_schema_url';

function decodeOrigin(r: readonly DuckDBValue[], at: number): { resource: Resource; scope: InstrumentationScope } {
  return {
    resource: {
      attributes: decodeAttributeText(r[at] as string | null),
      droppedAttributesCount: r[at + 1] as number,
      schemaUrl: (r[at + 2] as string | null) ?? '',
    },
    scope: {
      name: (r[at + 3] as string | null) ?? '',
      version: (r[at + 4] as string | null) ?? '',
      attributes: decodeAttributeText(r[at + 5] as string | null),
      droppedAttributesCount: r[at + 6] as number,
      schemaUrl: (r[at + 7] as string | null) ?? '',
    },
  };
}

export const LOG_SELECT =
  'time_ns, observed_ns, severity_number, severity_text, body, attributes, dropped_attributes, flags, trace_id, span_id, event_name, ' + ORIGIN_SELECT;

export function decodeLog(r: readonly DuckDBValue[]): LogRecord {
  return {
    timeUnixNano: r[0] as bigint,
    observedTimeUnixNano: r[1] as bigint,
    severityNumber: r[2] as number,
    severityText: (r[3] as string | null) ?? '',
    body: anyValueFromJson(JSON.parse(r[4] as string), 'body'),
    attributes: decodeAttributeText(r[5] as string | null),
    droppedAttributesCount: r[6] as number,
    flags: r[7] as number,
    traceId: bytesOf(r[8]),
    spanId: bytesOf(r[9]),
    eventName: (r[10] as string | null) ?? '',
    ...decodeOrigin(r, 11),
  };
}

export const METRIC_POINT_SELECT = 'name, description, unit, start_ns, time_ns, flags, point, attributes, ' + ORIGIN_SELECT;

export function decodeMetricPoint(r: readonly DuckDBValue[]): MetricPoint {
  return {
    name: r[0] as string,
    description: (r[1] as string | null) ?? '',
    unit: (r[2] as string | null) ?? '',
    startTimeUnixNano: r[3] as bigint,
    timeUnixNano: r[4] as bigint,
    flags: r[5] as number,
    data: decodePointData(r[6] as string),
    attributes: decodeAttributeText(r[7] as string | null),
    ...decodeOrigin(r, 8),
  };
}
