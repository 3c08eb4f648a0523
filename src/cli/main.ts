/** The `ariadne` command: one file per subcommand in src/cli. */
import { UsageError } from './usage-error.js';
import { ConfigError } from '../config/errors.js';

export const MAIN_HELP = `Usage: ariadne <command> [options]

Ariadne, a distributed tracing platform: OTLP in, an embedded store, a Jaeger-compatible API.

Commands:
  start     all-in-one: OTLP receivers (gRPC 4317, HTTP 4318), DuckDB store, query API (16686)
  edge      entry gateway: starts traces, head sampling, SERVER spans, forwards by route prefix
  sidecar   zero-code tracing next to an app: inbound SERVER spans, egress CLIENT spans
  demo      a microservice system behind edge + sidecars, with fault injection ('demo fault')
  collector the pipeline alone, from an OpenTelemetry-Collector-shaped config (--config FILE)
  validate  check a collector config without running it (--config FILE)
  query     query API + UI over a store, stateless (--storage clickhouse://...)
  migrate   create or upgrade a store's schema and exit (--storage URL)

Run 'ariadne <command> --help' for a command's options.
`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(MAIN_HELP + '\n' + (await import('./start.js')).START_HELP);
        return command === undefined ? 2 : 0;
      // Each command is loaded on demand: a sidecar does not carry DuckDB, nor `start` the proxy.
      case 'start':
        return await (await import('./start.js')).runStart(rest);
      case 'edge':
        return await (await import('./edge.js')).runEdge(rest);
      case 'sidecar':
        return await (await import('./sidecar.js')).runSidecar(rest);
      case 'demo':
        return await (await import('./demo.js')).runDemo(rest);
      case 'collector':
        return await (await import('./collector.js')).runCollector(rest);
      case 'validate':
        return await (await import('./validate.js')).runValidate(rest);
      case 'query':
        return await (await import('./query.js')).runQuery(rest);
      case 'migrate':
        return await (await import('./migrate.js')).runMigrate(rest);
      default:
        throw new UsageError(`unknown command '${command}'; run 'ariadne --help'`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`ariadne: config: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
