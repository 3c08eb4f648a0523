/**
 * The start-time range of one trace, from its parts. With it a scan of the spans
 * table skips every row group whose start_ns zonemap lies outside, instead of
 * reading the trace id of every row (the same step getTraces takes).
 */
import { BLOB, blobValue, type DuckDBConnection } from '@duckdb/node-api';
import { TRACE_PARTS_TABLE } from './schema.js';

export interface StartRange {
  readonly lo: bigint;
  readonly hi: bigint;
}

/** Undefined when the store holds no part of the trace. */
export async function traceStartRange(conn: DuckDBConnection, traceId: Uint8Array): Promise<StartRange | undefined> {
  const r = await conn.runAndReadAll(
    `SELECT min(min_start_ns), max(max_start_ns) FROM ${TRACE_PARTS_TABLE} WHERE trace_id = $1`,
    [blobValue(traceId)],
    [BLOB],
  );
  const [lo, hi] = r.getRows()[0] ?? [];
  return typeof lo === 'bigint' && typeof hi === 'bigint' ? { lo, hi } : undefined;
}
