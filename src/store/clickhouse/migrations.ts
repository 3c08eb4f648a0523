/**
 * Versioned schema migrations. Each version's statements are idempotent (IF NOT
 * EXISTS), so a migration interrupted half-way, or run by two processes at once, is
 * simply run again; a version counts as applied once its row is in
 * `schema_migrations`. `ariadne migrate` runs them alone; `ariadne start` and writers
 * run them on open; query nodes only check the version.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseSchemaVersionError } from './errors.js';
import { QueryParams } from './query-params.js';
import { createStatements, SPAN_TABLES, ttlStatements, type Layout } from './schema.js';
import { createSignalStatements, SIGNAL_TABLES } from './signal-schema.js';

interface Migration {
  readonly version: number;
  readonly description: string;
  statements(layout: Layout, retentionDays: number | undefined): string[];
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'spans, traces, operations, resource_scopes and their views', statements: createStatements },
  // New tables only: a version-1 database keeps its spans as they are.
  { version: 2, description: 'logs and metric_points and their ingest views', statements: createSignalStatements },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

function migrationsTable(layout: Layout): string {
  const engine = layout.cluster
    ? // One copy on every node of the cluster (no {shard} in the path): any node can answer.
      `ReplicatedMergeTree('/clickhouse/tables/all/${layout.database}/schema_migrations', '{replica}')`
    : 'MergeTree';
  return (
    `CREATE TABLE IF NOT EXISTS ${layout.table('schema_migrations')}${layout.onCluster} ` +
    `(version UInt32, description String, applied_at DateTime DEFAULT now()) ENGINE = ${engine} ORDER BY version`
  );
}

async function rows<T>(client: ClickHouseClient, query: string, params: QueryParams = new QueryParams()): Promise<T[]> {
  const rs = await client.query({ query, query_params: params.values, format: 'JSONCompactEachRow' });
  return rs.json<T>();
}

/** The highest applied version; 0 when the database or the table is not there. */
export async function appliedVersion(client: ClickHouseClient, layout: Layout): Promise<number> {
  const p = new QueryParams();
  const exists = await rows<[number]>(
    client,
    `SELECT count() FROM system.tables WHERE database = ${p.add(layout.database, 'String')} AND name = 'schema_migrations'`,
    p,
  );
  if (!exists[0]?.[0]) return 0;
  const v = await rows<[number]>(client, `SELECT max(version) FROM ${layout.table('schema_migrations')}`);
  return Number(v[0]?.[0] ?? 0);
}

export interface MigrateResult {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly number[];
}

export async function migrate(client: ClickHouseClient, layout: Layout, retentionDays?: number): Promise<MigrateResult> {
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${layout.database}${layout.onCluster}` });
  await client.command({ query: migrationsTable(layout) });
  const from = await appliedVersion(client, layout);
  if (from > SCHEMA_VERSION) throw new ClickHouseSchemaVersionError(layout.database, from, SCHEMA_VERSION);
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    for (const sql of m.statements(layout, retentionDays)) await client.command({ query: sql });
    const p = new QueryParams();
    await client.command({
      query: `INSERT INTO ${layout.table('schema_migrations')} (version, description) SELECT ${p.add(m.version, 'UInt32')}, ${p.add(m.description, 'String')}`,
      query_params: p.values,
    });
    applied.push(m.version);
  }
  if (retentionDays !== undefined) await applyRetention(client, layout, retentionDays);
  return { from, to: SCHEMA_VERSION, applied };
}

/** Refuses a database this version cannot read: not migrated yet, or migrated by a newer Ariadne. */
export async function checkSchemaVersion(client: ClickHouseClient, layout: Layout): Promise<void> {
  const found = await appliedVersion(client, layout);
  if (found !== SCHEMA_VERSION) throw new ClickHouseSchemaVersionError(layout.database, found, SCHEMA_VERSION);
}

/** Sets each table's TTL to `retentionDays` (0 removes it), touching only tables whose TTL differs. */
export async function applyRetention(client: ClickHouseClient, layout: Layout, retentionDays: number): Promise<void> {
  const p = new QueryParams();
  const current = new Map(
    (
      await rows<[string, string]>(client, `SELECT name, engine_full FROM system.tables WHERE database = ${p.add(layout.database, 'String')}`, p)
    ).map(([name, engine]) => [`${layout.database}.${name}`, engine]),
  );
  for (const { table, ttl, sql } of ttlStatements([...SPAN_TABLES, ...SIGNAL_TABLES], layout, retentionDays)) {
    const engine = current.get(table) ?? '';
    const has = / TTL /.test(engine);
    if (ttl === '' ? !has : engine.includes(ttl)) continue;
    await client.command({ query: sql });
  }
}
