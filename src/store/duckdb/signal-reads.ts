/** The reads of metric points (and of legacy log rows' pairs); bound parameters only. */
import { INTEGER, LIST, listValue, UBIGINT, VARCHAR, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { IDENTITY_KEYS, identityKey, type MetricPoint } from '../../model/index.js';
import type { MetricPointQuery } from '../metric-store.js';
import { attributeNeedle } from './attribute-text.js';
import { QueryParams } from './query-params.js';
import { toUint64 } from './ranges.js';
import { decodeResourceScopes, RESOURCE_SCOPE_SELECT, type ResourceScope } from './resource-scopes.js';
import { METRIC_POINTS_TABLE, SIGNAL_RESOURCE_SCOPES_TABLE } from './signal-schema.js';
import {
  decodeMetricPoint,
  METRIC_POINT_RESOURCE_SCOPE_ID_INDEX,
  metricPointSelect,
  seriesKey,
} from './signal-rows.js';

/** The resource/scope pairs the rows refer to (column `at`), read in the same transaction. */
export async function readPairs(conn: DuckDBConnection, rows: readonly (readonly DuckDBValue[])[], at: number): Promise<Map<bigint, ResourceScope>> {
  const ids = new Set<bigint>();
  for (const r of rows) if (typeof r[at] === 'bigint') ids.add(r[at]);
  if (ids.size === 0) return new Map();
  const found = await conn.runAndReadAll(
    `SELECT ${RESOURCE_SCOPE_SELECT} FROM ${SIGNAL_RESOURCE_SCOPES_TABLE} WHERE list_contains($1, id)`,
    [listValue([...ids])],
    [LIST(UBIGINT)],
  );
  return decodeResourceScopes(found.getRows());
}

/** Most points one series read returns, whatever the caller asks. */
export const MAX_METRIC_POINTS = 100_000;

/**
 * The WHERE terms for a resource filter: the identity column when the filter names one
 * (its key is then `identity`), needles for the rest.
 */
function resourceTerms(resource: ReadonlyMap<string, string>, p: QueryParams): { terms: string[]; identity?: string } {
  const terms: string[] = [];
  let identity: string | undefined;
  const used = new Set<string>();
  for (const group of IDENTITY_KEYS) {
    const first = resource.get(group[0]);
    if (first === undefined || first === '') continue;
    const attrs: [string, string][] = [];
    for (const k of group) {
      const v = resource.get(k);
      if (v !== undefined && v !== '') attrs.push([k, v]);
    }
    // Only a complete group is the stored key; a pod without its namespace filters by needle.
    if (attrs.length === group.length) {
      identity = identityKey(attrs);
      terms.push(`resource_identity = ${p.add(identity, VARCHAR)}`);
      for (const [k] of attrs) used.add(k);
    }
    break;
  }
  for (const [k, v] of resource) {
    if (used.has(k)) continue;
    // Rows of older files keep the attributes; newer rows refer to their pair.
    const needle = p.add(attributeNeedle(k, v), VARCHAR);
    terms.push(
      `(contains(resource_attributes, ${needle}) OR resource_scope_id IN ` +
        `(SELECT id FROM ${SIGNAL_RESOURCE_SCOPES_TABLE} WHERE contains(resource_attributes, ${needle})))`,
    );
  }
  return identity === undefined ? { terms } : { terms, identity };
}

export async function readMetricPoints(conn: DuckDBConnection, q: MetricPointQuery): Promise<MetricPoint[]> {
  const p = new QueryParams();
  const resource = resourceTerms(q.resource, p);
  const where = [
    `time_ns >= ${p.add(toUint64(q.startTimeMinNs), UBIGINT)}`,
    `time_ns <= ${p.add(toUint64(q.startTimeMaxNs), UBIGINT)}`,
    `name = ${p.add(q.name, VARCHAR)}`,
    ...resource.terms,
  ].join(' AND ');
  const limit = p.add(Math.min(q.limit ?? MAX_METRIC_POINTS, MAX_METRIC_POINTS), INTEGER);
  const select = (legacy: boolean): string => `SELECT ${metricPointSelect(legacy)}, time_ns AS t, attributes AS a, rowid AS r FROM ${METRIC_POINTS_TABLE}`;
  // With an identity, the series key picks the series' rows first; rows of older files
  // have none (NULL) and are matched by the other terms alone.
  const newer =
    resource.identity === undefined
      ? `${select(false)} WHERE resource_scope_id IS NOT NULL AND ${where}`
      : `${select(false)} WHERE series_key = ${p.add(seriesKey(resource.identity, q.name), UBIGINT)} AND ${where}`;
  const sql = `${newer} UNION ALL ${select(true)} WHERE ${resource.identity === undefined ? 'resource_scope_id' : 'series_key'} IS NULL AND ${where}`;
  const r = await conn.runAndReadAll(`${sql} ORDER BY t, a, r LIMIT ${limit}`, p.values, p.types);
  const rows = r.getRows();
  const pairs = await readPairs(conn, rows, METRIC_POINT_RESOURCE_SCOPE_ID_INDEX);
  return rows.map((row) => decodeMetricPoint(row, pairs));
}

export async function readMetricNames(conn: DuckDBConnection, resource: ReadonlyMap<string, string>, startNs: bigint, endNs: bigint): Promise<string[]> {
  const p = new QueryParams();
  const where = [`time_ns >= ${p.add(toUint64(startNs), UBIGINT)}`, `time_ns <= ${p.add(toUint64(endNs), UBIGINT)}`, ...resourceTerms(resource, p).terms];
  const r = await conn.runAndReadAll(`SELECT DISTINCT name FROM ${METRIC_POINTS_TABLE} WHERE ${where.join(' AND ')} ORDER BY name`, p.values, p.types);
  return r.getRows().map((row) => row[0] as string);
}
