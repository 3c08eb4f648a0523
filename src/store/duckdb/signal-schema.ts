/**
 * The metric_points table, and the per-record logs table of older files (read once,
 * to move its rows into log blocks: log-block-migration.ts). A row keeps the service and the resource identity
 * (what queries filter on) and the id of its resource/scope pair, stored once per pair
 * in signal_resource_scopes, as spans do with resource_scopes: the pair's text on every
 * row was most of a row's bytes. Files written before resource_scope_id hold the pair
 * in the ORIGIN_COLUMNS of each row; reads take those when the id is NULL.
 */
import { BLOB, BOOLEAN, DOUBLE, INTEGER, UBIGINT, UINTEGER, VARCHAR } from '@duckdb/node-api';
import { createTable, RESOURCE_SCOPE_COLUMNS, type ColumnDef } from './column-defs.js';
import { LOG_BLOCK_CREATE_STATEMENTS } from './log-blocks.js';

export const LOGS_TABLE = 'logs';
export const METRIC_POINTS_TABLE = 'metric_points';

export const SIGNAL_RESOURCE_SCOPES_TABLE = 'signal_resource_scopes';

/**
 * Resource/scope pairs of logs and metric points: the shape of resource_scopes
 * (schema.ts), so resource-scopes.ts encodes and decodes both. A separate table
 * because span retention deletes the resource_scopes rows no span refers to.
 */
export const SIGNAL_RESOURCE_SCOPE_COLUMNS = RESOURCE_SCOPE_COLUMNS;

/** The pair's columns on each row, written by files before resource_scope_id; NULL in newer rows. */
export const LEGACY_ORIGIN_COLUMNS: ReadonlySet<string> = new Set([
  'resource_attributes',
  'resource_dropped_attributes',
  'resource_schema_url',
  'scope_name',
  'scope_version',
  'scope_attributes',
  'scope_dropped_attributes',
  'scope_schema_url',
]);

const ORIGIN_COLUMNS = [
  { name: 'service', type: VARCHAR },
  // resourceIdentityOf(...).key: '' when the resource names no pod, instance or host.
  { name: 'resource_identity', type: VARCHAR },
  { name: 'resource_attributes', type: VARCHAR },
  { name: 'resource_dropped_attributes', type: UINTEGER },
  { name: 'resource_schema_url', type: VARCHAR },
  { name: 'scope_name', type: VARCHAR },
  { name: 'scope_version', type: VARCHAR },
  { name: 'scope_attributes', type: VARCHAR },
  { name: 'scope_dropped_attributes', type: UINTEGER },
  { name: 'scope_schema_url', type: VARCHAR },
  // signal_resource_scopes.id; NULL in rows of older files. Last: ADD COLUMN appends it there.
  { name: 'resource_scope_id', type: UBIGINT },
] as const satisfies readonly ColumnDef[];

/** The layout of `logs` in files written before log blocks. */
export const LOG_COLUMNS = [
  // The record's time for ordering, search and retention: time_unix_nano, else the observed time.
  { name: 'ts_ns', type: UBIGINT },
  { name: 'time_ns', type: UBIGINT },
  { name: 'observed_ns', type: UBIGINT },
  { name: 'severity_number', type: INTEGER },
  { name: 'severity_text', type: VARCHAR },
  // OTLP/JSON of the AnyValue (exact), and its text form lowercased for search.
  { name: 'body', type: VARCHAR },
  { name: 'body_search', type: VARCHAR },
  { name: 'attributes', type: VARCHAR },
  { name: 'dropped_attributes', type: UINTEGER },
  { name: 'flags', type: UINTEGER },
  // Empty blobs when the record has no trace context.
  { name: 'trace_id', type: BLOB },
  { name: 'span_id', type: BLOB },
  { name: 'event_name', type: VARCHAR },
  ...ORIGIN_COLUMNS,
] as const satisfies readonly ColumnDef[];

export type LogColumnName = (typeof LOG_COLUMNS)[number]['name'];

export const METRIC_POINT_COLUMNS = [
  { name: 'name', type: VARCHAR },
  { name: 'description', type: VARCHAR },
  { name: 'unit', type: VARCHAR },
  // gauge, sum, histogram, exponential_histogram, summary
  { name: 'type', type: VARCHAR },
  // AggregationTemporality; 0 for gauges and summaries.
  { name: 'temporality', type: INTEGER },
  { name: 'monotonic', type: BOOLEAN },
  { name: 'start_ns', type: UBIGINT },
  { name: 'time_ns', type: UBIGINT },
  { name: 'flags', type: UINTEGER },
  // Gauges and sums: the value as a double (for SQL); NULL for the other types.
  { name: 'value', type: DOUBLE },
  // The type-specific data, exact (metric-point-json.ts). NULL for a gauge or sum with a
  // double value, which the columns above hold exactly (older files have it on every row):
  // the commonest points skip a JSON text at write and its fetch at read.
  { name: 'point', type: VARCHAR },
  { name: 'attributes', type: VARCHAR },
  ...ORIGIN_COLUMNS,
  // seriesKey(resource_identity, name); NULL in rows of older files. One integer compare
  // picks a pod's series out of a time window, where the two text compares took ~20 ms
  // per 200k points.
  { name: 'series_key', type: UBIGINT },
] as const satisfies readonly ColumnDef[];

export type MetricPointColumnName = (typeof METRIC_POINT_COLUMNS)[number]['name'];


/**
 * Added tables and columns only (IF NOT EXISTS), in column-list order, so a file
 * written before them opens with the same column positions as a new one. Logs are
 * kept in blocks (log-blocks.ts); the per-record `logs` table of older files is
 * moved into them on open (log-block-migration.ts). Metric points are read by time
 * window (zonemaps: points arrive roughly in time order) and series key.
 */
export const SIGNAL_CREATE_STATEMENTS: readonly string[] = [
  ...LOG_BLOCK_CREATE_STATEMENTS,
  createTable(METRIC_POINTS_TABLE, METRIC_POINT_COLUMNS),
  `ALTER TABLE ${METRIC_POINTS_TABLE} ADD COLUMN IF NOT EXISTS resource_scope_id UBIGINT`,
  `ALTER TABLE ${METRIC_POINTS_TABLE} ADD COLUMN IF NOT EXISTS series_key UBIGINT`,
  createTable(SIGNAL_RESOURCE_SCOPES_TABLE, SIGNAL_RESOURCE_SCOPE_COLUMNS),
];

export const DELETE_METRIC_POINTS_SQL = `DELETE FROM ${METRIC_POINTS_TABLE} WHERE time_ns < $1`;
/** The pairs no point refers to any more (NOT IN over a NULL would keep every row). Log blocks hold their own pair. */
export const DELETE_SIGNAL_ORPHANS_SQL =
  `DELETE FROM ${SIGNAL_RESOURCE_SCOPES_TABLE} WHERE id NOT IN (` +
  `SELECT resource_scope_id FROM ${METRIC_POINTS_TABLE} WHERE resource_scope_id IS NOT NULL)`;
