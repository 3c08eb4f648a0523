/**
 * Bound parameters with explicit types. DuckDB would type a JS bigint as HUGEINT,
 * and a HUGEINT compared with a UBIGINT column casts the column, which keeps the
 * filter out of the scan and its zonemaps; stating the column's type avoids that.
 */
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';

export class QueryParams {
  readonly values: DuckDBValue[] = [];
  readonly types: DuckDBType[] = [];

  /** Adds a value and returns its placeholder (`$n`) for the SQL text. */
  add(value: DuckDBValue, type: DuckDBType): string {
    this.values.push(value);
    this.types.push(type);
    return `$${this.values.length}`;
  }
}
