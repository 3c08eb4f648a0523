/**
 * getSpans and searchTraceSpans on DuckDB: a few whole spans of a trace, and the
 * ids of the spans whose text matches, without decoding the rest of the trace.
 */
import { BLOB, blobValue, LIST, listValue, UBIGINT, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import type { Span } from '../../model/index.js';
import { StoreCorruptError } from '../errors.js';
import { decodeResourceScopes, RESOURCE_SCOPE_SELECT } from './resource-scopes.js';
import { RESOURCE_SCOPES_TABLE, SPANS_TABLE } from './schema.js';
import { bytesOf, decodeSpan, RESOURCE_SCOPE_ID_INDEX, SPAN_SELECT } from './span-rows.js';
import { traceStartRange } from './trace-range.js';

export async function readSpans(conn: DuckDBConnection, traceId: Uint8Array, spanIds: readonly Uint8Array[]): Promise<Span[]> {
  if (spanIds.length === 0) return [];
  const range = await traceStartRange(conn, traceId);
  if (range === undefined) return [];
  const rows = (
    await conn.runAndReadAll(
      `SELECT ${SPAN_SELECT} FROM ${SPANS_TABLE} WHERE start_ns >= $2 AND start_ns <= $3 AND trace_id = $1 ` +
        'AND list_contains($4, span_id) ORDER BY start_ns, span_id',
      [blobValue(traceId), range.lo, range.hi, listValue(spanIds.map((s) => blobValue(s)))],
      [BLOB, UBIGINT, UBIGINT, LIST(BLOB)],
    )
  ).getRows();
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r[RESOURCE_SCOPE_ID_INDEX] as bigint))];
  const origins = decodeResourceScopes(
    (
      await conn.runAndReadAll(`SELECT ${RESOURCE_SCOPE_SELECT} FROM ${RESOURCE_SCOPES_TABLE} WHERE list_contains($1, id)`, [listValue(ids)], [
        LIST(UBIGINT),
      ])
    ).getRows(),
  );
  return rows.map((row) => {
    const id = row[RESOURCE_SCOPE_ID_INDEX] as bigint;
    const origin = origins.get(id);
    if (origin === undefined) throw new StoreCorruptError(`${RESOURCE_SCOPES_TABLE} has no row ${id} that a span refers to`);
    return decodeSpan(row, origin);
  });
}

/**
 * True when one attribute entry's "key \x02 text" part contains $4. The column format
 * is attribute-text.ts's: entries split on \x01, the type letter and any JSON payload
 * after \x03, so a search never matches a type letter or OTLP/JSON field names.
 */
function attributeTextContains(column: string): string {
  return `len(list_filter(string_split(${column}, chr(1)), e -> contains(lower(split_part(e, chr(3), 1)), $4))) > 0`;
}

const SEARCH_SQL =
  `SELECT span_id FROM ${SPANS_TABLE} WHERE start_ns >= $2 AND start_ns <= $3 AND trace_id = $1 AND (` +
  'contains(lower(name), $4) ' +
  "OR contains(lower(coalesce(status_message, '')), $4) " +
  `OR ${attributeTextContains('attributes')} ` +
  `OR resource_scope_id IN (SELECT id FROM ${RESOURCE_SCOPES_TABLE} WHERE ${attributeTextContains('resource_attributes')})` +
  ') ORDER BY start_ns, span_id';

export async function searchSpans(conn: DuckDBConnection, traceId: Uint8Array, text: string): Promise<Uint8Array[]> {
  if (text === '') return [];
  const range = await traceStartRange(conn, traceId);
  if (range === undefined) return [];
  const r = await conn.runAndReadAll(SEARCH_SQL, [blobValue(traceId), range.lo, range.hi, text.toLowerCase()], [BLOB, UBIGINT, UBIGINT, VARCHAR]);
  return r.getRows().map((row) => bytesOf(row[0]));
}
