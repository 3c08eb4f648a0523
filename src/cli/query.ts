/**
 * `ariadne query --storage URL`: a stateless query node. The query API (native,
 * Jaeger, api_v3), the web UI, /metrics, /healthz and /readyz over a shared store;
 * run any number of them behind a load balancer. It never writes: the schema must be
 * migrated already (`ariadne migrate`, or a collector or `ariadne start`).
 */
import { parseArgs } from 'node:util';
import type http from 'node:http';
import { parseHostPort, type HostPort } from '../config/host-port.js';
import { closeHttp, createHttpServer, listen } from '../app/listen.js';
import { createHealthHandler } from '../app/health.js';
import { createUiHandler } from '../app/ui-static.js';
import { createQueryRouter } from '../query/index.js';
import { createNativeApiHandler } from '../query/native/index.js';
import { createSignalsApiHandler } from '../query/signals/index.js';
import { isClickHouseStorageUrl, openClickHouseStore } from '../store/clickhouse/index.js';
import { openDuckDbStore } from '../store/duckdb/index.js';
import type { Store } from '../store/index.js';
import { AriadneMetrics } from '../telemetry/metrics.js';
import { UsageError } from './usage-error.js';
import { serveUntilSignal } from './serve-until-signal.js';

export const QUERY_HELP = `Usage: ariadne query --storage URL [options]

Serves the query API and the web UI over a store, without receivers: a stateless
query node. Any number of them can serve one ClickHouse database.

Options:
  --storage URL              clickhouse://USER:PASSWORD@HOST:8123/DB (or https://..., chdb:PATH),
                             USER and PASSWORD may be \${env:VAR}; or a DuckDB data directory
  --clickhouse-cluster NAME  the tables are Distributed tables on this cluster
  --http HOST:PORT           query API, UI, /metrics, /healthz, /readyz (default 127.0.0.1:16686)
  --max-limit N              most traces one search returns (default 1500)
  -h, --help                 show this help

The schema must exist: run 'ariadne migrate --storage URL' first. One line shows the
listener's real address; SIGINT or SIGTERM stops it.
`;

export interface QueryNodeOptions {
  readonly storage: string;
  readonly cluster?: string;
  readonly http: HostPort;
  readonly maxTraceLimit: number;
}

export interface RunningQueryNode {
  readonly address: HostPort;
  readonly store: Store;
  readonly metrics: AriadneMetrics;
  /** Stops serving and closes the store. Idempotent. */
  stop(): Promise<void>;
}

/** Opens the store read-only: a ClickHouse schema is checked, not changed. */
export async function openQueryStore(storage: string, cluster?: string): Promise<Store> {
  if (isClickHouseStorageUrl(storage)) return openClickHouseStore({ url: storage, migrate: false, ...(cluster !== undefined ? { cluster } : {}) });
  return openDuckDbStore({ path: storage });
}

export async function startQueryNode(opts: QueryNodeOptions): Promise<RunningQueryNode> {
  const metrics = new AriadneMetrics();
  const store = await openQueryStore(opts.storage, opts.cluster);
  let ready = false;
  const server: http.Server = createHttpServer([
    createHealthHandler(metrics, () => ready),
    // The same handlers, in the same order, as the all-in-one's query listener.
    // Logs and series routes when the store keeps them (answers nothing otherwise).
    createSignalsApiHandler({ store }),
    createNativeApiHandler({ store, maxTraceLimit: opts.maxTraceLimit }),
    createQueryRouter({ store, maxTraceLimit: opts.maxTraceLimit }),
    createUiHandler(),
  ]);
  let address: HostPort;
  try {
    address = await listen(server, opts.http);
  } catch (err) {
    await store.close();
    throw err;
  }
  ready = true;
  let stopping: Promise<void> | undefined;
  return {
    address,
    store,
    metrics,
    stop() {
      stopping ??= (async () => {
        ready = false;
        await closeHttp(server);
        await store.close();
      })();
      return stopping;
    },
  };
}

export function parseQueryArgs(argv: readonly string[]): QueryNodeOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        storage: { type: 'string' },
        'clickhouse-cluster': { type: 'string' },
        http: { type: 'string' },
        'max-limit': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(`ariadne query: ${(err as Error).message}`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.storage === undefined || v.storage === '') throw new UsageError('ariadne query: --storage URL is required');
  let http: HostPort = { host: '127.0.0.1', port: 16686 };
  if (v.http !== undefined) {
    const hp = parseHostPort(v.http);
    if (typeof hp === 'string') throw new UsageError(`--http: ${hp}`);
    http = hp;
  }
  const maxTraceLimit = v['max-limit'] === undefined ? 1500 : Number(v['max-limit']);
  if (!Number.isInteger(maxTraceLimit) || maxTraceLimit < 1) throw new UsageError('--max-limit: must be a positive integer');
  if (v['clickhouse-cluster'] === '') throw new UsageError('--clickhouse-cluster: must not be empty');
  return { storage: v.storage, http, maxTraceLimit, ...(v['clickhouse-cluster'] !== undefined ? { cluster: v['clickhouse-cluster'] } : {}) };
}

export async function runQuery(argv: readonly string[]): Promise<number> {
  const opts = parseQueryArgs(argv);
  if (opts === 'help') {
    process.stdout.write(QUERY_HELP);
    return 0;
  }
  const log = (m: string): void => void process.stderr.write(`ariadne: ${m}\n`);
  const node = await startQueryNode(opts);
  return serveUntilSignal({ listeners: [{ name: 'http', address: node.address }], stop: () => node.stop() }, log);
}
