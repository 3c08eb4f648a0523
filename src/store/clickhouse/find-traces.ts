/**
 * Search, newest first. A trace matches when one span meets every condition, and
 * traces rank by their latest matching span start; so the span table is read in
 * time windows from the newest backwards, each twice as wide as the one before,
 * until `limit` traces are found or the data's start is reached. A trace first found
 * in a window has its latest matching span there (a newer one would have been found
 * in a newer window, which was read whole), so the order is exact, and a search whose
 * answers are recent reads only the recent part of the table.
 *
 * Attribute conditions are the whole entry key=value among the span's attributes
 * (the kv skip index skips granules without it) or among its resource's, found first
 * in the small resource_scopes table.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { TraceQuery, TraceSummary } from '../store.js';
import { QueryParams, selectRows } from './query-params.js';
import { ATTRIBUTE_KV, BUCKET, type Layout } from './schema.js';
import { clampInt64, clampTime } from './span-rows.js';

const MINUTE_NS = 60_000_000_000n;
/** The first window: a quarter hour (one bucket) or 1/64 of the searched span of time. */
const FIRST_WINDOW_NS = 15n * MINUTE_NS;

function attributeMatch(p: QueryParams, prefix: string, key: string, value: string): string {
  return `arrayExists((x, y) -> x = ${p.add(key, 'String')} AND y = ${p.add(value, 'String')}, ${prefix}attribute_keys, ${prefix}attribute_values)`;
}

/** Ids (decimal) of the resource/scope pairs whose resource has each attribute. */
async function resourceMatches(client: ClickHouseClient, layout: Layout, q: TraceQuery): Promise<string[][]> {
  const out: string[][] = [];
  for (const [key, value] of q.attributes ?? []) {
    const p = new QueryParams();
    const rows = await selectRows(
      client,
      `SELECT DISTINCT toString(id) FROM ${layout.table('resource_scopes')} WHERE ${attributeMatch(p, 'resource_', key, value)}`,
      p,
    );
    out.push(rows.map((r) => r[0] as string));
  }
  return out;
}

/** The span-level conditions of `q`, as SQL over `spans` with their values in `p`. */
function spanConditions(q: TraceQuery, p: QueryParams, resourceIds: readonly string[][]): string[] {
  const where: string[] = [];
  if (q.service !== undefined) where.push(`service = ${p.add(q.service, 'String')}`);
  if (q.operation !== undefined) where.push(`name = ${p.add(q.operation, 'String')}`);
  if (q.spanKind !== undefined) where.push(`kind = ${p.add(q.spanKind, 'Int32')}`);
  if (q.statusCode !== undefined) where.push(`status_code = ${p.add(q.statusCode, 'Int32')}`);
  if (q.minDurationNs !== undefined) where.push(`duration_ns >= ${p.add(clampInt64(q.minDurationNs).toString(), 'Int64')}`);
  if (q.maxDurationNs !== undefined) where.push(`duration_ns <= ${p.add(clampInt64(q.maxDurationNs).toString(), 'Int64')}`);
  let i = 0;
  for (const [key, value] of q.attributes ?? []) {
    // has() on the kv index expression lets the bloom filter skip granules; the
    // arrayExists is the exact test (keys and values may hold '=').
    // has(attribute_values) first: cheap, it spares most rows the kv strings (ClickHouse
    // evaluates AND lazily).
    const spanMatch =
      `(has(attribute_values, ${p.add(value, 'String')}) AND has(${ATTRIBUTE_KV}, ${p.add(`${key}=${value}`, 'String')}) ` +
      `AND ${attributeMatch(p, '', key, value)})`;
    const ids = resourceIds[i++] ?? [];
    where.push(ids.length === 0 ? spanMatch : `(${spanMatch} OR resource_scope_id IN ${p.uint64Set(ids)})`);
  }
  return where;
}

interface Bounds {
  readonly lo: bigint;
  readonly hi: bigint;
}

/** The first and last span start in the table, narrowed to the query's window; undefined when none. */
async function dataBounds(client: ClickHouseClient, layout: Layout, q: TraceQuery): Promise<Bounds | undefined> {
  const [row] = await selectRows(
    client,
    `SELECT count(), toString(toUnixTimestamp64Nano(min(start))), toString(toUnixTimestamp64Nano(max(start))) FROM ${layout.table('spans')}`,
    new QueryParams(),
  );
  if (!row || Number(row[0]) === 0) return undefined;
  let lo = BigInt(row[1] as string);
  let hi = BigInt(row[2] as string);
  if (q.startTimeMinNs !== undefined && clampTime(q.startTimeMinNs) > lo) lo = clampTime(q.startTimeMinNs);
  if (q.startTimeMaxNs !== undefined && clampTime(q.startTimeMaxNs) < hi) hi = clampTime(q.startTimeMaxNs);
  return lo <= hi ? { lo, hi } : undefined;
}

/** Matching trace ids (lowercase hex), most recent first, at most `limit`. */
async function matchingTraces(client: ClickHouseClient, layout: Layout, q: TraceQuery, limit: number): Promise<string[]> {
  const bounds = await dataBounds(client, layout, q);
  if (bounds === undefined) return [];
  const resourceIds = await resourceMatches(client, layout, q);
  const found: string[] = [];
  const seen = new Set<string>();
  let width = (bounds.hi - bounds.lo) / 64n;
  if (width < FIRST_WINDOW_NS) width = FIRST_WINDOW_NS;
  let winHi = bounds.hi;
  for (;;) {
    const winLo = winHi - width + 1n > bounds.lo ? winHi - width + 1n : bounds.lo;
    const p = new QueryParams();
    const lo = p.time(winLo);
    const hi = p.time(winHi);
    const where = [
      `${BUCKET} >= toStartOfFifteenMinutes(${lo})`,
      `${BUCKET} <= toStartOfFifteenMinutes(${hi})`,
      `start >= ${lo}`,
      `start <= ${hi}`,
      ...spanConditions(q, p, resourceIds),
    ];
    // Traces already found may come again (older matching spans): ask for enough rows
    // that `limit - found` new ones fit.
    const rows = await selectRows(
      client,
      `SELECT lower(hex(trace_id)) FROM ${layout.table('spans')} WHERE ${where.join(' AND ')} ` +
        `GROUP BY trace_id ORDER BY max(start) DESC, trace_id LIMIT ${p.add(limit, 'UInt32')}`,
      p,
    );
    for (const [id] of rows as [string][]) {
      if (seen.has(id)) continue;
      seen.add(id);
      found.push(id);
      if (found.length >= limit) return found;
    }
    if (winLo <= bounds.lo) return found;
    winHi = winLo - 1n;
    width *= 2n;
  }
}

type SummaryRow = [string, string, string, number, number, number, string, string, [string[], (string | number)[]]];

/** Summaries from `traces` of the given ids (lowercase hex), keyed by id. */
export async function traceSummaries(client: ClickHouseClient, layout: Layout, ids: readonly string[]): Promise<Map<string, TraceSummary>> {
  const p = new QueryParams();
  const rows = await selectRows(
    client,
    `SELECT lower(hex(trace_id)), toString(toUnixTimestamp64Nano(min(min_start))), toString(toUnixTimestamp64Nano(max(max_end))), ` +
      'toUInt32(sum(span_count)), toUInt32(sum(error_count)), tupleElement(min(root), 1), tupleElement(min(root), 3), tupleElement(min(root), 4), ' +
      `sumMap(services) FROM ${layout.table('traces')} WHERE trace_id IN ${p.idSet(ids.map((h) => Buffer.from(h, 'hex')))} GROUP BY trace_id`,
    p,
  );
  const out = new Map<string, TraceSummary>();
  for (const raw of rows) {
    const [id, start, end, spanCount, errorCount, notRoot, rootService, rootName, [names, counts]] = raw as SummaryRow;
    const services = names.map((service, i) => ({ service, spanCount: Number(counts[i]) }));
    services.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
    const startNs = BigInt(start);
    out.set(id, {
      traceId: new Uint8Array(Buffer.from(id, 'hex')),
      startTimeUnixNano: startNs,
      durationNs: BigInt(end) - startNs,
      ...(Number(notRoot) === 0 ? { rootServiceName: rootService, rootSpanName: rootName } : {}),
      spanCount: Number(spanCount),
      errorCount: Number(errorCount),
      services,
    });
  }
  return out;
}

export async function findTraceSummaries(client: ClickHouseClient, layout: Layout, q: TraceQuery): Promise<TraceSummary[]> {
  const limit = Math.floor(q.limit);
  if (!(limit > 0)) return [];
  const ids = await matchingTraces(client, layout, q, limit);
  if (ids.length === 0) return [];
  const summaries = await traceSummaries(client, layout, ids);
  const out: TraceSummary[] = [];
  for (const id of ids) {
    const s = summaries.get(id);
    if (s) out.push(s);
  }
  return out;
}
