/**
 * Column definitions shared by the span tables (schema.ts) and the signal tables
 * (signal-schema.ts), apart from both so neither imports the other's values.
 */
import { UBIGINT, UINTEGER, VARCHAR, type DuckDBType } from '@duckdb/node-api';

export interface ColumnDef {
  readonly name: string;
  readonly type: DuckDBType;
}

export function createTable(table: string, columns: readonly ColumnDef[]): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (${columns.map((c) => `${c.name} ${c.type.toString()}`).join(', ')})`;
}

/** A resource/scope pair, stored once (resource_scopes for spans, signal_resource_scopes for logs and points). */
export const RESOURCE_SCOPE_COLUMNS = [
  { name: 'id', type: UBIGINT },
  // Attribute-text format, like spans.attributes, so resource attributes are searchable the same way.
  { name: 'resource_attributes', type: VARCHAR },
  { name: 'resource_dropped_attributes', type: UINTEGER },
  { name: 'resource_schema_url', type: VARCHAR },
  { name: 'scope_name', type: VARCHAR },
  { name: 'scope_version', type: VARCHAR },
  { name: 'scope_attributes', type: VARCHAR },
  { name: 'scope_dropped_attributes', type: UINTEGER },
  { name: 'scope_schema_url', type: VARCHAR },
] as const satisfies readonly ColumnDef[];

export type ResourceScopeColumnName = (typeof RESOURCE_SCOPE_COLUMNS)[number]['name'];
