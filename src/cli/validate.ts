/** `ariadne validate`: checks a configuration without running it. */
import { configSources, loadCollectorConfig } from './collector.js';
import type { CollectorConfig } from '../collector/config/collector-config.js';

export const VALIDATE_HELP = `Usage: ariadne validate --config SOURCE [--config SOURCE ...]

Checks a collector configuration (as 'ariadne collector' takes it) without starting
anything: every component's options, every reference in service.pipelines. Exits 0
and prints a summary when it is valid; exits 2 naming the first bad key otherwise.

Options:
  --config SOURCE   a YAML file (PATH or file:PATH), env:VAR or yaml:INLINE; repeatable
  -h, --help        show this help
`;

export function describeConfig(c: CollectorConfig): string {
  const lines = [
    `receivers: ${[...c.receivers.keys()].join(', ') || '-'}`,
    `processors: ${[...c.processors.keys()].join(', ') || '-'}`,
    `exporters: ${[...c.exporters.keys()].join(', ') || '-'}`,
    `connectors: ${[...c.connectors.keys()].join(', ') || '-'}`,
    `extensions: ${c.service.extensions.join(', ') || '-'}`,
  ];
  for (const p of c.service.pipelines) {
    lines.push(`pipeline ${p.idText}: [${p.receivers.join(', ')}] -> [${p.processors.join(', ')}] -> [${p.exporters.join(', ')}]`);
  }
  return lines.join('\n');
}

export async function runValidate(argv: readonly string[]): Promise<number> {
  const { sources, help } = configSources('validate', argv);
  if (help) {
    process.stdout.write(VALIDATE_HELP);
    return 0;
  }
  const config = loadCollectorConfig(sources);
  process.stdout.write(`config is valid\n${describeConfig(config)}\n`);
  return 0;
}
