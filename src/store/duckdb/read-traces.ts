/**
 * Whole traces by id. The trace parts give each trace's time range; with it the
 * span scan skips every row group whose start_ns zonemap lies outside, instead of
 * comparing the trace id of every stored span.
 */
import { BLOB, blobValue, LIST, listValue, UBIGINT, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { bytesToHex, type Span } from '../../model/index.js';
import { StoreCorruptError } from '../errors.js';
import { decodeResourceScopes, RESOURCE_SCOPE_SELECT } from './resource-scopes.js';
import { RESOURCE_SCOPES_TABLE, SPANS_TABLE, TRACE_PARTS_TABLE } from './schema.js';
import { decodeSpan, RESOURCE_SCOPE_ID_INDEX, SPAN_SELECT } from './span-rows.js';

/** Spans of the given traces keyed by lowercase hex id; unknown ids are absent. Run inside one read transaction. */
export async function readTraces(conn: DuckDBConnection, traceIds: readonly Uint8Array[]): Promise<Map<string, Span[]>> {
  const out = new Map<string, Span[]>();
  if (traceIds.length === 0) return out;
  // One id, the usual case, compares by equality: a filter DuckDB pushes into the scan.
  const single = traceIds.length === 1;
  const id: DuckDBValue = single ? blobValue(traceIds[0]!) : listValue(traceIds.map((t) => blobValue(t)));
  const idType = single ? BLOB : LIST(BLOB);
  const idMatch = single ? 'trace_id = $1' : 'list_contains($1, trace_id)';

  const range = await conn.runAndReadAll(
    `SELECT min(min_start_ns), max(max_start_ns) FROM ${TRACE_PARTS_TABLE} WHERE ${idMatch}`,
    [id],
    [idType],
  );
  const [lo, hi] = range.getRows()[0] ?? [];
  if (typeof lo !== 'bigint' || typeof hi !== 'bigint') return out;

  const spans = await conn.runAndReadAll(
    `SELECT ${SPAN_SELECT} FROM ${SPANS_TABLE} WHERE start_ns >= $2 AND start_ns <= $3 AND ${idMatch} ` +
      'ORDER BY trace_id, start_ns, span_id',
    [id, lo, hi],
    [idType, UBIGINT, UBIGINT],
  );
  const rows = spans.getRows();
  const originIds = [...new Set(rows.map((r) => r[RESOURCE_SCOPE_ID_INDEX] as bigint))];
  const origins = decodeResourceScopes(
    (
      await conn.runAndReadAll(
        `SELECT ${RESOURCE_SCOPE_SELECT} FROM ${RESOURCE_SCOPES_TABLE} WHERE list_contains($1, id)`,
        [listValue(originIds)],
        [LIST(UBIGINT)],
      )
    ).getRows(),
  );

  for (const row of rows) {
    const originId = row[RESOURCE_SCOPE_ID_INDEX] as bigint;
    const origin = origins.get(originId);
    if (origin === undefined) throw new StoreCorruptError(`${RESOURCE_SCOPES_TABLE} has no row ${originId}, which a span refers to`);
    const span = decodeSpan(row, origin);
    const key = bytesToHex(span.traceId);
    const list = out.get(key);
    if (list) list.push(span);
    else out.set(key, [span]);
  }
  return out;
}
