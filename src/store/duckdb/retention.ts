/**
 * deleteOlderThan's statements. Spans go by start time. A trace part whose spans
 * all went is dropped; a trace with a part that lost only some of its spans gets
 * all its parts replaced by one part rebuilt from the spans that remain, so
 * search summaries never count deleted spans. The rebuild states the rules of
 * trace-parts.ts in SQL: root = earliest span with an empty parent id, error =
 * status code 2. Resource/scope rows that no span refers to any more go too.
 */
import { columnList, RESOURCE_SCOPES_TABLE, SPANS_TABLE, TRACE_PART_COLUMNS, TRACE_PARTS_TABLE } from './schema.js';

// Session-local (TEMP) and dropped at the end, so concurrent readers never see it.
const REBUILD = 'ariadne_rebuild_traces';

/** Every statement takes the cutoff (unix ns, UBIGINT) as $1 where it has one. */
export const COLLECT_REBUILD_SQL =
  `CREATE OR REPLACE TEMP TABLE ${REBUILD} AS SELECT DISTINCT trace_id FROM ${TRACE_PARTS_TABLE} ` +
  `WHERE min_start_ns < $1 AND max_start_ns >= $1`;

export const DELETE_SPANS_SQL = `DELETE FROM ${SPANS_TABLE} WHERE start_ns < $1`;

export const DELETE_PARTS_SQL =
  `DELETE FROM ${TRACE_PARTS_TABLE} WHERE min_start_ns < $1 OR trace_id IN (SELECT trace_id FROM ${REBUILD})`;

export const REBUILD_PARTS_SQL =
  `INSERT INTO ${TRACE_PARTS_TABLE} (${columnList(TRACE_PART_COLUMNS)}) ` +
  `SELECT trace_id, min(min_start), max(max_start), max(max_end), sum(n)::UINTEGER, sum(errors)::UINTEGER, ` +
  `min(root_start), arg_min(service, root_start), arg_min(root_name, root_start), ` +
  `list(service ORDER BY service), list(n::UINTEGER ORDER BY service) ` +
  `FROM (` +
  `SELECT trace_id, service, count(*) AS n, min(start_ns) AS min_start, max(start_ns) AS max_start, ` +
  `max(end_ns) AS max_end, count(*) FILTER (WHERE status_code = 2) AS errors, ` +
  `min(start_ns) FILTER (WHERE octet_length(parent_span_id) = 0) AS root_start, ` +
  `arg_min(name, start_ns) FILTER (WHERE octet_length(parent_span_id) = 0) AS root_name ` +
  `FROM ${SPANS_TABLE} WHERE trace_id IN (SELECT trace_id FROM ${REBUILD}) GROUP BY trace_id, service` +
  `) GROUP BY trace_id`;

export const DROP_REBUILD_SQL = `DROP TABLE IF EXISTS ${REBUILD}`;

export const DELETE_ORPHAN_RESOURCE_SCOPES_SQL =
  `DELETE FROM ${RESOURCE_SCOPES_TABLE} WHERE id NOT IN (SELECT DISTINCT resource_scope_id FROM ${SPANS_TABLE})`;
