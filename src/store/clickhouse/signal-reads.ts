/** The reads of logs and metric points; every value a bound parameter. */
import type { ClickHouseClient } from '@clickhouse/client';
import { splitResourceFilter, type LogRecord, type MetricPoint } from '../../model/index.js';
import type { LogQuery } from '../log-store.js';
import type { MetricPointQuery } from '../metric-store.js';
import { QueryParams, selectRows } from './query-params.js';
import { resourceScopesOf, type ResourceScopeCache } from './resource-scopes.js';
import type { Layout } from './schema.js';
import { decodeLog, decodeMetricPoint, LOG_RESOURCE_SCOPE_INDEX, LOG_SELECT, METRIC_POINT_RESOURCE_SCOPE_INDEX, METRIC_POINT_SELECT } from './signal-rows.js';
import { clampTime } from './span-rows.js';

/** Most points one series read returns, whatever the caller asks (as the DuckDB store). */
export const MAX_METRIC_POINTS = 100_000;

async function logsOfRows(client: ClickHouseClient, layout: Layout, rows: readonly unknown[][], cache: ResourceScopeCache): Promise<LogRecord[]> {
  const origins = await resourceScopesOf(client, layout, rows.map((r) => r[LOG_RESOURCE_SCOPE_INDEX] as string), cache, 'a log record');
  return rows.map((r, i) => decodeLog(r, origins[i]!));
}

export async function readTraceLogs(
  client: ClickHouseClient,
  layout: Layout,
  traceId: Uint8Array,
  spanId: Uint8Array | undefined,
  cache: ResourceScopeCache,
): Promise<LogRecord[]> {
  // The zero id is what records without trace context hold: no trace has it.
  if (traceId.length === 0 || traceId.every((b) => b === 0)) return [];
  const p = new QueryParams();
  let sql = `SELECT ${LOG_SELECT} FROM ${layout.table('logs')} WHERE trace_id = unhex(${p.add(Buffer.from(traceId).toString('hex'), 'String')})`;
  if (spanId !== undefined) sql += ` AND span_id = unhex(${p.add(Buffer.from(spanId).toString('hex'), 'String')})`;
  const rows = await selectRows(client, `${sql} ORDER BY ts, observed_ts`, p);
  return logsOfRows(client, layout, rows, cache);
}

export async function findLogs(client: ClickHouseClient, layout: Layout, q: LogQuery, cache: ResourceScopeCache): Promise<LogRecord[]> {
  const limit = Math.max(0, Math.floor(q.limit));
  if (limit === 0) return [];
  const p = new QueryParams();
  const where: string[] = [];
  if (q.startTimeMinNs !== undefined) where.push(`ts >= ${p.time(clampTime(q.startTimeMinNs))}`);
  if (q.startTimeMaxNs !== undefined) where.push(`ts <= ${p.time(clampTime(q.startTimeMaxNs))}`);
  if (q.service !== undefined) where.push(`service = ${p.add(q.service, 'String')}`);
  if (q.minSeverityNumber !== undefined) where.push(`severity_number >= ${p.add(Math.max(0, Math.min(255, Math.floor(q.minSeverityNumber))), 'UInt8')}`);
  // body is the text form of any body type, which is what "contains" means here.
  if (q.bodyContains !== undefined && q.bodyContains !== '') where.push(`positionCaseInsensitiveUTF8(body, ${p.add(q.bodyContains, 'String')}) > 0`);
  const rows = await selectRows(
    client,
    `SELECT ${LOG_SELECT} FROM ${layout.table('logs')}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ` +
      `ORDER BY ts DESC, observed_ts DESC LIMIT ${p.add(limit, 'UInt32')}`,
    p,
  );
  return logsOfRows(client, layout, rows, cache);
}

/**
 * The WHERE terms of a resource filter: the identity column (the sort key's first
 * part) when the filter holds a whole identity group; each other key=value through
 * resource_scopes, the small table of distinct resources.
 */
function resourceTerms(layout: Layout, resource: ReadonlyMap<string, string>, p: QueryParams): string[] {
  const { identityKey, others } = splitResourceFilter(resource);
  const terms = identityKey === undefined ? [] : [`resource_identity = ${p.add(identityKey, 'String')}`];
  for (const [k, v] of others) {
    // GLOBAL: on a cluster the subquery runs once, over the Distributed resource_scopes.
    terms.push(
      `resource_scope_id GLOBAL IN (SELECT id FROM ${layout.table('resource_scopes')} WHERE ` +
        `arrayExists((x, y) -> x = ${p.add(k, 'String')} AND y = ${p.add(v, 'String')}, resource_attribute_keys, resource_attribute_values))`,
    );
  }
  return terms;
}

function pointWindow(layout: Layout, resource: ReadonlyMap<string, string>, startNs: bigint, endNs: bigint, p: QueryParams): string[] {
  return [`time >= ${p.time(clampTime(startNs))}`, `time <= ${p.time(clampTime(endNs))}`, ...resourceTerms(layout, resource, p)];
}

export async function readMetricPoints(client: ClickHouseClient, layout: Layout, q: MetricPointQuery, cache: ResourceScopeCache): Promise<MetricPoint[]> {
  const limit = Math.min(q.limit ?? MAX_METRIC_POINTS, MAX_METRIC_POINTS);
  if (!(limit > 0)) return [];
  const p = new QueryParams();
  const where = [`name = ${p.add(q.name, 'String')}`, ...pointWindow(layout, q.resource, q.startTimeMinNs, q.startTimeMaxNs, p)];
  const rows = await selectRows(
    client,
    `SELECT ${METRIC_POINT_SELECT} FROM ${layout.table('metric_points')} WHERE ${where.join(' AND ')} ` +
      `ORDER BY time, attribute_keys, attribute_values LIMIT ${p.add(Math.floor(limit), 'UInt32')}`,
    p,
  );
  const origins = await resourceScopesOf(client, layout, rows.map((r) => r[METRIC_POINT_RESOURCE_SCOPE_INDEX] as string), cache, 'a metric point');
  return rows.map((r, i) => decodeMetricPoint(r, origins[i]!));
}

export async function readMetricNames(client: ClickHouseClient, layout: Layout, resource: ReadonlyMap<string, string>, startNs: bigint, endNs: bigint): Promise<string[]> {
  const p = new QueryParams();
  const rows = await selectRows(
    client,
    `SELECT DISTINCT toString(name) FROM ${layout.table('metric_points')} WHERE ${pointWindow(layout, resource, startNs, endNs, p).join(' AND ')} ORDER BY 1`,
    p,
  );
  return rows.map((r) => r[0] as string);
}

/** Lightweight DELETEs by time; the counts come first, as DELETE reports none. */
export async function deleteSignalsOlderThan(client: ClickHouseClient, layout: Layout, table: 'logs' | 'metric_points', cutoffNs: bigint): Promise<number> {
  const column = table === 'logs' ? 'ts' : 'time';
  const cp = new QueryParams();
  const [count] = await selectRows(client, `SELECT toString(count()) FROM ${layout.table(table)} WHERE ${column} < ${cp.time(clampTime(cutoffNs))}`, cp);
  const removed = Number(count?.[0] ?? 0);
  if (removed === 0) return 0;
  const dp = new QueryParams();
  await client.command({ query: `DELETE FROM ${layout.local(table)}${layout.onCluster} WHERE ${column} < ${dp.time(clampTime(cutoffNs))}`, query_params: dp.values });
  return removed;
}
