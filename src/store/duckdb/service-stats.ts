/**
 * getServiceStats on DuckDB: one aggregate over the window's spans with two grouping
 * sets, (service, name) for the operations and (service) for the service's total, so
 * the service percentiles are over its spans, not an average of its operations'.
 * quantile_disc is the nearest-rank percentile: it returns a stored duration.
 */
import { DuckDBListValue, UBIGINT, type DuckDBConnection } from '@duckdb/node-api';
import { StatusCode } from '../../model/index.js';
import type { OperationStats, ServiceStats, SpanStats } from '../store.js';
import { toUint64 } from './ranges.js';
import { SPANS_TABLE } from './schema.js';

const STATS_SQL =
  'SELECT service, name, grouping(name) AS service_total, count(*), ' +
  `count(*) FILTER (WHERE status_code = ${StatusCode.ERROR}), quantile_disc(duration_ns, [0.5, 0.95, 0.99]) ` +
  `FROM ${SPANS_TABLE} WHERE start_ns >= $1 AND start_ns <= $2 ` +
  'GROUP BY GROUPING SETS ((service, name), (service)) ORDER BY service, service_total DESC, name';

function spanStats(row: readonly unknown[]): SpanStats {
  const q = row[5] instanceof DuckDBListValue ? row[5].items : [];
  const at = (i: number): bigint => (typeof q[i] === 'bigint' ? (q[i] as bigint) : 0n);
  return { spanCount: Number(row[3]), errorCount: Number(row[4]), p50Ns: at(0), p95Ns: at(1), p99Ns: at(2) };
}

export async function readServiceStats(conn: DuckDBConnection, startNs: bigint, endNs: bigint): Promise<ServiceStats[]> {
  const r = await conn.runAndReadAll(STATS_SQL, [toUint64(startNs), toUint64(endNs)], [UBIGINT, UBIGINT]);
  const out: ServiceStats[] = [];
  let current: { service: string; stats: SpanStats; operations: OperationStats[] } | undefined;
  const flush = (): void => {
    if (current !== undefined) out.push({ service: current.service, ...current.stats, operations: current.operations });
  };
  for (const row of r.getRows()) {
    const service = row[0] as string;
    // The (service) grouping set sorts first within its service: grouping(name) is 1 there.
    if (Number(row[2]) === 1) {
      flush();
      current = { service, stats: spanStats(row), operations: [] };
    } else if (current !== undefined && current.service === service) {
      current.operations.push({ operation: row[1] as string, ...spanStats(row) });
    }
  }
  flush();
  return out;
}
