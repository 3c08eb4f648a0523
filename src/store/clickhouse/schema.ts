/**
 * The ClickHouse tables, as DDL generated for one server or for a cluster.
 *
 *   spans_ingest (Null) --spans_ingest_mv--> spans --traces_mv-----> traces
 *   (hex ids, unix ns)     (unhex, DateTime64)      --operations_mv-> operations
 *   resource_scopes: each distinct (resource, scope) pair once; spans hold its id
 *
 * - spans: one row per span. PARTITION BY day, ORDER BY (15-minute bucket of start,
 *   trace_id): a trace's spans lie together (its ids, times and attribute values then
 *   compress to a few bytes), and a trace-by-id read with the trace's time range from
 *   `traces` touches one granule per bucket. Attributes are parallel arrays: keys, text
 *   forms (what search compares), one type letter per attribute, and the OTLP/JSON of
 *   arrays and kvlists, which is all an exact round trip needs (attributes.ts).
 * - traces: per-trace summary and the trace id -> time range lookup, aggregated by
 *   a materialized view at insert time and merged by AggregatingMergeTree.
 * - operations: (service, span name, kind) with the last time seen, for the
 *   services and operations lists without scanning spans.
 *
 * With a cluster name, every table is a Replicated*MergeTree `<name>_local` on each
 * shard plus a Distributed `<name>` over them, sharded by cityHash64(trace_id), so a
 * trace and its summary live on one shard; materialized views work shard-locally.
 *
 * Names are constants or checked identifiers (storage-url.ts): no value from data
 * ever reaches this text. Logs and metric points (schema version 2) follow the same
 * pattern in signal-schema.ts.
 */
import { checkIdentifier } from './storage-url.js';

export interface SchemaOptions {
  readonly database: string;
  /** ClickHouse cluster (remote_servers) to create Replicated + Distributed tables on. */
  readonly cluster?: string;
  /** Days kept: a TTL on each table, whole day partitions dropped. Undefined keeps everything. */
  readonly retentionDays?: number;
}

export const TZ = "'UTC'";
export const DATETIME = `DateTime64(9, ${TZ})`;
/** 15-minute buckets: the first sort key of spans. Queries restate it to use the primary key. */
export const BUCKET = 'toStartOfFifteenMinutes(start)';
/** The kv skip index's expression; a search condition must spell it the same way to use it. */
export const ATTRIBUTE_KV = "arrayMap((x, y) -> concat(x, '=', y), attribute_keys, attribute_values)";

export const TABLE_NAMES = ['spans', 'traces', 'operations', 'resource_scopes', 'logs', 'metric_points'] as const;
export type TableName = (typeof TABLE_NAMES)[number];
/** The Null tables writers insert into; materialized views move the rows on. */
export type IngestTableName = 'spans_ingest' | 'logs_ingest' | 'metric_points_ingest';

/** Where each table lives: what queries read and insert into, and what mutations touch. */
export class Layout {
  readonly database: string;
  readonly cluster: string | undefined;

  constructor(opts: SchemaOptions) {
    this.database = checkIdentifier('database', opts.database);
    this.cluster = opts.cluster === undefined ? undefined : checkIdentifier('cluster', opts.cluster);
  }

  /** The table queries read and inserts go to (the Distributed one on a cluster). */
  table(name: TableName | IngestTableName | 'schema_migrations'): string {
    return `${this.database}.${name}`;
  }

  /** The table holding the rows (`<name>_local` on a cluster), for DELETE and ALTER. */
  local(name: TableName): string {
    return this.cluster ? `${this.database}.${name}_local` : `${this.database}.${name}`;
  }

  /** ` ON CLUSTER name` or ''. */
  get onCluster(): string {
    return this.cluster ? ` ON CLUSTER ${this.cluster}` : '';
  }
}

export interface TableDef {
  readonly name: TableName;
  readonly columns: readonly string[];
  /** The engine's family: MergeTree, AggregatingMergeTree, ReplacingMergeTree(version). */
  readonly engine: string;
  readonly tail: string;
  /** TTL expression before `+ toIntervalDay(N)`, when the table expires by time. */
  readonly ttlOn: string;
  /** ttl_only_drop_parts: the table is partitioned by day, whole parts expire. */
  readonly dropParts: boolean;
  /** MergeTree settings besides ttl_only_drop_parts. */
  readonly settings?: string;
  /** The Distributed table's sharding key on a cluster. */
  readonly shardBy: string;
}

export const LC = 'LowCardinality(String)';
export const ATTRS = (prefix: string): string[] => [
  `${prefix}attribute_keys Array(${LC}) CODEC(ZSTD(1))`,
  `${prefix}attribute_values Array(String) CODEC(ZSTD(1))`,
  // One letter per attribute (attributes.ts); a span's letters repeat across spans.
  `${prefix}attribute_types ${LC} CODEC(ZSTD(1))`,
  // OTLP/JSON of the array and kvlist values, in order; almost always empty.
  `${prefix}attribute_json Array(String) CODEC(ZSTD(1))`,
];

const SPANS: TableDef = {
  name: 'spans',
  columns: [
    'trace_id FixedString(16) CODEC(ZSTD(1))',
    'span_id FixedString(8) CODEC(ZSTD(1))',
    // Eight zero bytes for a root span (an empty parent id).
    'parent_span_id FixedString(8) CODEC(ZSTD(1))',
    `start ${DATETIME} CODEC(Delta, ZSTD(1))`,
    // Signed: an end before the start is stored as given. end = start + duration.
    'duration_ns Int64 CODEC(T64, ZSTD(1))',
    `service ${LC} CODEC(ZSTD(1))`,
    `name ${LC} CODEC(ZSTD(1))`,
    // The OTLP number, not a name: an unknown kind from the wire is kept, not refused.
    'kind Int32 CODEC(T64, ZSTD(1))',
    'status_code Int32 CODEC(T64, ZSTD(1))',
    'status_message String CODEC(ZSTD(1))',
    'trace_state String CODEC(ZSTD(1))',
    'flags UInt32 CODEC(T64, ZSTD(1))',
    ...ATTRS(''),
    'dropped_attributes UInt32 CODEC(T64, ZSTD(1))',
    // OTLP/JSON, '' when none (most spans).
    'events String CODEC(ZSTD(1))',
    'dropped_events UInt32 CODEC(T64, ZSTD(1))',
    'links String CODEC(ZSTD(1))',
    'dropped_links UInt32 CODEC(T64, ZSTD(1))',
    'resource_scope_id UInt64 CODEC(ZSTD(1))',
    'INDEX idx_trace_id trace_id TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_duration duration_ns TYPE minmax GRANULARITY 1',
    'INDEX idx_attribute_keys attribute_keys TYPE bloom_filter(0.01) GRANULARITY 1',
    `INDEX idx_attribute_kv ${ATTRIBUTE_KV} TYPE bloom_filter(0.01) GRANULARITY 1`,
  ],
  engine: 'MergeTree',
  tail: `PARTITION BY toDate(start) ORDER BY (${BUCKET}, trace_id, start)`,
  ttlOn: 'toDateTime(start)',
  dropParts: true,
  shardBy: 'cityHash64(trace_id)',
  // Granules of 1,024 rows, not 8,192: the skip indexes then narrow an attribute search
  // eight times finer (measured: 139 -> 47 ms at 1M spans) for 0.4 bytes a span more.
  settings: 'index_granularity = 1024',
};

const TRACES: TableDef = {
  name: 'traces',
  columns: [
    'trace_id FixedString(16) CODEC(ZSTD(1))',
    // Day of the first span of the insert: the partition (merges stay inside one).
    'day Date CODEC(ZSTD(1))',
    `min_start SimpleAggregateFunction(min, ${DATETIME}) CODEC(ZSTD(1))`,
    `max_start SimpleAggregateFunction(max, ${DATETIME}) CODEC(ZSTD(1))`,
    `max_end SimpleAggregateFunction(max, ${DATETIME}) CODEC(ZSTD(1))`,
    'span_count SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1))',
    'error_count SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1))',
    // min of (is not root, start, service, name): the earliest root span when there is
    // one (first element 0); a first element 1 means the root has not arrived.
    `root SimpleAggregateFunction(min, Tuple(UInt8, ${DATETIME}, String, String)) CODEC(ZSTD(1))`,
    // Spans per service.
    'services SimpleAggregateFunction(sumMap, Tuple(Array(String), Array(UInt64))) CODEC(ZSTD(1))',
  ],
  engine: 'AggregatingMergeTree',
  tail: 'PARTITION BY day ORDER BY trace_id',
  ttlOn: 'day',
  dropParts: true,
  shardBy: 'cityHash64(trace_id)',
  // Read only by trace id, 20 at a time for a search page, each in another granule:
  // small granules halve that read (measured: 71 -> 35 ms for 20 summaries).
  settings: 'index_granularity = 1024',
};

const OPERATIONS: TableDef = {
  name: 'operations',
  columns: [
    `service ${LC}`,
    `name ${LC}`,
    'kind Int32',
    `last_seen SimpleAggregateFunction(max, ${DATETIME})`,
  ],
  engine: 'AggregatingMergeTree',
  tail: 'ORDER BY (service, name, kind)',
  ttlOn: 'toDateTime(last_seen)',
  dropParts: false,
  shardBy: 'rand()',
};

const RESOURCE_SCOPES: TableDef = {
  name: 'resource_scopes',
  columns: [
    'id UInt64',
    // Wall-clock time of the write; writers write a pair again every few minutes while
    // they use it, so retention can tell a pair no span refers to any more (retention.ts).
    'written_at DateTime',
    ...ATTRS('resource_'),
    'resource_dropped_attributes UInt32',
    'resource_schema_url String',
    'scope_name String',
    'scope_version String',
    ...ATTRS('scope_'),
    'scope_dropped_attributes UInt32',
    'scope_schema_url String',
  ],
  engine: 'ReplacingMergeTree(written_at)',
  tail: 'ORDER BY id',
  ttlOn: 'written_at',
  dropParts: false,
  shardBy: 'id',
};

/** The tables of schema version 1. */
export const SPAN_TABLES: readonly TableDef[] = [SPANS, TRACES, OPERATIONS, RESOURCE_SCOPES];

/**
 * The columns of spans_ingest, the Null table writers insert into (JSONCompactEachRow,
 * in this order): ids as hex and times as unix ns, which JSON carries exactly.
 */
export const SPAN_INGEST_COLUMNS = [
  ['trace_id', 'String'],
  ['span_id', 'String'],
  ['parent_span_id', 'String'],
  ['start_ns', 'Int64'],
  ['duration_ns', 'Int64'],
  ['service', 'String'],
  ['name', 'String'],
  ['kind', 'Int32'],
  ['status_code', 'Int32'],
  ['status_message', 'String'],
  ['trace_state', 'String'],
  ['flags', 'UInt32'],
  ['attribute_keys', 'Array(String)'],
  ['attribute_values', 'Array(String)'],
  ['attribute_types', 'String'],
  ['attribute_json', 'Array(String)'],
  ['dropped_attributes', 'UInt32'],
  ['events', 'String'],
  ['dropped_events', 'UInt32'],
  ['links', 'String'],
  ['dropped_links', 'UInt32'],
  ['resource_scope_id', 'UInt64'],
] as const;

export const RESOURCE_SCOPE_COLUMNS = [
  'id',
  'written_at',
  'resource_attribute_keys',
  'resource_attribute_values',
  'resource_attribute_types',
  'resource_attribute_json',
  'resource_dropped_attributes',
  'resource_schema_url',
  'scope_name',
  'scope_version',
  'scope_attribute_keys',
  'scope_attribute_values',
  'scope_attribute_types',
  'scope_attribute_json',
  'scope_dropped_attributes',
  'scope_schema_url',
] as const;

/** Rules of a trace summary, shared by the materialized view and retention's rebuild. */
export const TRACE_SUMMARY_SELECT =
  `trace_id, toDate(min(start)) AS day, min(start) AS min_start, max(start) AS max_start, ` +
  `max(fromUnixTimestamp64Nano(toUnixTimestamp64Nano(start) + duration_ns, ${TZ})) AS max_end, ` +
  `count() AS span_count, countIf(status_code = 2) AS error_count, ` +
  `min((if(parent_span_id = toFixedString('\\0\\0\\0\\0\\0\\0\\0\\0', 8), 0, 1), start, toString(service), toString(name))) AS root, ` +
  `sumMap([toString(service)], [toUInt64(1)]) AS services`;

export function engineOf(t: TableDef, layout: Layout): string {
  if (!layout.cluster) return t.engine;
  const m = /^(\w+)(?:\((.*)\))?$/.exec(t.engine)!;
  const args = [`'/clickhouse/tables/{shard}/${layout.database}/${t.name}_local'`, `'{replica}'`];
  if (m[2]) args.push(m[2]);
  return `Replicated${m[1]}(${args.join(', ')})`;
}

export function settingsOf(t: TableDef): string {
  const settings = [...(t.settings ? [t.settings] : []), ...(t.dropParts ? ['ttl_only_drop_parts = 1'] : [])];
  return settings.length > 0 ? ` SETTINGS ${settings.join(', ')}` : '';
}

/** ` TTL expr + toIntervalDay(N)` or ''. */
export function ttlClause(t: { ttlOn: string }, retentionDays: number | undefined): string {
  return retentionDays !== undefined && retentionDays > 0 ? ` TTL ${t.ttlOn} + toIntervalDay(${Math.floor(retentionDays)})` : '';
}

/** CREATE TABLE for one table: the table itself, or on a cluster its local table and the Distributed one over them. */
export function createTableStatements(t: TableDef, layout: Layout, retentionDays: number | undefined): string[] {
  const on = layout.onCluster;
  const out = [
    `CREATE TABLE IF NOT EXISTS ${layout.local(t.name)}${on} (${t.columns.join(', ')}) ` +
      `ENGINE = ${engineOf(t, layout)} ${t.tail}${ttlClause(t, retentionDays)}${settingsOf(t)}`,
  ];
  if (layout.cluster) {
    out.push(
      `CREATE TABLE IF NOT EXISTS ${layout.table(t.name)}${on} AS ${layout.local(t.name)} ` +
        `ENGINE = Distributed(${layout.cluster}, ${layout.database}, ${t.name}_local, ${t.shardBy})`,
    );
  }
  return out;
}

/** The statements of schema version 1, in order; each is idempotent (IF NOT EXISTS). */
export function createStatements(layout: Layout, retentionDays?: number): string[] {
  const db = layout.database;
  const on = layout.onCluster;
  const out: string[] = [];
  for (const t of SPAN_TABLES) out.push(...createTableStatements(t, layout, retentionDays));
  // Materialized views see each block inserted into the local spans table.
  out.push(
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.traces_mv${on} TO ${layout.local('traces')} AS ` +
      `SELECT ${TRACE_SUMMARY_SELECT} FROM ${layout.local('spans')} GROUP BY trace_id`,
  );
  out.push(
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.operations_mv${on} TO ${layout.local('operations')} AS ` +
      `SELECT service, name, kind, max(start) AS last_seen FROM ${layout.local('spans')} GROUP BY service, name, kind`,
  );
  // Writers insert hex ids and unix ns; this view turns them into the stored types. On
  // a cluster it writes to the Distributed spans, which shards by trace id.
  out.push(
    `CREATE TABLE IF NOT EXISTS ${layout.table('spans_ingest')}${on} (${SPAN_INGEST_COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')}) ENGINE = Null`,
  );
  out.push(
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.spans_ingest_mv${on} TO ${layout.table('spans')} AS SELECT ` +
      'unhex(trace_id) AS trace_id, unhex(span_id) AS span_id, unhex(parent_span_id) AS parent_span_id, ' +
      `fromUnixTimestamp64Nano(start_ns, ${TZ}) AS start, duration_ns, service, name, kind, status_code, status_message, ` +
      'trace_state, flags, attribute_keys, attribute_values, attribute_types, attribute_json, dropped_attributes, ' +
      `events, dropped_events, links, dropped_links, resource_scope_id FROM ${layout.table('spans_ingest')}`,
  );
  return out;
}

/** The statements that change each table's TTL to `retentionDays` (0 or undefined: none). */
export function ttlStatements(tables: readonly TableDef[], layout: Layout, retentionDays: number | undefined): { table: string; ttl: string; sql: string }[] {
  return tables.map((t) => {
    const ttl = ttlClause(t, retentionDays);
    const table = layout.local(t.name);
    const sql = ttl === '' ? `ALTER TABLE ${table}${layout.onCluster} REMOVE TTL` : `ALTER TABLE ${table}${layout.onCluster} MODIFY${ttl}`;
    return { table, ttl: ttl.trim(), sql };
  });
}
