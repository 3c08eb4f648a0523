/**
 * getServiceStats on ClickHouse: two aggregates over the window's spans, per
 * (service, span name) and per service, so a service's percentiles are over its
 * spans, not an average of its operations'. The percentiles are nearest rank, the
 * ceil(p * n)-th smallest duration (span-views.ts), computed on the sorted durations:
 * exact, and a stored duration, as the interface asks.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { StatusCode } from '../../model/index.js';
import type { OperationStats, ServiceStats, SpanStats } from '../store.js';
import { QueryParams, selectRows } from './query-params.js';
import type { Layout } from './schema.js';
import { clampTime } from './span-rows.js';

// Float64 products, as JS computes Math.ceil(p * n): the same rank on both sides.
const rank = (p: string): string => `toString(d[toUInt64(greatest(1, ceil(${p} * length(d))))])`;

/** Per group of `keys`: the keys as text, span count, error count, p50, p95, p99. */
function statsSql(spans: string, keys: readonly string[], window: string): string {
  const groupKeys = keys.join(', ');
  return (
    `SELECT ${keys.map((k) => `toString(${k})`).join(', ')}, toUInt32(n), toUInt32(e), ${rank('0.5')}, ${rank('0.95')}, ${rank('0.99')} FROM (` +
    `SELECT ${groupKeys}, count() AS n, countIf(status_code = ${StatusCode.ERROR}) AS e, arraySort(groupArray(duration_ns)) AS d ` +
    `FROM ${spans} WHERE ${window} GROUP BY ${groupKeys}) ORDER BY ${groupKeys}`
  );
}

type ServiceRow = [string, number, number, string, string, string];
type OperationRow = [string, string, number, number, string, string, string];

function spanStats(r: readonly unknown[], at: number): SpanStats {
  return {
    spanCount: Number(r[at]),
    errorCount: Number(r[at + 1]),
    p50Ns: BigInt(r[at + 2] as string),
    p95Ns: BigInt(r[at + 3] as string),
    p99Ns: BigInt(r[at + 4] as string),
  };
}

export async function readServiceStats(client: ClickHouseClient, layout: Layout, startNs: bigint, endNs: bigint): Promise<ServiceStats[]> {
  if (endNs < startNs || endNs < 0n) return [];
  const window = (p: QueryParams): string => `start >= ${p.time(clampTime(startNs))} AND start <= ${p.time(clampTime(endNs))}`;
  const sp = new QueryParams();
  const services = (await selectRows(client, statsSql(layout.table('spans'), ['service'], window(sp)), sp)) as ServiceRow[];
  if (services.length === 0) return [];
  const op = new QueryParams();
  const operations = (await selectRows(client, statsSql(layout.table('spans'), ['service', 'name'], window(op)), op)) as OperationRow[];
  const byService = new Map<string, OperationStats[]>();
  for (const r of operations) {
    let list = byService.get(r[0]);
    if (list === undefined) byService.set(r[0], (list = []));
    list.push({ operation: r[1], ...spanStats(r, 2) });
  }
  return services.map((r) => ({ service: r[0], ...spanStats(r, 1), operations: byService.get(r[0]) ?? [] }));
}
