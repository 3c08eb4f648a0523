/** The `ariadne` command: one file per subcommand in src/cli. */
import { runStart, START_HELP } from './start.js';
import { UsageError } from './usage-error.js';
import { ConfigError } from '../config/errors.js';

export const MAIN_HELP = `Usage: ariadne <command> [options]

Ariadne, a distributed tracing platform: OTLP in, an embedded store, a Jaeger-compatible API.

Commands:
  start     all-in-one: OTLP receivers (gRPC 4317, HTTP 4318), DuckDB store, query API (16686)

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
        process.stdout.write(MAIN_HELP + '\n' + START_HELP);
        return command === undefined ? 2 : 0;
      case 'start':
        return await runStart(rest);
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
