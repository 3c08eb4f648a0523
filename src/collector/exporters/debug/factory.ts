/**
 * The `debug` exporter: writes what passes to the log (stderr). `basic` prints counts,
 * `normal` one line per span or data point, `detailed` every field (OTLP JSON). Lines
 * are sampled per second like the Collector's zap sampler: the first
 * `sampling_initial` each second, then every `sampling_thereafter`-th.
 */
import { bytesToHex, serviceNameOf, type Span } from '../../../model/index.js';
import { spanToOtlpJson } from '../../../otlp/encode-json.js';
import type { CreateSettings, ExporterFactory, MetricsComponent, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import type { Metric } from '../../metrics-data.js';

export interface DebugExporterConfig {
  /** basic (default), normal or detailed. */
  readonly verbosity: 'basic' | 'normal' | 'detailed';
  /** Lines per second logged before sampling starts; default 2. */
  readonly samplingInitial: number;
  /** After that, one line in this many; default 1 (all). */
  readonly samplingThereafter: number;
}

function parseConfig(node: ConfigNode): DebugExporterConfig {
  // The Collector logs through its own logger or stdout; Ariadne always logs to stderr.
  node.accept('use_internal_logger');
  return {
    verbosity: node.enumOf('verbosity', ['basic', 'normal', 'detailed'] as const, 'basic'),
    samplingInitial: node.int('sampling_initial', 2, 1),
    samplingThereafter: node.int('sampling_thereafter', 1, 1),
  };
}

class DebugExporter implements TracesComponent, MetricsComponent {
  private second = 0;
  private inSecond = 0;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: DebugExporterConfig,
  ) {}

  private sampled(): boolean {
    const now = Math.floor(Date.now() / 1000);
    if (now !== this.second) {
      this.second = now;
      this.inSecond = 0;
    }
    this.inSecond++;
    const c = this.config;
    return this.inSecond <= c.samplingInitial || (this.inSecond - c.samplingInitial) % c.samplingThereafter === 0;
  }

  private log(line: string): void {
    if (this.sampled()) this.set.host.log(`${this.set.idText}: ${line}`);
  }

  async start(): Promise<void> {}
  async shutdown(): Promise<void> {}

  async consumeTraces(spans: readonly Span[]): Promise<void> {
    const resources = new Set(spans.map((s) => s.resource)).size;
    this.log(`Traces {"resource spans": ${resources}, "spans": ${spans.length}}`);
    if (this.config.verbosity === 'basic') return;
    for (const s of spans) {
      if (this.config.verbosity === 'normal') {
        const ms = Number(s.endTimeUnixNano - s.startTimeUnixNano) / 1e6;
        this.log(`${bytesToHex(s.traceId)} ${bytesToHex(s.spanId)} ${serviceNameOf(s.resource)} ${JSON.stringify(s.name)} ${ms}ms status=${s.statusCode}`);
      } else {
        this.log(JSON.stringify({ service: serviceNameOf(s.resource), span: spanToOtlpJson(s) }));
      }
    }
  }

  async consumeMetrics(metrics: readonly Metric[]): Promise<void> {
    const points = metrics.reduce((n, m) => n + m.points.length, 0);
    this.log(`Metrics {"metrics": ${metrics.length}, "data points": ${points}}`);
    if (this.config.verbosity === 'basic') return;
    for (const m of metrics) this.log(this.config.verbosity === 'normal' ? `${m.name} ${m.kind} points=${m.points.length}` : JSON.stringify(m));
  }
}

export const debugExporterFactory: ExporterFactory<DebugExporterConfig> = {
  kind: 'exporter',
  type: 'debug',
  parseConfig,
  createTraces: (set, config) => new DebugExporter(set, config),
  createMetrics: (set, config) => new DebugExporter(set, config),
};
