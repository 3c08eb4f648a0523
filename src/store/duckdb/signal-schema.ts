/**
 * The logs and metric_points tables. Resource and scope are kept on every row (in the
 * attribute-text format of spans, so they filter the same way) rather than in
 * resource_scopes: a log or point row is read alone, and the identity column that
 * joins it to a pod is what the metrics queries filter on.
 */
import { BLOB, BOOLEAN, DOUBLE, INTEGER, UBIGINT, UINTEGER, VARCHAR } from '@duckdb/node-api';
import type { ColumnDef } from './schema.js';

export const LOGS_TABLE = 'logs';
export const METRIC_POINTS_TABLE = 'metric_points';

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
] as const satisfies readonly ColumnDef[];

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
  // The type-specific data, exact (metric-point-json.ts).
  { name: 'point', type: VARCHAR },
  { name: 'attributes', type: VARCHAR },
  ...ORIGIN_COLUMNS,
] as const satisfies readonly ColumnDef[];

export type MetricPointColumnName = (typeof METRIC_POINT_COLUMNS)[number]['name'];

function createTable(table: string, columns: readonly ColumnDef[]): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (${columns.map((c) => `${c.name} ${c.type.toString()}`).join(', ')})`;
}

/**
 * Added tables only (IF NOT EXISTS), so a file written before them opens unchanged.
 * The trace-id index makes "logs of a trace" a point lookup; metric points are read
 * by time window (zonemaps: points arrive roughly in time order) and identity.
 */
export const SIGNAL_CREATE_STATEMENTS: readonly string[] = [
  createTable(LOGS_TABLE, LOG_COLUMNS),
  `CREATE INDEX IF NOT EXISTS logs_trace_id ON ${LOGS_TABLE} (trace_id)`,
  createTable(METRIC_POINTS_TABLE, METRIC_POINT_COLUMNS),
];

export const DELETE_LOGS_SQL = `DELETE FROM ${LOGS_TABLE} WHERE ts_ns < $1`;
export const DELETE_METRIC_POINTS_SQL = `DELETE FROM ${METRIC_POINTS_TABLE} WHERE time_ns < $1`;
