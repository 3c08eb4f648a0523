/**
 * The DuckDB tables. Column lists are the single source of truth for both the
 * CREATE TABLE statements and the appender's data-chunk types, so the two cannot
 * drift apart. Names here are constants; no identifier ever comes from data.
 */
import { BIGINT, BLOB, INTEGER, LIST, UBIGINT, UINTEGER, VARCHAR } from '@duckdb/node-api';
import { createTable, RESOURCE_SCOPE_COLUMNS, type ColumnDef } from './column-defs.js';
import { SIGNAL_CREATE_STATEMENTS } from './signal-schema.js';

export { createTable, RESOURCE_SCOPE_COLUMNS, type ColumnDef, type ResourceScopeColumnName } from './column-defs.js';

/** Bumped when a table changes shape; a store refuses to open a file of another version. */
export const SCHEMA_VERSION = '1';

export const SPANS_TABLE = 'spans';
export const TRACE_PARTS_TABLE = 'trace_parts';
export const RESOURCE_SCOPES_TABLE = 'resource_scopes';
export const META_TABLE = 'ariadne_meta';

/**
 * One row per span, every field a typed column except the lists: attributes in
 * the exact and searchable attribute-text format (attribute-text.ts), events and
 * links as OTLP/JSON; NULL when empty. Resource and scope live in
 * resource_scopes, once per distinct pair.
 */
export const SPAN_COLUMNS = [
  { name: 'trace_id', type: BLOB },
  { name: 'span_id', type: BLOB },
  { name: 'parent_span_id', type: BLOB },
  // NULL for '' (the usual case): a NULL costs the appender nothing.
  { name: 'trace_state', type: VARCHAR },
  { name: 'flags', type: UINTEGER },
  { name: 'name', type: VARCHAR },
  // INTEGER, not UTINYINT: an unknown enum number from the wire is stored, not refused.
  { name: 'kind', type: INTEGER },
  // Unix ns never pass through a JS number; UBIGINT holds the whole OTLP fixed64 range.
  { name: 'start_ns', type: UBIGINT },
  { name: 'end_ns', type: UBIGINT },
  // Signed and computed in JS: end < start is stored as given, not refused by an overflow.
  { name: 'duration_ns', type: BIGINT },
  { name: 'status_code', type: INTEGER },
  { name: 'status_message', type: VARCHAR },
  { name: 'service', type: VARCHAR },
  { name: 'attributes', type: VARCHAR },
  { name: 'dropped_attributes', type: UINTEGER },
  { name: 'events', type: VARCHAR },
  { name: 'dropped_events', type: UINTEGER },
  { name: 'links', type: VARCHAR },
  { name: 'dropped_links', type: UINTEGER },
  { name: 'resource_scope_id', type: UBIGINT },
] as const satisfies readonly ColumnDef[];

export type SpanColumnName = (typeof SPAN_COLUMNS)[number]['name'];

/**
 * One row per (write batch, trace): what search needs to summarise a trace
 * without reading its spans, and the time range that lets a trace-by-id lookup
 * read only the row groups holding that trace.
 */
export const TRACE_PART_COLUMNS = [
  { name: 'trace_id', type: BLOB },
  { name: 'min_start_ns', type: UBIGINT },
  { name: 'max_start_ns', type: UBIGINT },
  { name: 'max_end_ns', type: UBIGINT },
  { name: 'span_count', type: UINTEGER },
  { name: 'error_count', type: UINTEGER },
  // NULL when this batch held no root span of the trace.
  { name: 'root_start_ns', type: UBIGINT },
  { name: 'root_service', type: VARCHAR },
  { name: 'root_name', type: VARCHAR },
  // Parallel lists: services[i] had service_counts[i] spans in this part.
  { name: 'services', type: LIST(VARCHAR) },
  { name: 'service_counts', type: LIST(UINTEGER) },
] as const satisfies readonly ColumnDef[];

export type TracePartColumnName = (typeof TRACE_PART_COLUMNS)[number]['name'];

/** Resource and scope of spans, once per distinct pair (see resource-scopes.ts). */
export const CREATE_STATEMENTS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ${META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  createTable(SPANS_TABLE, SPAN_COLUMNS),
  createTable(TRACE_PARTS_TABLE, TRACE_PART_COLUMNS),
  createTable(RESOURCE_SCOPES_TABLE, RESOURCE_SCOPE_COLUMNS),
  // Logs and metric points (signal-schema.ts).
  ...SIGNAL_CREATE_STATEMENTS,
];

export function columnList(columns: readonly ColumnDef[]): string {
  return columns.map((c) => c.name).join(', ');
}
