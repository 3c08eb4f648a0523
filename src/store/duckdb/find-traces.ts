/**
 * Search: the matching trace ids, most recent first, from the spans table
 * (search-sql.ts), then their summaries from the trace parts of just those traces.
 */
import { BLOB, blobValue, LIST, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { bytesToHex } from '../../model/index.js';
import type { TraceQuery, TraceSummary } from '../store.js';
import { mergeParts, PART_SELECT } from './merge-parts.js';
import { TRACE_PARTS_TABLE } from './schema.js';
import { matchingTracesSql } from './search-sql.js';
import { bytesOf } from './span-rows.js';

/** Run inside one read transaction, so the summaries are of the same data the match saw. */
export async function findTraceSummaries(conn: DuckDBConnection, query: TraceQuery): Promise<TraceSummary[]> {
  const limit = Math.floor(query.limit);
  if (!(limit > 0)) return [];
  const { sql, params } = matchingTracesSql(query, limit);
  const matches = await conn.runAndReadAll(sql, params.values, params.types);
  const ids = matches.getRows().map((r) => bytesOf(r[0]));
  if (ids.length === 0) return [];
  const parts = await conn.runAndReadAll(
    `SELECT ${PART_SELECT} FROM ${TRACE_PARTS_TABLE} WHERE list_contains($1, trace_id)`,
    [listValue(ids.map((t) => blobValue(t)))],
    [LIST(BLOB)],
  );
  const summaries = mergeParts(parts);
  const out: TraceSummary[] = [];
  for (const id of ids) {
    const s = summaries.get(bytesToHex(id));
    if (s) out.push(s);
  }
  return out;
}
