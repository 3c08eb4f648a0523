/**
 * The `prometheus` exporter (metrics): serves the latest value of every series in the
 * Prometheus text format, as the Collector's prometheusexporter, with its name
 * translation: dots become underscores, the unit is appended (`ms` -> milliseconds,
 * `s` -> seconds) and monotonic sums end in `_total`.
 *
 * `endpoint` is where it listens (/metrics). Ariadne also allows leaving it out: the
 * series then appear on the process's own /metrics (service.telemetry, or the
 * all-in-one's HTTP listener), which is how `ariadne start` shows RED metrics.
 */
import type http from 'node:http';
import type { Registry } from 'prom-client';
import { closeHttp, createHttpServer, listen } from '../../../app/listen.js';
import type { CreateSettings, ExporterFactory, MetricsComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import type { Endpoint } from '../../config/endpoint.js';
import { anyValueToString, type MetricPoint } from '../../../model/index.js';

export interface PrometheusExporterConfig {
  /** Undefined: the process's /metrics. */
  readonly endpoint?: Endpoint;
  /** Prefix of every metric name; default none. */
  readonly namespace: string;
  readonly constLabels: Record<string, string>;
  /** Series not updated for this long disappear; default 5m. */
  readonly metricExpirationMs: number;
  /** Append unit and _total suffixes; default true. */
  readonly addMetricSuffixes: boolean;
}

function parseConfig(node: ConfigNode): PrometheusExporterConfig {
  node.unsupported('tls', 'terminate TLS in front of Ariadne');
  node.accept('send_timestamps', 'enable_open_metrics', 'resource_to_telemetry_conversion', 'translation_strategy', 'without_scope_info');
  return {
    ...(node.has('endpoint') ? { endpoint: node.endpoint('endpoint', '') } : {}),
    namespace: node.string('namespace', ''),
    constLabels: node.stringMap('const_labels'),
    metricExpirationMs: node.duration('metric_expiration', 300_000, { positive: true }),
    addMetricSuffixes: node.bool('add_metric_suffixes', true),
  };
}

const UNIT_SUFFIX: Record<string, string> = { ms: 'milliseconds', s: 'seconds', us: 'microseconds', ns: 'nanoseconds', By: 'bytes', '1': 'ratio' };

/** The Collector's Prometheus name for an OTel metric. */
export function prometheusName(m: { name: string; unit: string; kind: string; monotonic?: boolean }, namespace = '', suffixes = true): string {
  let name = m.name.replace(/[^a-zA-Z0-9_:]/g, '_');
  if (namespace) name = `${namespace.replace(/[^a-zA-Z0-9_:]/g, '_')}_${name}`;
  if (suffixes) {
    const unit = UNIT_SUFFIX[m.unit];
    if (unit && m.unit !== '1' && !name.endsWith(`_${unit}`)) name += `_${unit}`;
    if (m.kind === 'sum' && m.monotonic && !name.endsWith('_total')) name += '_total';
  }
  return name;
}

function labelName(k: string): string {
  const n = k.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(n) ? `key_${n}` : n;
}

function escape(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  samples: Sample[];
  /** Series key -> its samples, with the time it was last updated. */
  readonly series: Map<string, { samples: Sample[]; atMs: number }>;
}

class PrometheusExporter implements MetricsComponent {
  private readonly families = new Map<string, Family>();
  private server: http.Server | undefined;
  private readonly registered: string[] = [];
  private stopping: Promise<void> | undefined;
  private readonly dropped;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: PrometheusExporterConfig,
  ) {
    this.dropped = set.host.telemetry.counter('ariadne_exporter_dropped_metric_points_total', 'Metric points an exporter could not represent and dropped', ['exporter', 'reason']);
  }

  async start(): Promise<void> {
    if (!this.config.endpoint) return;
    this.server = createHttpServer([
      async (req, res) => {
        if ((req.url ?? '/').split('?')[0] !== '/metrics') return false;
        const body = this.render();
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
        return true;
      },
    ]);
    this.set.host.announce(this.set.idText, await listen(this.server, this.config.endpoint));
  }

  /**
   * Gauges, sums and explicit-bucket histograms become series; exponential histograms
   * and summaries have no series here yet and are counted as dropped.
   */
  async consumeMetrics(points: readonly MetricPoint[]): Promise<void> {
    const now = Date.now();
    const c = this.config;
    let unsupported = 0;
    for (const p of points) {
      const d = p.data;
      if (d.type === 'exponential_histogram' || d.type === 'summary') {
        unsupported++;
        continue;
      }
      const monotonic = d.type === 'sum' && d.monotonic;
      const name = prometheusName({ name: p.name, unit: p.unit, kind: d.type, monotonic }, c.namespace, c.addMetricSuffixes);
      let f = this.families.get(name);
      if (!f) {
        f = { name, help: p.description, type: d.type === 'histogram' ? 'histogram' : monotonic ? 'counter' : 'gauge', samples: [], series: new Map() };
        this.families.set(name, f);
        if (!c.endpoint) this.register(f, this.set.host.metrics.registry);
      }
      const labels: Record<string, string> = { ...c.constLabels };
      for (const kv of p.attributes) labels[labelName(kv.key)] = anyValueToString(kv.value);
      const key = JSON.stringify(labels);
      const samples: Sample[] = [];
      if (d.type === 'histogram') {
        let cumulative = 0;
        d.explicitBounds.forEach((b, i) => {
          cumulative += Number(d.bucketCounts[i] ?? 0n);
          samples.push({ name: `${name}_bucket`, labels: { ...labels, le: String(b) }, value: cumulative });
        });
        samples.push({ name: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: Number(d.count) });
        samples.push({ name: `${name}_sum`, labels, value: d.sum ?? 0 });
        samples.push({ name: `${name}_count`, labels, value: Number(d.count) });
      } else {
        samples.push({ name, labels, value: Number(d.value.value) });
      }
      f.series.set(key, { samples, atMs: now });
    }
    if (unsupported > 0) this.dropped.inc({ exporter: this.set.idText, reason: 'unsupported_type' }, unsupported);
  }

  private live(f: Family): Sample[] {
    const cutoff = Date.now() - this.config.metricExpirationMs;
    const out: Sample[] = [];
    for (const [k, s] of f.series) {
      if (s.atMs < cutoff) f.series.delete(k);
      else out.push(...s.samples);
    }
    return out;
  }

  /** Shows the family on the process registry (its /metrics), through prom-client's custom-metric hook. */
  private register(f: Family, registry: Registry): void {
    if (registry.getSingleMetric(f.name)) {
      this.set.host.log(`exporter ${this.set.idText}: ${f.name} is already on /metrics; not registered twice`);
      return;
    }
    const metric = {
      name: f.name,
      help: f.help,
      type: f.type,
      aggregator: 'sum',
      get: async () => ({
        name: f.name,
        help: f.help,
        type: f.type,
        aggregator: 'sum',
        values: this.live(f).map((s) => ({ metricName: s.name, labels: s.labels, value: s.value })),
      }),
      reset: () => {},
    };
    registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
    this.registered.push(f.name);
  }

  render(): string {
    const lines: string[] = [];
    for (const f of this.families.values()) {
      const samples = this.live(f);
      if (samples.length === 0) continue;
      lines.push(`# HELP ${f.name} ${f.help.replace(/\n/g, ' ')}`, `# TYPE ${f.name} ${f.type}`);
      for (const s of samples) {
        const l = Object.entries(s.labels)
          .map(([k, v]) => `${k}="${escape(v)}"`)
          .join(',');
        lines.push(`${s.name}${l ? `{${l}}` : ''} ${s.value}`);
      }
    }
    return lines.length ? `${lines.join('\n')}\n` : '';
  }

  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      for (const n of this.registered) this.set.host.metrics.registry.removeSingleMetric(n);
      if (this.server) await closeHttp(this.server, 500);
    })();
    return this.stopping;
  }
}

export const prometheusExporterFactory: ExporterFactory<PrometheusExporterConfig> = {
  kind: 'exporter',
  type: 'prometheus',
  parseConfig,
  createMetrics: (set, config) => new PrometheusExporter(set, config),
};
