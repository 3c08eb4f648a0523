/**
 * The `debug` exporter: writes what passes to the log (stderr). `basic` prints counts,
 * `normal` one line per span, log record or data point, `detailed` every field (OTLP JSON). Lines
 * are sampled per second like the Collector's zap sampler: the first
 * `sampling_initial` each second, then every `sampling_thereafter`-th.
 */
import { anyValueToString, bytesToHex, serviceNameOf, type LogRecord, type MetricPoint, type Span } from '../../../model/index.js';
import { spanToOtlpJson } from '../../../otlp/encode-json.js';
import type { CreateSettings, ExporterFactory, LogsComponent, MetricsComponent, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';

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

/** A model item as one JSON line: bigints as decimal text, ids and bytes as hex. */
function detailedJson(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? bytesToHex(v) : v));
}

class DebugExporter implements TracesComponent, LogsComponent, MetricsComponent {
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

  async consumeLogs(records: readonly LogRecord[]): Promise<void> {
    const resources = new Set(records.map((r) => r.resource)).size;
    this.log(`Logs {"resource logs": ${resources}, "log records": ${records.length}}`);
    if (this.config.verbosity === 'basic') return;
    for (const r of records) {
      if (this.config.verbosity === 'normal') {
        this.log(`${serviceNameOf(r.resource)} ${r.severityText || r.severityNumber} ${JSON.stringify(anyValueToString(r.body))}`);
      } else {
        this.log(detailedJson({ service: serviceNameOf(r.resource), log: { ...r, resource: undefined, scope: r.scope.name } }));
      }
    }
  }

  async consumeMetrics(points: readonly MetricPoint[]): Promise<void> {
    const names = new Set(points.map((p) => p.name)).size;
    this.log(`Metrics {"metrics": ${names}, "data points": ${points.length}}`);
    if (this.config.verbosity === 'basic') return;
    for (const p of points) {
      if (this.config.verbosity === 'normal') {
        const attrs = p.attributes.map((kv) => `${kv.key}=${anyValueToString(kv.value)}`).join(' ');
        this.log(`${serviceNameOf(p.resource)} ${p.name} ${p.data.type}${attrs ? ` ${attrs}` : ''}`);
      } else {
        this.log(detailedJson({ service: serviceNameOf(p.resource), point: { ...p, resource: undefined, scope: p.scope.name } }));
      }
    }
  }
}

export const debugExporterFactory: ExporterFactory<DebugExporterConfig> = {
  kind: 'exporter',
  type: 'debug',
  parseConfig,
  createTraces: (set, config) => new DebugExporter(set, config),
  createLogs: (set, config) => new DebugExporter(set, config),
  createMetrics: (set, config) => new DebugExporter(set, config),
};
