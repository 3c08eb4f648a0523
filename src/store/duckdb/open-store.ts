/**
 * Opening the DuckDB store: the database file under a directory (or memory),
 * the tables, and a schema-version check so an old file is refused clearly
 * rather than misread.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { DuckDBInstance, VARCHAR } from '@duckdb/node-api';
import type { Store } from '../store.js';
import { DuckDbStore } from './duckdb-store.js';
import { StoreSchemaVersionError } from '../errors.js';
import { CREATE_STATEMENTS, META_TABLE, SCHEMA_VERSION } from './schema.js';
import { migrateLegacyLogs } from './log-block-migration.js';
import { LogBlockWriter } from './log-blocks.js';

export const MEMORY = ':memory:';
export const DATABASE_FILE = 'ariadne.duckdb';

export interface DuckDbStoreOptions {
  /**
   * Directory holding the database file DATABASE_FILE (created if missing), or a
   * path ending in `.duckdb` naming the file itself, or ':memory:' for a store that
   * dies with the process.
   */
  readonly path: string;
  /** DuckDB worker threads; unset means DuckDB's default, one per core. */
  readonly threads?: number;
  /** DuckDB memory_limit such as '1GB'; unset means DuckDB's default, 80% of RAM. */
  readonly memoryLimit?: string;
  /**
   * WAL size that triggers a checkpoint (DuckDB checkpoint_threshold). Unset means
   * DEFAULT_CHECKPOINT_THRESHOLD. Larger means fewer, bigger checkpoints (cheaper per
   * span: each one rewrites the table's last row group) and a longer WAL replay on
   * open after a crash.
   */
  readonly checkpointThreshold?: string;
}

/** DuckDB's own default is 16MB, a checkpoint every ~15k spans, which halves ingest throughput. */
export const DEFAULT_CHECKPOINT_THRESHOLD = '256MB';

/** The file DuckDB opens for `path`, creating its directory. */
async function databaseFile(path: string): Promise<string> {
  if (path === MEMORY) return MEMORY;
  // A path naming the file itself is taken as is, so `<dataDir>/ariadne.duckdb` works too.
  if (extname(path) === '.duckdb') {
    await mkdir(dirname(path), { recursive: true });
    return path;
  }
  await mkdir(path, { recursive: true });
  return join(path, DATABASE_FILE);
}

export async function openDuckDbStore(options: DuckDbStoreOptions): Promise<Store> {
  const file = await databaseFile(options.path);
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config['threads'] = String(options.threads);
  if (options.memoryLimit !== undefined) config['memory_limit'] = options.memoryLimit;
  config['checkpoint_threshold'] = options.checkpointThreshold ?? DEFAULT_CHECKPOINT_THRESHOLD;
  const instance = await DuckDBInstance.create(file, config);
  const writer = await instance.connect();
  const spanWriter = await instance.connect();
  let logBlocks: LogBlockWriter;
  try {
    for (const sql of CREATE_STATEMENTS) await writer.run(sql);
    const found = await writer.runAndReadAll(`SELECT value FROM ${META_TABLE} WHERE key = 'schema_version'`);
    const version = found.getRows()[0]?.[0];
    if (version === undefined) {
      await writer.run(`INSERT INTO ${META_TABLE} VALUES ('schema_version', $1)`, [SCHEMA_VERSION], [VARCHAR]);
    } else if (version !== SCHEMA_VERSION) {
      throw new StoreSchemaVersionError(String(version), SCHEMA_VERSION, file);
    }
    await migrateLegacyLogs(writer);
    logBlocks = await LogBlockWriter.open(writer);
  } catch (err) {
    spanWriter.closeSync();
    writer.closeSync();
    instance.closeSync();
    throw err;
  }
  return new DuckDbStore(instance, writer, [spanWriter], logBlocks);
}
