/**
 * Opening the ClickHouse store from a `--storage` URL: connect, refuse a server
 * older than MINIMUM_VERSION, run the migrations (writers) or check the schema
 * version (read-only query nodes), and hand back a Store.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Store } from '../store.js';
import { ClickHouseStore } from './clickhouse-store.js';
import { checkServerVersion, createClickHouseClient, type ConnectOptions } from './connect.js';
import { checkSchemaVersion, migrate, type MigrateResult } from './migrations.js';
import { Layout } from './schema.js';
import { parseStorageUrl, type StorageTarget } from './storage-url.js';

export interface ClickHouseStoreOptions extends ConnectOptions {
  /** clickhouse://USER:PASSWORD@HOST:8123/DB, https://..., or chdb:PATH?database=DB (storage-url.ts). */
  readonly url: string;
  /** --clickhouse-cluster: Replicated tables on each shard and Distributed tables over them. */
  readonly cluster?: string;
  /**
   * Run the schema migrations on open (default true). False only checks the schema
   * version and refuses a database that needs `ariadne migrate` first.
   */
  readonly migrate?: boolean;
  /** Days kept, set as each table's TTL when migrating; 0 removes the TTL; undefined leaves it as it is. */
  readonly retentionDays?: number;
}

export interface OpenedClickHouse {
  readonly client: ClickHouseClient;
  readonly layout: Layout;
  readonly target: StorageTarget;
  readonly serverVersion: string;
}

/** Connects and checks the server version; the caller closes the client. */
export async function connectClickHouse(options: ClickHouseStoreOptions): Promise<OpenedClickHouse> {
  const target = parseStorageUrl(options.url);
  const layout = new Layout({ database: target.database, ...(options.cluster !== undefined ? { cluster: options.cluster } : {}) });
  const client = await createClickHouseClient(target, options);
  try {
    const serverVersion = await checkServerVersion(client, target.display);
    return { client, layout, target, serverVersion };
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
}

/** `ariadne migrate`: runs the pending migrations and closes the connection. */
export async function migrateClickHouse(options: ClickHouseStoreOptions): Promise<MigrateResult & { display: string; serverVersion: string }> {
  const { client, layout, target, serverVersion } = await connectClickHouse(options);
  try {
    const result = await migrate(client, layout, options.retentionDays);
    return { ...result, display: target.display, serverVersion };
  } finally {
    await client.close();
  }
}

export async function openClickHouseStore(options: ClickHouseStoreOptions): Promise<Store> {
  const { client, layout } = await connectClickHouse(options);
  try {
    if (options.migrate === false) await checkSchemaVersion(client, layout);
    else await migrate(client, layout, options.retentionDays);
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
  return new ClickHouseStore(client, layout);
}
