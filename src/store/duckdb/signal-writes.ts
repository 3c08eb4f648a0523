/**
 * Writing metric points, inside the caller's transaction: chunks of rows as
 * delimited text (delimited-insert.ts), a chunk the text cannot carry through the
 * appender, and the batch's new resource/scope pairs to signal_resource_scopes.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { MetricPoint } from '../../model/index.js';
import { appendToTable, sliceColumns, type ColumnSource } from './chunk-append.js';
import { delimitedInsertSql, insertDelimited } from './delimited-insert.js';
import { ResourceScopeEncoder, resourceScopeColumns, type EncodedResourceScope } from './resource-scopes.js';
import type { ColumnDef } from './schema.js';
import { encodeMetricPointColumns, encodeMetricPointRows, METRIC_POINT_WRITE_COLUMNS } from './signal-rows.js';
import {
  METRIC_POINT_COLUMNS,
  METRIC_POINTS_TABLE,
  SIGNAL_RESOURCE_SCOPE_COLUMNS,
  SIGNAL_RESOURCE_SCOPES_TABLE,
} from './signal-schema.js';

// Rows per INSERT: a chunk's text is a few MB at most, and reads and network I/O get
// the event loop between chunks of a large batch.
const CHUNK_ROWS = 10_000;

// Bounds the memory of the written-pairs set; forgetting only costs a duplicate row.
const MAX_KNOWN_PAIRS = 100_000;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type Encode<T, R> = (items: readonly T[], from: number, to: number, pairs: ResourceScopeEncoder) => R;

interface SignalTable<T> {
  readonly name: string;
  readonly defs: readonly ColumnDef[];
  readonly insertSql: string;
  readonly rows: Encode<T, string | undefined>;
  readonly columns: Encode<T, ReturnType<ColumnSource>>;
}

const METRIC_POINTS: SignalTable<MetricPoint> = {
  name: METRIC_POINTS_TABLE,
  defs: METRIC_POINT_COLUMNS,
  insertSql: delimitedInsertSql(METRIC_POINTS_TABLE, METRIC_POINT_WRITE_COLUMNS, new Set(['point'])),
  rows: encodeMetricPointRows,
  columns: encodeMetricPointColumns,
};

/** One per store: remembers the pairs it has committed, so a batch writes only new ones. */
export class SignalWriter {
  private readonly knownPairs = new Set<bigint>();

  /** Writes inside the caller's transaction; returns the pairs to pass to `committed` once it commits. */
  writeMetricPoints(conn: DuckDBConnection, points: readonly MetricPoint[]): Promise<EncodedResourceScope[]> {
    return this.write(conn, METRIC_POINTS, points);
  }

  /** Only after the commit: a rolled-back pair must be written again next time. */
  committed(pairs: readonly EncodedResourceScope[]): void {
    if (this.knownPairs.size + pairs.length > MAX_KNOWN_PAIRS) this.knownPairs.clear();
    for (const p of pairs) this.knownPairs.add(p.id);
  }

  /** After pairs were deleted (retention): any of them may have to be written again. */
  forgetPairs(): void {
    this.knownPairs.clear();
  }

  private async write<T>(conn: DuckDBConnection, table: SignalTable<T>, items: readonly T[]): Promise<EncodedResourceScope[]> {
    const pairs = new ResourceScopeEncoder();
    for (let from = 0; from < items.length; from += CHUNK_ROWS) {
      const to = Math.min(items.length, from + CHUNK_ROWS);
      const text = table.rows(items, from, to, pairs);
      if (text !== undefined) await insertDelimited(conn, table.insertSql, text);
      else await appendToTable(conn, table.name, table.defs, to - from, (a, b) => table.columns(items, from + a, from + b, pairs));
      if (to < items.length) await yieldToEventLoop();
    }
    const fresh = pairs.encoded().filter((p) => !this.knownPairs.has(p.id));
    await appendToTable(conn, SIGNAL_RESOURCE_SCOPES_TABLE, SIGNAL_RESOURCE_SCOPE_COLUMNS, fresh.length, sliceColumns(resourceScopeColumns(fresh)));
    return fresh;
  }
}
