/**
 * Whole traces by id, in two small reads: `traces` (ordered by trace id) gives each
 * trace's time range, and with it the spans read touches only the 15-minute buckets
 * the traces lie in, where the trace id is the next sort key: one granule or two per
 * trace, whatever the table's size.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Span } from '../../model/index.js';
import { QueryParams, selectRows } from './query-params.js';
import { BUCKET, type Layout } from './schema.js';
import { SPAN_SELECT } from './span-rows.js';
import type { ResourceScopeCache } from './resource-scopes.js';
import { spansOfRows } from './trace-views.js';

/** Spans of the given traces keyed by lowercase hex id; unknown ids are absent. */
export async function readTraces(
  client: ClickHouseClient,
  layout: Layout,
  traceIds: readonly Uint8Array[],
  cache: ResourceScopeCache,
): Promise<Map<string, Span[]>> {
  const out = new Map<string, Span[]>();
  if (traceIds.length === 0) return out;
  const single = traceIds.length === 1;
  const rp = new QueryParams();
  const rangeMatch = single ? `trace_id = unhex(${rp.add(Buffer.from(traceIds[0]!).toString('hex'), 'String')})` : `trace_id IN ${rp.idSet(traceIds)}`;
  const [range] = await selectRows(
    client,
    `SELECT count(), toString(toUnixTimestamp64Nano(min(min_start))), toString(toUnixTimestamp64Nano(max(max_start))) ` +
      `FROM ${layout.table('traces')} WHERE ${rangeMatch}`,
    rp,
  );
  if (!range || Number(range[0]) === 0) return out;
  const lo = BigInt(range[1] as string);
  const hi = BigInt(range[2] as string);

  const sp = new QueryParams();
  const match = single ? `trace_id = unhex(${sp.add(Buffer.from(traceIds[0]!).toString('hex'), 'String')})` : `trace_id IN ${sp.idSet(traceIds)}`;
  const loAt = sp.time(lo);
  const hiAt = sp.time(hi);
  // The bucket condition restates the sort key, so the primary key is used even where
  // the optimizer would not derive it from the start condition.
  const rows = await selectRows(
    client,
    `SELECT ${SPAN_SELECT} FROM ${layout.table('spans')} ` +
      `WHERE ${BUCKET} >= toStartOfFifteenMinutes(${loAt}) AND ${BUCKET} <= toStartOfFifteenMinutes(${hiAt}) ` +
      `AND start >= ${loAt} AND start <= ${hiAt} AND ${match} ORDER BY trace_id, start, span_id`,
    sp,
  );
  const spans = await spansOfRows(client, layout, rows, cache);
  for (let i = 0; i < rows.length; i++) {
    const key = rows[i]![0] as string;
    const list = out.get(key);
    if (list) list.push(spans[i]!);
    else out.set(key, [spans[i]!]);
  }
  return out;
}
