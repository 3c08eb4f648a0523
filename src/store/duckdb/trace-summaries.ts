/** getTraceSummaries on DuckDB: the same summaries as findTraces, from the trace parts alone. */
import { BLOB, blobValue, LIST, listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { TraceSummary } from '../store.js';
import { mergeParts, PART_SELECT } from './merge-parts.js';
import { TRACE_PARTS_TABLE } from './schema.js';

export async function readTraceSummaries(conn: DuckDBConnection, traceIds: readonly Uint8Array[]): Promise<Map<string, TraceSummary>> {
  if (traceIds.length === 0) return new Map();
  const parts = await conn.runAndReadAll(
    `SELECT ${PART_SELECT} FROM ${TRACE_PARTS_TABLE} WHERE list_contains($1, trace_id)`,
    [listValue(traceIds.map((t) => blobValue(t)))],
    [LIST(BLOB)],
  );
  return mergeParts(parts);
}
