/** `ariadne collector`: the pipeline alone (agent or gateway), from an OpenTelemetry-Collector-shaped config. */
import { parseArgs } from 'node:util';
import { defaultRegistry } from '../collector/components.js';
import { loadConfigSources, parseCollectorConfig, type CollectorConfig } from '../collector/config/collector-config.js';
import { CollectorService } from '../collector/service.js';
import { UsageError } from './usage-error.js';
import { serveUntilSignal } from './serve-until-signal.js';

export const COLLECTOR_HELP = `Usage: ariadne collector --config SOURCE [--config SOURCE ...]

Runs the pipelines of a configuration shaped like the OpenTelemetry Collector's:
receivers, processors, exporters, connectors, extensions and service.pipelines
(traces, logs and metrics pipelines: traces, logs/NAME, metrics/NAME, ...).
See docs/collector.md for the components and their options.

Options:
  --config SOURCE   a YAML file (PATH or file:PATH), env:VAR (YAML in a variable) or
                    yaml:INLINE; repeat to merge, later sources winning
  -h, --help        show this help

Each listener prints one line, 'ariadne: NAME listening on HOST:PORT'. /metrics, the
sampling API and /healthz are served on service.telemetry.metrics.address (default
localhost:8888). SIGINT or SIGTERM stops receivers, flushes processors and drains
exporter queues, then exits 0.
`;

/** Parses the --config flags of `collector` and `validate`. */
export function configSources(command: string, argv: readonly string[]): { sources: string[]; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { config: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(`ariadne ${command}: ${(err as Error).message}`);
  }
  const sources = parsed.values.config ?? [];
  if (!parsed.values.help && sources.length === 0) throw new UsageError(`ariadne ${command}: --config is required`);
  return { sources, help: parsed.values.help ?? false };
}

export function loadCollectorConfig(sources: readonly string[]): CollectorConfig {
  return parseCollectorConfig(loadConfigSources(sources), defaultRegistry());
}

export async function runCollector(argv: readonly string[]): Promise<number> {
  const { sources, help } = configSources('collector', argv);
  if (help) {
    process.stdout.write(COLLECTOR_HELP);
    return 0;
  }
  const config = loadCollectorConfig(sources);
  const log = (m: string): void => void process.stderr.write(`ariadne: ${m}\n`);
  const service = new CollectorService(config, { log });
  await service.start();
  const served = serveUntilSignal({ listeners: service.listeners, stop: () => service.shutdown() }, log, {
    stopping: 'receivers first, then flushing processors and exporter queues',
  });
  // After the listener lines: scripts and tests wait for this line to know every address.
  log(`collector running ${config.service.pipelines.map((p) => p.idText).join(', ')}`);
  return served;
}
