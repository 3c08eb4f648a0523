/**
 * deleteOlderThan: spans go by start time (lightweight DELETE; the store drops logs and
 * points before calling this). A `traces` row all
 * of whose spans went is deleted; a trace with a row that lost only some of its spans
 * gets all its rows replaced by one rebuilt from the spans that remain (the view's
 * own SELECT), so summaries never count deleted spans. Operations not seen since the
 * cutoff go, and resource/scope pairs no span, log or point refers to any more.
 *
 * ClickHouse has no multi-statement transaction: a span written for a trace being
 * rebuilt while this runs can be counted twice in that trace's summary. The day-based
 * TTL (schema.ts) is the cheaper retention for a server; this is the exact one.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { QueryParams, selectRows } from './query-params.js';
import { TRACE_SUMMARY_SELECT, type Layout } from './schema.js';
import { clampTime } from './span-rows.js';

/** Trace ids per statement: they travel as a query parameter, which has a size limit over HTTP. */
const IDS_PER_STATEMENT = 5000;

/** How long a resource/scope pair is kept after its last write even if no span refers to it (writers re-write pairs in use every few minutes). */
export const RESOURCE_SCOPE_GRACE_SECONDS = 3600;

export const TRACE_COLUMNS = 'trace_id, day, min_start, max_start, max_end, span_count, error_count, root, services';

async function command(client: ClickHouseClient, query: string, p: QueryParams, settings?: Record<string, number>): Promise<void> {
  await client.command({ query, query_params: p.values, ...(settings ? { clickhouse_settings: settings } : {}) });
}

export async function deleteOlderThan(client: ClickHouseClient, layout: Layout, cutoffNs: bigint): Promise<number> {
  const cutoff = clampTime(cutoffNs);
  const cp = new QueryParams();
  const [count] = await selectRows(client, `SELECT toString(count()) FROM ${layout.table('spans')} WHERE start < ${cp.time(cutoff)}`, cp);
  const removed = Number(count?.[0] ?? 0);
  if (removed === 0) return 0;

  const sp = new QueryParams();
  const straddling = (
    await selectRows(
      client,
      `SELECT DISTINCT lower(hex(trace_id)) FROM ${layout.table('traces')} WHERE min_start < ${sp.time(cutoff)} AND max_start >= ${sp.time(cutoff)}`,
      sp,
    )
  ).map((r) => Buffer.from(r[0] as string, 'hex'));

  const on = layout.onCluster;
  const dp = new QueryParams();
  await command(client, `DELETE FROM ${layout.local('spans')}${on} WHERE start < ${dp.time(cutoff)}`, dp);
  const tp = new QueryParams();
  await command(client, `DELETE FROM ${layout.local('traces')}${on} WHERE max_start < ${tp.time(cutoff)}`, tp);
  for (let i = 0; i < straddling.length; i += IDS_PER_STATEMENT) {
    const ids = straddling.slice(i, i + IDS_PER_STATEMENT);
    const xp = new QueryParams();
    await command(client, `DELETE FROM ${layout.local('traces')}${on} WHERE trace_id IN ${xp.idSet(ids)}`, xp);
    const rp = new QueryParams();
    await command(
      client,
      `INSERT INTO ${layout.table('traces')} (${TRACE_COLUMNS}) SELECT ${TRACE_SUMMARY_SELECT} FROM ${layout.table('spans')} ` +
        `WHERE trace_id IN ${rp.idSet(ids)} GROUP BY trace_id`,
      rp,
    );
  }
  const op = new QueryParams();
  await command(client, `DELETE FROM ${layout.local('operations')}${on} WHERE last_seen < ${op.time(cutoff)}`, op);
  const gp = new QueryParams();
  // The time comes from here, not now(): a replicated mutation must be deterministic.
  const before = Math.floor(Date.now() / 1000) - RESOURCE_SCOPE_GRACE_SECONDS;
  await command(
    client,
    `DELETE FROM ${layout.local('resource_scopes')}${on} WHERE written_at < toDateTime(${gp.add(before, 'UInt32')}) ` +
      `AND id NOT IN (SELECT DISTINCT resource_scope_id FROM ${layout.table('spans')}) ` +
      `AND id NOT IN (SELECT DISTINCT resource_scope_id FROM ${layout.table('logs')}) ` +
      `AND id NOT IN (SELECT DISTINCT resource_scope_id FROM ${layout.table('metric_points')})`,
    gp,
    // On a cluster the subquery reads the Distributed spans, which a replicated mutation only allows with this.
    layout.cluster ? { allow_nondeterministic_mutations: 1 } : undefined,
  );
  return removed;
}
