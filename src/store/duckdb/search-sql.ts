/**
 * findTraces' first step: the ids of matching traces, most recent first. A trace
 * matches when one span meets every span-level condition, so all conditions go
 * into one WHERE over spans. The SQL text is assembled from constant fragments
 * only; every value from the query is a bound parameter.
 */
import { BIGINT, INTEGER, UBIGINT, VARCHAR } from '@duckdb/node-api';
import type { TraceQuery } from '../store.js';
import { attributeNeedle } from './attribute-text.js';
import { QueryParams } from './query-params.js';
import { toInt64, toUint64 } from './ranges.js';
import { RESOURCE_SCOPES_TABLE, SPANS_TABLE } from './schema.js';

export interface SqlWithParams {
  readonly sql: string;
  readonly params: QueryParams;
}

export function matchingTracesSql(q: TraceQuery, limit: number): SqlWithParams {
  const p = new QueryParams();
  const where: string[] = [];
  // Time first: it is the condition the zonemaps on start_ns can use to skip row groups.
  if (q.startTimeMinNs !== undefined) where.push(`start_ns >= ${p.add(toUint64(q.startTimeMinNs), UBIGINT)}`);
  if (q.startTimeMaxNs !== undefined) where.push(`start_ns <= ${p.add(toUint64(q.startTimeMaxNs), UBIGINT)}`);
  if (q.service !== undefined) where.push(`service = ${p.add(q.service, VARCHAR)}`);
  if (q.operation !== undefined) where.push(`name = ${p.add(q.operation, VARCHAR)}`);
  if (q.spanKind !== undefined) where.push(`kind = ${p.add(q.spanKind, INTEGER)}`);
  if (q.statusCode !== undefined) where.push(`status_code = ${p.add(q.statusCode, INTEGER)}`);
  if (q.minDurationNs !== undefined) where.push(`duration_ns >= ${p.add(toInt64(q.minDurationNs), BIGINT)}`);
  if (q.maxDurationNs !== undefined) where.push(`duration_ns <= ${p.add(toInt64(q.maxDurationNs), BIGINT)}`);
  for (const [key, value] of q.attributes ?? []) {
    const needle = p.add(attributeNeedle(key, value), VARCHAR);
    // A span attribute, or an attribute of the span's resource (a small table, read as a semi-join).
    where.push(
      `(contains(attributes, ${needle}) OR resource_scope_id IN ` +
        `(SELECT id FROM ${RESOURCE_SCOPES_TABLE} WHERE contains(resource_attributes, ${needle})))`,
    );
  }
  const sql =
    `SELECT trace_id, max(start_ns) AS last_start FROM ${SPANS_TABLE}` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ` GROUP BY trace_id ORDER BY last_start DESC, trace_id LIMIT ${p.add(BigInt(limit), BIGINT)}`;
  return { sql, params: p };
}
