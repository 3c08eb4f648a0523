/**
 * Bulk inserts of metric points as delimited text: a chunk of rows goes to
 * DuckDB as ONE string parameter that SQL splits and casts, instead of cell by cell
 * through the appender. node-api writes appender cells one JS call each (about 0.5 us
 * for a short string, 1.3 us for 60 bytes, 0.9 us for a 16-byte blob, 0.5 us even
 * for a NULL; measured on the bench machine); splitting in C++ costs a fraction of
 * that. Measured with 1M records: metric points went from ~4.8 to ~8.5 MB of OTLP per
 * CPU-second. (Logs, written this way once, stayed at ~12 us of CPU per record: DuckDB's
 * per-row cost; they are kept in blocks now, log-blocks.ts.)
 *
 *   field \x1f field \x1f ... \x1e field \x1f ...     (rows end at \x1e)
 *
 * Text fields are not escaped: a chunk where any text holds \x1e, \x1f or \0 goes
 * through the appender instead (chunk-append.ts), so such data is stored exactly,
 * only slower. Numbers are written as their decimal text (bigints exact, doubles with
 * String(), which round-trips), booleans as 1/0. (Blobs as one BLOB
 * parameter sliced per row were tried: DuckDB copies the whole parameter per slice.)
 */
import { VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import type { ColumnDef } from './schema.js';

const ROW = '\x1e';

const SEPARATOR = /[\x00\x1e\x1f]/;

/** Whether `s` can be a field as it is (false: the chunk goes through the appender). */
export function plainText(s: string): boolean {
  return !SEPARATOR.test(s);
}

/** A double's field text: String() except for -0, which it would turn into 0. */
export function doubleText(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/** The SQL that reads field `i` (1-based) of the split row `f` as the column's type. */
function fieldExpr(def: ColumnDef, i: number, emptyIsNull: ReadonlySet<string>): string {
  const f = `f[${i}]`;
  switch (def.type.toString()) {
    case 'VARCHAR':
      return emptyIsNull.has(def.name) ? `NULLIF(${f}, '')` : f;
    case 'BLOB':
      return `from_hex(${f})`;
    case 'BOOLEAN':
      return `(${f} = '1')`;
    case 'DOUBLE':
      // The one nullable number column (metric_points.value): an empty field is NULL.
      return `NULLIF(${f}, '')::DOUBLE`;
    default:
      return `${f}::${def.type.toString()}`;
  }
}

/**
 * INSERT of the text `$1`, rows of fields in `defs` order, into `table`; insertion order
 * is the text's. The VARCHAR columns named in `emptyIsNull` store an empty field as NULL.
 */
export function delimitedInsertSql(table: string, defs: readonly ColumnDef[], emptyIsNull: ReadonlySet<string> = new Set()): string {
  const names = defs.map((d) => d.name).join(', ');
  const exprs = defs.map((d, i) => fieldExpr(d, i + 1, emptyIsNull)).join(', ');
  return `INSERT INTO ${table} (${names}) SELECT ${exprs} FROM (SELECT string_split(unnest(string_split($1, chr(30))), chr(31)) AS f)`;
}

/**
 * Rows -> one text. Rows are joined a few hundred at a time: a row is a tree of
 * concatenations until flattened, and a whole chunk's trees alive at once outgrow
 * V8's young generation and get promoted (GC was half the encoding time).
 */
export class DelimitedText {
  private rows: string[] = [];
  private readonly pieces: string[] = [];

  /** `row`: its fields joined with \x1f. */
  add(row: string): void {
    this.rows.push(row);
    if (this.rows.length === 256) {
      this.pieces.push(this.rows.join(ROW));
      this.rows = [];
    }
  }

  text(): string {
    if (this.rows.length > 0) this.pieces.push(this.rows.join(ROW));
    this.rows = [];
    return this.pieces.join(ROW);
  }
}

/** Inserts the rows of `text` (DelimitedText) with the statement from delimitedInsertSql. */
export async function insertDelimited(conn: DuckDBConnection, sql: string, text: string): Promise<void> {
  await conn.run(sql, [text], [VARCHAR]);
}
