/**
 * Columnar appends: a table's rows go in as DuckDBDataChunks of up to the
 * vector size (2,048 rows), never row by row (about 5x slower, see FACTS.md).
 */
import { DuckDBDataChunk, type DuckDBAppender, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { ColumnDef } from './schema.js';

// DuckDB's STANDARD_VECTOR_SIZE: the most rows one data chunk can hold.
const CHUNK_ROWS = 2048;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Produces the columns (parallel arrays, one per column def) of rows [from, to). */
export type ColumnSource = (from: number, to: number) => DuckDBValue[][];

/** A ColumnSource over columns already built for all rows. */
export function sliceColumns(columns: readonly DuckDBValue[][]): ColumnSource {
  return (from, to) => columns.map((col) => (from === 0 && to === col.length ? col : col.slice(from, to)));
}

/**
 * Appends `rows` rows to `appender`, one chunk at a time. Filling chunks is
 * synchronous JS, so it yields between chunks to let reads and network I/O run
 * during a large batch.
 */
export async function appendRows(appender: DuckDBAppender, defs: readonly ColumnDef[], rows: number, source: ColumnSource): Promise<void> {
  const types = defs.map((d) => d.type);
  for (let from = 0; from < rows; from += CHUNK_ROWS) {
    const to = Math.min(rows, from + CHUNK_ROWS);
    const chunk = DuckDBDataChunk.create(types, to - from);
    chunk.setColumns(source(from, to));
    appender.appendDataChunk(chunk);
    if (to < rows) await yieldToEventLoop();
  }
}

/** Appends `rows` rows to `table` through one appender, flushed (inside the caller's transaction). */
export async function appendToTable(conn: DuckDBConnection, table: string, defs: readonly ColumnDef[], rows: number, source: ColumnSource): Promise<void> {
  if (rows === 0) return;
  const appender = await conn.createAppender(table);
  try {
    await appendRows(appender, defs, rows, source);
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
