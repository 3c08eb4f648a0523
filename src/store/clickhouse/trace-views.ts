/**
 * The UI's reads of one trace: its outline (every span without attributes, as
 * columns), a few whole spans by id, and the ids of the spans whose text matches.
 * Each first takes the trace's time range from `traces`, like readTraces, so it reads
 * the one or two granules that hold the trace.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Span, SpanKind, StatusCode } from '../../model/index.js';
import type { TraceOutline } from '../store.js';
import { QueryParams, selectRows } from './query-params.js';
import { resourceScopesOf, type ResourceScopeCache } from './resource-scopes.js';
import { BUCKET, type Layout } from './schema.js';
import { decodeSpan, RESOURCE_SCOPE_ID_INDEX, SPAN_SELECT } from './span-rows.js';

const ROOT_PARENT = '0000000000000000';

/** `trace_id = X AND start in the trace's range` (values in `p`), or undefined when the trace is unknown. */
export async function traceCondition(client: ClickHouseClient, layout: Layout, traceId: Uint8Array, p: QueryParams): Promise<string | undefined> {
  const hex = Buffer.from(traceId).toString('hex');
  const rp = new QueryParams();
  const [range] = await selectRows(
    client,
    `SELECT count(), toString(toUnixTimestamp64Nano(min(min_start))), toString(toUnixTimestamp64Nano(max(max_start))) ` +
      `FROM ${layout.table('traces')} WHERE trace_id = unhex(${rp.add(hex, 'String')})`,
    rp,
  );
  if (!range || Number(range[0]) === 0) return undefined;
  const lo = p.time(BigInt(range[1] as string));
  const hi = p.time(BigInt(range[2] as string));
  return (
    `${BUCKET} >= toStartOfFifteenMinutes(${lo}) AND ${BUCKET} <= toStartOfFifteenMinutes(${hi}) ` +
    `AND start >= ${lo} AND start <= ${hi} AND trace_id = unhex(${p.add(hex, 'String')})`
  );
}

type OutlineRow = [string, string, string, string, string, number, string, number, string];

export async function readTraceOutline(client: ClickHouseClient, layout: Layout, traceId: Uint8Array): Promise<TraceOutline | undefined> {
  const p = new QueryParams();
  const where = await traceCondition(client, layout, traceId, p);
  if (where === undefined) return undefined;
  const rows = (await selectRows(
    client,
    'SELECT toString(toUnixTimestamp64Nano(start)), lower(hex(span_id)), lower(hex(parent_span_id)), name, toString(service), kind, ' +
      `toString(duration_ns), status_code, status_message FROM ${layout.table('spans')} WHERE ${where} ORDER BY start, span_id`,
    p,
  )) as OutlineRow[];
  const first = rows[0];
  if (first === undefined) return undefined;
  const t0 = BigInt(first[0]);
  return {
    traceId,
    startTimeUnixNano: t0,
    spanIds: rows.map((r) => r[1]),
    parentSpanIds: rows.map((r) => (r[2] === ROOT_PARENT ? '' : r[2])),
    names: rows.map((r) => r[3]),
    services: rows.map((r) => r[4]),
    kinds: rows.map((r) => r[5] as SpanKind),
    startOffsetsNs: rows.map((r) => Number(BigInt(r[0]) - t0)),
    durationsNs: rows.map((r) => Number(r[6])),
    statusCodes: rows.map((r) => r[7] as StatusCode),
    statusMessages: rows.map((r) => r[8]),
  };
}

/** Decodes span rows, reading the resource/scope pairs `cache` does not hold. */
export async function spansOfRows(client: ClickHouseClient, layout: Layout, rows: readonly unknown[][], cache: ResourceScopeCache): Promise<Span[]> {
  if (rows.length === 0) return [];
  const origins = await resourceScopesOf(client, layout, rows.map((r) => r[RESOURCE_SCOPE_ID_INDEX] as string), cache, 'a span');
  return rows.map((row, i) => decodeSpan(row, origins[i]!));
}

export async function readSpans(
  client: ClickHouseClient,
  layout: Layout,
  traceId: Uint8Array,
  spanIds: readonly Uint8Array[],
  cache: ResourceScopeCache,
): Promise<Span[]> {
  if (spanIds.length === 0) return [];
  const p = new QueryParams();
  const where = await traceCondition(client, layout, traceId, p);
  if (where === undefined) return [];
  const hexIds = spanIds.map((s) => Buffer.from(s).toString('hex'));
  const rows = await selectRows(
    client,
    `SELECT ${SPAN_SELECT} FROM ${layout.table('spans')} WHERE ${where} AND has(${p.add(hexIds, 'Array(String)')}, lower(hex(span_id))) ORDER BY start, span_id`,
    p,
  );
  return spansOfRows(client, layout, rows, cache);
}

/** Case-insensitive "contains", the way span-views.ts's spansMatchingText states it. */
function anyContains(column: string, needle: string): string {
  return `arrayExists(x -> positionUTF8(lowerUTF8(x), ${needle}) > 0, ${column})`;
}

export async function searchSpans(client: ClickHouseClient, layout: Layout, traceId: Uint8Array, text: string): Promise<Uint8Array[]> {
  if (text === '') return [];
  const p = new QueryParams();
  const where = await traceCondition(client, layout, traceId, p);
  if (where === undefined) return [];
  const needle = p.add(text.toLowerCase(), 'String');
  // Values are text forms: a kvlist's or array's OTLP/JSON field names are never searched.
  const rows = await selectRows(
    client,
    `SELECT lower(hex(span_id)) FROM ${layout.table('spans')} WHERE ${where} AND (` +
      `positionUTF8(lowerUTF8(name), ${needle}) > 0 OR positionUTF8(lowerUTF8(status_message), ${needle}) > 0 ` +
      `OR ${anyContains('attribute_keys', needle)} OR ${anyContains('attribute_values', needle)} ` +
      `OR resource_scope_id GLOBAL IN (SELECT id FROM ${layout.table('resource_scopes')} WHERE ` +
      `${anyContains('resource_attribute_keys', needle)} OR ${anyContains('resource_attribute_values', needle)})` +
      ') ORDER BY start, span_id',
    p,
  );
  return rows.map((r) => new Uint8Array(Buffer.from(r[0] as string, 'hex')));
}
