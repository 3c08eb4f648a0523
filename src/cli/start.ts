/** `ariadne start`: the all-in-one (receivers, store, query API) in one process. */
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { DEFAULT_START_CONFIG, loadStartConfig, type StartConfig } from '../config/start-config.js';
import { parseHostPort, type HostPort } from '../config/host-port.js';
import { startAllInOne } from '../app/all-in-one.js';
import { serveUntilSignal } from './serve-until-signal.js';
import { UsageError } from './usage-error.js';

export const START_HELP = `Usage: ariadne start [options]

Runs the all-in-one: OTLP receivers, the embedded DuckDB store, the query API.

Options:
  --config FILE          YAML configuration (see README "Configuration"); flags override it
  --data-dir DIR         where the DuckDB store lives (default ./data)
  --storage URL          a ClickHouse store instead: clickhouse://USER:PASSWORD@HOST:8123/DB
                         (or https://..., chdb:PATH); USER and PASSWORD may be \${env:VAR}
  --clickhouse-cluster NAME  create Replicated tables + Distributed tables on this cluster
  --otlp-grpc HOST:PORT  OTLP/gRPC receiver (default 127.0.0.1:4317)
  --otlp-http HOST:PORT  OTLP/HTTP receiver, POST /v1/traces (default 127.0.0.1:4318)
  --http HOST:PORT       query API, /metrics, /healthz, /readyz (default 127.0.0.1:16686)
  -h, --help             show this help

Port 0 picks a free port. Once every listener is up, one line per listener shows its
real address. SIGINT or SIGTERM stops accepting, writes what was acknowledged, closes
the store and exits 0.
`;

function hostPortFlag(name: string, value: string | undefined): HostPort | undefined {
  if (value === undefined) return undefined;
  const hp = parseHostPort(value);
  if (typeof hp === 'string') throw new UsageError(`--${name}: ${hp}`);
  return hp;
}

export function parseStartArgs(argv: readonly string[]): { config: StartConfig; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        'data-dir': { type: 'string' },
        storage: { type: 'string' },
        'clickhouse-cluster': { type: 'string' },
        'otlp-grpc': { type: 'string' },
        'otlp-http': { type: 'string' },
        http: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(`ariadne start: ${(err as Error).message}`);
  }
  const v = parsed.values;
  if (v.help) return { config: DEFAULT_START_CONFIG, help: true };
  const base = v.config !== undefined ? loadStartConfig(v.config) : DEFAULT_START_CONFIG;
  if (v['data-dir'] === '') throw new UsageError('--data-dir: must not be empty');
  if (v.storage === '') throw new UsageError('--storage: must not be empty');
  if (v['clickhouse-cluster'] === '') throw new UsageError('--clickhouse-cluster: must not be empty');
  return {
    help: false,
    config: {
      ...base,
      dataDir: v['data-dir'] ?? base.dataDir,
      ...(v.storage !== undefined ? { storageUrl: v.storage } : {}),
      ...(v['clickhouse-cluster'] !== undefined ? { clickhouseCluster: v['clickhouse-cluster'] } : {}),
      otlpGrpc: hostPortFlag('otlp-grpc', v['otlp-grpc']) ?? base.otlpGrpc,
      otlpHttp: hostPortFlag('otlp-http', v['otlp-http']) ?? base.otlpHttp,
      http: hostPortFlag('http', v.http) ?? base.http,
    },
  };
}

/**
 * How far V8 lets the old generation grow past what survived the last full GC, percent.
 * V8's own choice is up to 300% when GC is cheap, and under ingest it is: spans live
 * only until their store write but long enough to be promoted (~2 KB/span), so the old
 * generation fills with garbage to 4x a ~25 MB live set. 100 (2x) cut peak RSS under
 * load by ~55 MiB for a few more, short, full GCs (bench/ingest.js; issue #3).
 */
const HEAP_GROWING_PERCENT = 100;

/** Applies HEAP_GROWING_PERCENT unless node was given its own --heap-growing-percent. */
function limitHeapGrowth(): void {
  const given = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  if (given.some((a) => a.startsWith('--heap-growing-percent') || a.startsWith('--heap_growing_percent'))) return;
  // V8 reads this flag at each full GC, so setting it after startup takes effect (measured).
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

export async function runStart(argv: readonly string[]): Promise<number> {
  const { config, help } = parseStartArgs(argv);
  if (help) {
    process.stdout.write(START_HELP);
    return 0;
  }
  limitHeapGrowth();
  const log = (m: string): void => void process.stderr.write(`ariadne: ${m}\n`);
  const app = await startAllInOne(config, log);
  return serveUntilSignal(app, log, { stopping: 'flushing acknowledged spans, closing the store' });
}
