/** The `nop` exporter: takes everything and does nothing (benchmarks, tests), as the Collector's nopexporter. */
import type { ExporterFactory, LogsComponent, MetricsComponent, TracesComponent } from '../../component.js';

const nop: TracesComponent & LogsComponent & MetricsComponent = {
  start: async () => {},
  shutdown: async () => {},
  consumeTraces: async () => {},
  consumeLogs: async () => {},
  consumeMetrics: async () => {},
};

export const nopExporterFactory: ExporterFactory<Record<string, never>> = {
  kind: 'exporter',
  type: 'nop',
  parseConfig: () => ({}),
  createTraces: () => nop,
  createLogs: () => nop,
  createMetrics: () => nop,
};
