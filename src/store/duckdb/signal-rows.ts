/**
 * Logs and metric points <-> rows. The SELECT lists and the decoders live together so
 * column positions cannot drift (as span-rows.ts). Writes go as delimited text
 * (delimited-insert.ts), or as appender columns for a chunk the text cannot carry;
 * both write the same values.
 */
import { createHash } from 'node:crypto';
import type { DuckDBValue } from '@duckdb/node-api';
import {
  resourceIdentityOfAttributes,
  type InstrumentationScope,
  type LogRecord,
  type MetricPoint,
  type MetricPointData,
  type Resource,
  type Temporality,
} from '../../model/index.js';
import { anyValueFromJson } from '../../otlp/json-values.js';
import { StoreCorruptError } from '../errors.js';
import { decodeAttributeText, encodeAttributeText } from './attribute-text.js';
import { DelimitedText, doubleText, plainText } from './delimited-insert.js';
import { decodePointData, encodePointData } from '../metric-point-json.js';
import { toUint64 } from './ranges.js';
import type { EncodedResourceScope, ResourceScope, ResourceScopeEncoder } from './resource-scopes.js';
import {
  LEGACY_ORIGIN_COLUMNS,
  METRIC_POINT_COLUMNS,
  SIGNAL_RESOURCE_SCOPES_TABLE,
  type MetricPointColumnName,
} from './signal-schema.js';
import { bytesOf } from './span-rows.js';

/** The columns a write's text fills, in order: the legacy origin columns stay NULL. */
export const METRIC_POINT_WRITE_COLUMNS = METRIC_POINT_COLUMNS.filter((c) => !LEGACY_ORIGIN_COLUMNS.has(c.name));

/** The `point` column: NULL for a gauge or sum with a double value (see signal-schema.ts). */
function storedPointData(d: MetricPointData): string | null {
  return (d.type === 'gauge' || d.type === 'sum') && d.value.type === 'double' ? null : encodePointData(d);
}

/** A point's data from its row: the JSON, else the gauge or sum in the typed columns. */
function pointDataOf(point: DuckDBValue | undefined, typed: readonly DuckDBValue[]): MetricPointData {
  if (typeof point === 'string') return decodePointData(point);
  const [type, temporality, monotonic, value] = typed;
  const v = { type: 'double' as const, value: value as number };
  if (type === 'gauge') return { type: 'gauge', value: v };
  if (type === 'sum') return { type: 'sum', temporality: temporality as Temporality, monotonic: monotonic as boolean, value: v };
  throw new StoreCorruptError(`a metric point of type ${String(type)} has no data`);
}

/** metric_points.series_key: the first 8 bytes of sha256(identity \0 name), big-endian. */
export function seriesKey(resourceIdentity: string, name: string): bigint {
  return createHash('sha256').update(`${resourceIdentity}\0${name}`).digest().readBigUInt64BE(0);
}

/** What a row keeps of its resource/scope pair: service, resource identity and the pair's id. */
interface Origin {
  readonly service: string;
  readonly identity: string;
  readonly id: bigint;
  /** The three as delimited fields; undefined when the service is not plain text. */
  readonly text: string | undefined;
  /** series_key by metric name, filled as points of the batch need them. */
  readonly seriesKeys: Map<string, bigint>;
}

function seriesKeyOf(o: Origin, name: string): bigint {
  let k = o.seriesKeys.get(name);
  if (k === undefined) o.seriesKeys.set(name, (k = seriesKey(o.identity, name)));
  return k;
}

/** Pairs of one batch: the encoder's (one per distinct pair) with the row's fields added. */
class Origins {
  private readonly byPair = new Map<EncodedResourceScope, Origin>();

  constructor(private readonly pairs: ResourceScopeEncoder) {}

  of(resource: Resource, scope: InstrumentationScope): Origin {
    const pair = this.pairs.encode(resource, scope);
    let o = this.byPair.get(pair);
    if (o === undefined) {
      const identity = resourceIdentityOfAttributes(resource.attributes).key;
      const text = plainText(pair.service) && plainText(identity) ? `${pair.service}\x1f${identity}\x1f${pair.id}` : undefined;
      o = { service: pair.service, identity, id: pair.id, text, seriesKeys: new Map() };
      this.byPair.set(pair, o);
    }
    return o;
  }
}

/** Columns of one chunk by name, each `n` long, the legacy origin columns left NULL. */
function emptyColumns<N extends string>(defs: readonly { readonly name: N }[], n: number): Record<N, DuckDBValue[]> {
  const c = {} as Record<N, DuckDBValue[]>;
  for (const col of defs) c[col.name] = LEGACY_ORIGIN_COLUMNS.has(col.name) ? new Array<DuckDBValue>(n).fill(null) : new Array<DuckDBValue>(n);
  return c;
}

/** Appender columns (all of METRIC_POINT_COLUMNS) of points [from, to); the pairs go to `pairs`. */
export function encodeMetricPointColumns(points: readonly MetricPoint[], from: number, to: number, pairs: ResourceScopeEncoder): DuckDBValue[][] {
  const n = to - from;
  const c = emptyColumns<MetricPointColumnName>(METRIC_POINT_COLUMNS, n);
  const origins = new Origins(pairs);
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
    c.point[i] = storedPointData(d);
    c.attributes[i] = encodeAttributeText(p.attributes);
    const o = origins.of(p.resource, p.scope);
    c.service[i] = o.service;
    c.resource_identity[i] = o.identity;
    c.resource_scope_id[i] = o.id;
    c.series_key[i] = seriesKeyOf(o, p.name);
  }
  return METRIC_POINT_COLUMNS.map((col) => c[col.name]);
}

/**
 * Points [from, to) as delimited text in METRIC_POINT_WRITE_COLUMNS order; undefined as
 * for encodeLogRows. Rows are grouped by series (first appearance first, arrival order
 * within one): a chart reads one series over a window, and its points stored together
 * share the few vectors DuckDB decompresses to fetch them instead of one vector each.
 * A batch holding several scrapes of each series gets runs as long as the scrapes.
 */
export function encodeMetricPointRows(points: readonly MetricPoint[], from: number, to: number, pairs: ResourceScopeEncoder): string | undefined {
  const origins = new Origins(pairs);
  const bySeries = new Map<bigint, number[]>();
  for (let i = from; i < to; i++) {
    const p = points[i]!;
    const key = seriesKeyOf(origins.of(p.resource, p.scope), p.name);
    const run = bySeries.get(key);
    if (run) run.push(i);
    else bySeries.set(key, [i]);
  }
  const out = new DelimitedText();
  for (const [key, run] of bySeries) {
    for (const i of run) {
      const p = points[i]!;
      const d = p.data;
      const origin = origins.of(p.resource, p.scope).text;
      const attributes = encodeAttributeText(p.attributes);
      // The point's JSON never holds a raw control character; the other texts may.
      if (origin === undefined || !plainText(p.name) || !plainText(p.description) || !plainText(p.unit) || !plainText(attributes)) return undefined;
      const temporality = 'temporality' in d ? d.temporality : 0;
      const monotonic = d.type === 'sum' && d.monotonic ? '1' : '0';
      const value = d.type === 'gauge' || d.type === 'sum' ? doubleText(Number(d.value.value)) : '';
      out.add(
        `${p.name}\x1f${p.description}\x1f${p.unit}\x1f${d.type}\x1f${temporality}\x1f${monotonic}\x1f` +
          `${toUint64(p.startTimeUnixNano)}\x1f${toUint64(p.timeUnixNano)}\x1f${p.flags}\x1f${value}\x1f` +
          `${storedPointData(d) ?? ''}\x1f${attributes}\x1f${origin}\x1f${key}`,
      );
    }
  }
  return out.text();
}

/**
 * The legacy origin columns, then resource_scope_id: the tail of both SELECT lists.
 * Rows known to be newer (a non-NULL key) select NULLs instead of the legacy columns:
 * fetching 8 all-NULL columns for rows scattered over a window cost more than the rest.
 */
function originSelect(legacy: boolean): string {
  return legacy
    ? 'resource_attributes, resource_dropped_attributes, resource_schema_url, scope_name, scope_version, scope_attributes, ' +
        'scope_dropped_attributes, scope_schema_url, resource_scope_id'
    : 'NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, resource_scope_id';
}

function decodeOrigin(r: readonly DuckDBValue[], at: number, pairs: ReadonlyMap<bigint, ResourceScope>): ResourceScope {
  const id = r[at + 8];
  if (typeof id === 'bigint') {
    const pair = pairs.get(id);
    if (pair === undefined) throw new StoreCorruptError(`${SIGNAL_RESOURCE_SCOPES_TABLE} has no row ${id}, which a log or point refers to`);
    return pair;
  }
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

/** The log columns decodeLog reads; `legacy`: the rows may be from an older file (originSelect). */
export function logSelect(legacy: boolean): string {
  return 'time_ns, observed_ns, severity_number, severity_text, body, attributes, dropped_attributes, flags, trace_id, span_id, event_name, ' + originSelect(legacy);
}

/** Where resource_scope_id is in a LOG_SELECT row. */
export const LOG_RESOURCE_SCOPE_ID_INDEX = 19;

export function decodeLog(r: readonly DuckDBValue[], pairs: ReadonlyMap<bigint, ResourceScope>): LogRecord {
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
    ...decodeOrigin(r, 11, pairs),
  };
}

/** The point columns decodeMetricPoint reads; `legacy` as for logSelect. */
export function metricPointSelect(legacy: boolean): string {
  return 'name, description, unit, start_ns, time_ns, flags, point, attributes, ' + originSelect(legacy) + ', type, temporality, monotonic, value';
}

/** Where resource_scope_id is in a METRIC_POINT_SELECT row. */
export const METRIC_POINT_RESOURCE_SCOPE_ID_INDEX = 16;

export function decodeMetricPoint(r: readonly DuckDBValue[], pairs: ReadonlyMap<bigint, ResourceScope>): MetricPoint {
  return {
    name: r[0] as string,
    description: (r[1] as string | null) ?? '',
    unit: (r[2] as string | null) ?? '',
    startTimeUnixNano: r[3] as bigint,
    timeUnixNano: r[4] as bigint,
    flags: r[5] as number,
    data: pointDataOf(r[6], r.slice(17, 21)),
    attributes: decodeAttributeText(r[7] as string | null),
    ...decodeOrigin(r, 8, pairs),
  };
}
