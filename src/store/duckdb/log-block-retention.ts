/**
 * Retention of log blocks, inside the caller's transaction: blocks wholly older than
 * the cutoff go with their index rows; a block that straddles it is rewritten with
 * the records it keeps, under the same id (so arrival order holds).
 */
import { UBIGINT, type DuckDBConnection } from '@duckdb/node-api';
import { toUint64 } from './ranges.js';
import { decodeBlock } from './log-block-reads.js';
import { LOG_BLOCK_TRACES_TABLE, LOG_BLOCKS_TABLE, type LogBlockWriter } from './log-blocks.js';

/** Removes the records whose time is before `cutoffNs`; returns how many. */
export async function deleteLogsOlderThan(conn: DuckDBConnection, writer: LogBlockWriter, cutoffNs: bigint): Promise<number> {
  const cutoff = [toUint64(cutoffNs)];
  const types = [UBIGINT];
  const whole = await conn.runAndReadAll(`SELECT coalesce(sum(record_count), 0)::UBIGINT FROM ${LOG_BLOCKS_TABLE} WHERE max_ts_ns < $1`, cutoff, types);
  let removed = Number(whole.getRows()[0]![0] as bigint);
  const straddling = (
    await conn.runAndReadAll(`SELECT id, records FROM ${LOG_BLOCKS_TABLE} WHERE min_ts_ns < $1 AND max_ts_ns >= $1 ORDER BY id`, cutoff, types)
  ).getRows();
  const dropped = `SELECT id FROM ${LOG_BLOCKS_TABLE} WHERE min_ts_ns < $1`;
  await conn.run(`DELETE FROM ${LOG_BLOCK_TRACES_TABLE} WHERE block_id IN (${dropped})`, cutoff, types);
  await conn.run(`DELETE FROM ${LOG_BLOCKS_TABLE} WHERE min_ts_ns < $1`, cutoff, types);
  for (const [id, records] of straddling) {
    const all = decodeBlock(id as bigint, records);
    const kept = all.filter((x) => x.ts >= cutoffNs).map((x) => x.record);
    removed += all.length - kept.length;
    await writer.rewrite(conn, id as bigint, kept);
  }
  return removed;
}
