/**
 * Reads of log blocks (log-blocks.ts): SQL picks the blocks that can hold a match,
 * JS decodes them and keeps the records that do. Bound parameters only.
 */
import { DOUBLE, DuckDBBlobValue, INTEGER, LIST, listValue, UBIGINT, VARCHAR, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { anyValueToString, serviceNameOf, type LogRecord } from '../../model/index.js';
import { decodeLogsRequestProto } from '../../otlp/decode-logs-proto.js';
import { StoreCorruptError } from '../errors.js';
import type { LogQuery } from '../log-store.js';
import { QueryParams } from './query-params.js';
import { toUint64 } from './ranges.js';
import { LOG_BLOCK_TRACES_TABLE, LOG_BLOCKS_TABLE, recordTime, traceKey } from './log-blocks.js';

/** A stored record with its place: block id, then position in the block (the arrival order). */
export interface PlacedLog {
  readonly record: LogRecord;
  readonly ts: bigint;
  readonly block: bigint;
  readonly position: number;
}

/** The records of one block's `records` value. */
export function decodeBlock(id: bigint, value: DuckDBValue | undefined): PlacedLog[] {
  if (!(value instanceof DuckDBBlobValue)) throw new StoreCorruptError(`${LOG_BLOCKS_TABLE} row ${id} has no records`);
  let records: LogRecord[];
  try {
    records = decodeLogsRequestProto(value.bytes);
  } catch (err) {
    throw new StoreCorruptError(`${LOG_BLOCKS_TABLE} row ${id} does not decode: ${(err as Error).message}`);
  }
  return records.map((record, position) => ({ record, ts: recordTime(record), block: id, position }));
}

/** Time order; ties by observed time, then arrival. */
function ascending(a: PlacedLog, b: PlacedLog): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  const ao = a.record.observedTimeUnixNano;
  const bo = b.record.observedTimeUnixNano;
  if (ao !== bo) return ao < bo ? -1 : 1;
  if (a.block !== b.block) return a.block < b.block ? -1 : 1;
  return a.position - b.position;
}

const descending = (a: PlacedLog, b: PlacedLog): number => ascending(b, a);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export async function readTraceLogs(conn: DuckDBConnection, traceId: Uint8Array, spanId: Uint8Array | undefined): Promise<LogRecord[]> {
  if (traceId.length === 0) return [];
  const r = await conn.runAndReadAll(
    `SELECT id, records FROM ${LOG_BLOCKS_TABLE} WHERE id IN (SELECT block_id FROM ${LOG_BLOCK_TRACES_TABLE} WHERE trace_key = $1)`,
    [traceKey(traceId)],
    [DOUBLE],
  );
  const found: PlacedLog[] = [];
  for (const [id, records] of r.getRows()) {
    for (const p of decodeBlock(id as bigint, records)) {
      if (sameBytes(p.record.traceId, traceId) && (spanId === undefined || sameBytes(p.record.spanId, spanId))) found.push(p);
    }
  }
  return found.sort(ascending).map((p) => p.record);
}

// Blocks decoded per round trip of findLogs.
const FIND_ROUND = 32;

export async function findLogs(conn: DuckDBConnection, q: LogQuery): Promise<LogRecord[]> {
  const limit = Math.max(0, Math.floor(q.limit));
  if (limit === 0) return [];
  const needle = q.bodyContains !== undefined && q.bodyContains !== '' ? q.bodyContains.toLowerCase() : undefined;
  const p = new QueryParams();
  const where: string[] = [];
  if (q.startTimeMinNs !== undefined) where.push(`max_ts_ns >= ${p.add(toUint64(q.startTimeMinNs), UBIGINT)}`);
  if (q.startTimeMaxNs !== undefined) where.push(`min_ts_ns <= ${p.add(toUint64(q.startTimeMaxNs), UBIGINT)}`);
  if (q.service !== undefined) where.push(`service = ${p.add(q.service, VARCHAR)}`);
  if (q.minSeverityNumber !== undefined) where.push(`max_severity >= ${p.add(q.minSeverityNumber, INTEGER)}`);
  if (needle !== undefined) where.push(`contains(body_search, ${p.add(needle, VARCHAR)})`);
  const sql = `SELECT id, max_ts_ns FROM ${LOG_BLOCKS_TABLE}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY max_ts_ns DESC, id DESC`;
  const blocks = (await conn.runAndReadAll(sql, p.values, p.types)).getRows() as [bigint, bigint][];

  const keep = (x: PlacedLog): boolean => {
    const r = x.record;
    if (q.startTimeMinNs !== undefined && x.ts < q.startTimeMinNs) return false;
    if (q.startTimeMaxNs !== undefined && x.ts > q.startTimeMaxNs) return false;
    if (q.service !== undefined && serviceNameOf(r.resource) !== q.service) return false;
    if (q.minSeverityNumber !== undefined && r.severityNumber < q.minSeverityNumber) return false;
    return needle === undefined || anyValueToString(r.body).toLowerCase().includes(needle);
  };
  let found: PlacedLog[] = [];
  // Newest blocks first; stop once the limit is filled by records newer than any unread block can hold.
  for (let at = 0; at < blocks.length; at += FIND_ROUND) {
    if (found.length >= limit && blocks[at]![1] < found[limit - 1]!.ts) break;
    const ids = blocks.slice(at, at + FIND_ROUND).map((b) => b[0]);
    const rows = (await conn.runAndReadAll(`SELECT id, records FROM ${LOG_BLOCKS_TABLE} WHERE list_contains($1, id)`, [listValue(ids)], [LIST(UBIGINT)])).getRows();
    for (const [id, records] of rows) for (const x of decodeBlock(id as bigint, records)) if (keep(x)) found.push(x);
    found.sort(descending);
    if (found.length > limit) found = found.slice(0, limit);
  }
  return found.map((x) => x.record);
}
