/**
 * `ariadne migrate --storage URL`: creates or upgrades a store's schema and exits.
 * On ClickHouse it runs the versioned migrations (idempotent; safe to run again or
 * from several hosts); a DuckDB directory is created or checked by opening it.
 */
import { parseArgs } from 'node:util';
import { isClickHouseStorageUrl, migrateClickHouse } from '../store/clickhouse/index.js';
import { openDuckDbStore } from '../store/duckdb/index.js';
import { UsageError } from './usage-error.js';

export const MIGRATE_HELP = `Usage: ariadne migrate --storage URL [options]

Creates the store's tables, or brings them to this version of Ariadne, and exits.
Running it again changes nothing.

Options:
  --storage URL              clickhouse://USER:PASSWORD@HOST:8123/DB (or https://..., chdb:PATH),
                             USER and PASSWORD may be \${env:VAR}; or a DuckDB data directory
  --clickhouse-cluster NAME  Replicated tables on each shard and Distributed tables over them,
                             created ON CLUSTER NAME
  --retention-days N         set each ClickHouse table's TTL to N days (0 removes it);
                             unset leaves the TTL as it is
  -h, --help                 show this help
`;

interface MigrateArgs {
  readonly storage: string;
  readonly cluster?: string;
  readonly retentionDays?: number;
}

export function parseMigrateArgs(argv: readonly string[]): MigrateArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        storage: { type: 'string' },
        'clickhouse-cluster': { type: 'string' },
        'retention-days': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(`ariadne migrate: ${(err as Error).message}`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.storage === undefined || v.storage === '') throw new UsageError('ariadne migrate: --storage URL is required');
  if (v['clickhouse-cluster'] === '') throw new UsageError('--clickhouse-cluster: must not be empty');
  let retentionDays: number | undefined;
  if (v['retention-days'] !== undefined) {
    retentionDays = Number(v['retention-days']);
    if (!Number.isInteger(retentionDays) || retentionDays < 0) throw new UsageError('--retention-days: must be a whole number of days, 0 or more');
  }
  return {
    storage: v.storage,
    ...(v['clickhouse-cluster'] !== undefined ? { cluster: v['clickhouse-cluster'] } : {}),
    ...(retentionDays !== undefined ? { retentionDays } : {}),
  };
}

export async function runMigrate(argv: readonly string[]): Promise<number> {
  const args = parseMigrateArgs(argv);
  if (args === 'help') {
    process.stdout.write(MIGRATE_HELP);
    return 0;
  }
  if (!isClickHouseStorageUrl(args.storage)) {
    await (await openDuckDbStore({ path: args.storage })).close();
    process.stdout.write(`ariadne: DuckDB store in ${args.storage} is at the current schema\n`);
    return 0;
  }
  const r = await migrateClickHouse({
    url: args.storage,
    ...(args.cluster !== undefined ? { cluster: args.cluster } : {}),
    ...(args.retentionDays !== undefined ? { retentionDays: args.retentionDays } : {}),
  });
  // `display` has no password.
  const what = r.applied.length === 0 ? `already at schema version ${r.to}` : `migrated from schema version ${r.from} to ${r.to}`;
  process.stdout.write(`ariadne: ${r.display} (ClickHouse ${r.serverVersion}) ${what}\n`);
  return 0;
}
