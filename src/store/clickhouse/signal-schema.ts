/**
 * Schema version 2: logs and metric points, in the pattern of the span tables.
 *
 *   logs_ingest (Null) ----------logs_ingest_mv----------> logs
 *   metric_points_ingest (Null) --metric_points_ingest_mv--> metric_points
 *
 * Writers insert hex ids and unix ns; the views turn them into FixedString and
 * DateTime64(9). Resource and scope go to resource_scopes, as for spans: rows hold
 * the pair's id, plus the two columns the joins and searches filter on (service, and
 * for points the resource identity).
 *
 * - logs: ORDER BY (15-minute bucket, trace_id, time): the records of one trace lie
 *   together, and with the bloom filter on trace_id "logs of a trace" reads a granule
 *   or two per bucket. A record without trace context has zero ids.
 * - metric_points: ORDER BY (resource identity, name, time): "series of a pod over an
 *   hour" is one range of the primary key. The point's data (value or buckets) is its
 *   exact JSON (metric-point-json.ts), which ZSTD packs well next to its neighbours.
 *
 * On a cluster logs shard by trace id (next to their trace) and points by identity.
 */
import { ATTRS, createTableStatements, DATETIME, LC, TZ, type Layout, type TableDef } from './schema.js';

const LOGS: TableDef = {
  name: 'logs',
  columns: [
    'trace_id FixedString(16) CODEC(ZSTD(1))',
    'span_id FixedString(8) CODEC(ZSTD(1))',
    // The record's time, or its observed time when it has none: what order, search and retention use.
    `ts ${DATETIME} CODEC(Delta, ZSTD(1))`,
    `observed_ts ${DATETIME} CODEC(Delta, ZSTD(1))`,
    // 0 when time_unix_nano was 0 (ts is then the observed time).
    'has_time UInt8 CODEC(ZSTD(1))',
    'severity_number UInt8 CODEC(ZSTD(1))',
    `severity_text ${LC} CODEC(ZSTD(1))`,
    // The body as one attribute would be stored (attributes.ts): its text form, which
    // search matches, a type letter, and OTLP/JSON for arrays and kvlists only.
    'body String CODEC(ZSTD(1))',
    `body_type ${LC} CODEC(ZSTD(1))`,
    'body_json String CODEC(ZSTD(1))',
    ...ATTRS(''),
    'dropped_attributes UInt32 CODEC(T64, ZSTD(1))',
    'flags UInt32 CODEC(T64, ZSTD(1))',
    `event_name ${LC} CODEC(ZSTD(1))`,
    `service ${LC} CODEC(ZSTD(1))`,
    'resource_scope_id UInt64 CODEC(ZSTD(1))',
    'INDEX idx_trace_id trace_id TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_service service TYPE set(100) GRANULARITY 4',
  ],
  engine: 'MergeTree',
  tail: 'PARTITION BY toDate(ts) ORDER BY (toStartOfFifteenMinutes(ts), trace_id, ts)',
  ttlOn: 'toDateTime(ts)',
  dropParts: true,
  shardBy: 'cityHash64(trace_id)',
  settings: 'index_granularity = 1024',
};

const METRIC_POINTS: TableDef = {
  name: 'metric_points',
  columns: [
    // k8s.pod.name=..,k8s.namespace.name=.. (resource-identity.ts); '' when the resource names no pod, instance or host.
    `resource_identity ${LC} CODEC(ZSTD(1))`,
    `name ${LC} CODEC(ZSTD(1))`,
    `time ${DATETIME} CODEC(Delta, ZSTD(1))`,
    `start ${DATETIME} CODEC(Delta, ZSTD(1))`,
    `description ${LC} CODEC(ZSTD(1))`,
    `unit ${LC} CODEC(ZSTD(1))`,
    // gauge, sum, histogram, exponential_histogram, summary
    `type ${LC} CODEC(ZSTD(1))`,
    'flags UInt32 CODEC(T64, ZSTD(1))',
    'point String CODEC(ZSTD(1))',
    ...ATTRS(''),
    `service ${LC} CODEC(ZSTD(1))`,
    'resource_scope_id UInt64 CODEC(ZSTD(1))',
  ],
  engine: 'MergeTree',
  tail: 'PARTITION BY toDate(time) ORDER BY (resource_identity, name, time)',
  ttlOn: 'toDateTime(time)',
  dropParts: true,
  shardBy: 'cityHash64(resource_identity)',
};

export const SIGNAL_TABLES: readonly TableDef[] = [LOGS, METRIC_POINTS];

/** logs_ingest, in JSONCompactEachRow order (signal-rows.ts writes these). */
export const LOG_INGEST_COLUMNS = [
  ['trace_id', 'String'],
  ['span_id', 'String'],
  ['ts_ns', 'Int64'],
  ['observed_ns', 'Int64'],
  ['has_time', 'UInt8'],
  ['severity_number', 'UInt8'],
  ['severity_text', 'String'],
  ['body', 'String'],
  ['body_type', 'String'],
  ['body_json', 'String'],
  ['attribute_keys', 'Array(String)'],
  ['attribute_values', 'Array(String)'],
  ['attribute_types', 'String'],
  ['attribute_json', 'Array(String)'],
  ['dropped_attributes', 'UInt32'],
  ['flags', 'UInt32'],
  ['event_name', 'String'],
  ['service', 'String'],
  ['resource_scope_id', 'UInt64'],
] as const;

export const METRIC_POINT_INGEST_COLUMNS = [
  ['resource_identity', 'String'],
  ['name', 'String'],
  ['time_ns', 'Int64'],
  ['start_ns', 'Int64'],
  ['description', 'String'],
  ['unit', 'String'],
  ['type', 'String'],
  ['flags', 'UInt32'],
  ['point', 'String'],
  ['attribute_keys', 'Array(String)'],
  ['attribute_values', 'Array(String)'],
  ['attribute_types', 'String'],
  ['attribute_json', 'Array(String)'],
  ['service', 'String'],
  ['resource_scope_id', 'UInt64'],
] as const;

function ingestTable(layout: Layout, name: 'logs_ingest' | 'metric_points_ingest', columns: readonly (readonly [string, string])[]): string {
  return `CREATE TABLE IF NOT EXISTS ${layout.table(name)}${layout.onCluster} (${columns.map(([n, t]) => `${n} ${t}`).join(', ')}) ENGINE = Null`;
}

/** The statements of schema version 2, in order; each is idempotent. */
export function createSignalStatements(layout: Layout, retentionDays?: number): string[] {
  const db = layout.database;
  const on = layout.onCluster;
  return [
    ...SIGNAL_TABLES.flatMap((t) => createTableStatements(t, layout, retentionDays)),
    ingestTable(layout, 'logs_ingest', LOG_INGEST_COLUMNS),
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.logs_ingest_mv${on} TO ${layout.table('logs')} AS SELECT ` +
      'unhex(trace_id) AS trace_id, unhex(span_id) AS span_id, ' +
      `fromUnixTimestamp64Nano(ts_ns, ${TZ}) AS ts, fromUnixTimestamp64Nano(observed_ns, ${TZ}) AS observed_ts, ` +
      'has_time, severity_number, severity_text, body, body_type, body_json, attribute_keys, attribute_values, attribute_types, ' +
      `attribute_json, dropped_attributes, flags, event_name, service, resource_scope_id FROM ${layout.table('logs_ingest')}`,
    ingestTable(layout, 'metric_points_ingest', METRIC_POINT_INGEST_COLUMNS),
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.metric_points_ingest_mv${on} TO ${layout.table('metric_points')} AS SELECT ` +
      `resource_identity, name, fromUnixTimestamp64Nano(time_ns, ${TZ}) AS time, fromUnixTimestamp64Nano(start_ns, ${TZ}) AS start, ` +
      'description, unit, type, flags, point, attribute_keys, attribute_values, attribute_types, attribute_json, service, resource_scope_id ' +
      `FROM ${layout.table('metric_points_ingest')}`,
  ];
}
