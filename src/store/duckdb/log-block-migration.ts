/**
 * Files written before log blocks kept a row per record in `logs` (the columns of
 * LOG_COLUMNS, signal-schema.ts). Opening such a file moves those records into blocks,
 * in their arrival order, and drops the table: reads then know one layout only.
 */
import { BIGINT, type DuckDBConnection } from '@duckdb/node-api';
import type { LogRecord } from '../../model/index.js';
import { LogBlockWriter } from './log-blocks.js';
import { readPairs } from './signal-reads.js';
import { decodeLog, LOG_RESOURCE_SCOPE_ID_INDEX, logSelect } from './signal-rows.js';
import { LOGS_TABLE } from './signal-schema.js';

const PAGE_ROWS = 50_000;

async function hasLegacyLogs(conn: DuckDBConnection): Promise<boolean> {
  const r = await conn.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = '${LOGS_TABLE}'`);
  return Number(r.getRows()[0]![0]) > 0;
}

async function hasColumn(conn: DuckDBConnection, column: string): Promise<boolean> {
  const r = await conn.runAndReadAll(`SELECT count(*) FROM duckdb_columns() WHERE table_name = '${LOGS_TABLE}' AND column_name = '${column}'`);
  return Number(r.getRows()[0]![0]) > 0;
}

/** Moves the rows of a legacy `logs` table into blocks, in one transaction; nothing to do on newer files. */
export async function migrateLegacyLogs(conn: DuckDBConnection): Promise<number> {
  if (!(await hasLegacyLogs(conn))) return 0;
  // The oldest files have no resource_scope_id: every row holds its pair's text.
  const select = (await hasColumn(conn, 'resource_scope_id')) ? logSelect(true) : logSelect(true).replace(/resource_scope_id$/, 'NULL');
  let moved = 0;
  await conn.run('BEGIN TRANSACTION');
  try {
    const writer = await LogBlockWriter.open(conn);
    const last = Number((await conn.runAndReadAll(`SELECT coalesce(max(rowid), -1) FROM ${LOGS_TABLE}`)).getRows()[0]![0]);
    // Pages by rowid range: an OFFSET would rescan every earlier page.
    for (let lo = 0; lo <= last; lo += PAGE_ROWS) {
      const rows = (
        await conn.runAndReadAll(`SELECT ${select} FROM ${LOGS_TABLE} WHERE rowid >= $1 AND rowid < $2 ORDER BY rowid`, [BigInt(lo), BigInt(lo + PAGE_ROWS)], [BIGINT, BIGINT])
      ).getRows();
      if (rows.length === 0) continue;
      const pairs = await readPairs(conn, rows, LOG_RESOURCE_SCOPE_ID_INDEX);
      const records: LogRecord[] = rows.map((r) => decodeLog(r, pairs));
      await writer.write(conn, records);
      moved += records.length;
    }
    await conn.run(`DROP INDEX IF EXISTS logs_trace_id`);
    await conn.run(`DROP TABLE ${LOGS_TABLE}`);
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return moved;
}
