/**
 * The `spanmetrics` connector (traces -> metrics): R.E.D. metrics from spans, as the
 * Collector's spanmetricsconnector. Per service.name, span.name, span.kind and
 * status.code (and any configured dimension): `<namespace>.calls` (a counter) and
 * `<namespace>.duration` (a histogram, ms by default, the Collector's default buckets).
 * With the default namespace, Prometheus shows traces_span_metrics_calls_total and
 * traces_span_metrics_duration_milliseconds_bucket.
 *
 * The number of series is bounded (aggregation_cardinality_limit, 10000 when 0); spans
 * beyond it are counted in one series marked otel.metric.overflow="true".
 */
import type { Counter } from 'prom-client';
import { anyValueToString, findAttribute, serviceNameOf, SPAN_KIND_NAMES, type Span } from '../../../model/index.js';
import type { ConnectorFactory, CreateSettings, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import { parseDurationMs } from '../../config/duration.js';
import { ConfigError } from '../../../config/errors.js';
import type { MetricsConsumer } from '../../consumer.js';
import { MetricPointConverter, type HistogramPoint, type Metric, type NumberPoint } from '../../metrics-data.js';

export const DEFAULT_HISTOGRAM_BUCKETS_MS = [2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10_000, 15_000];
const STATUS_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];
const KIND_NAMES = SPAN_KIND_NAMES.map((k) => `SPAN_KIND_${k.toUpperCase()}`);
const DEFAULT_SERIES_LIMIT = 10_000;
const OVERFLOW_KEY = '\u0000overflow';

export interface Dimension {
  readonly name: string;
  /** Used when neither the span nor its resource has the attribute; undefined leaves the dimension out. */
  readonly default?: string;
}

export interface SpanMetricsConfig {
  readonly dimensions: readonly Dimension[];
  /** Default dimensions to leave out (service.name, span.name, span.kind, status.code). */
  readonly excludeDimensions: readonly string[];
  /** Default traces.span.metrics. */
  readonly namespace: string;
  /** ms (default) or s. */
  readonly unit: 'ms' | 's';
  readonly histogramDisabled: boolean;
  /** Upper bounds in the unit; default the Collector's 2ms ... 15s. */
  readonly buckets: readonly number[];
  /** How often metrics go to the metrics pipeline; default 60s. */
  readonly flushIntervalMs: number;
  /** Series not updated for this long are dropped; default 0 (never). */
  readonly expirationMs: number;
  /** Most series; 0 (default) means 10000 here. */
  readonly seriesLimit: number;
}

function parseDimensions(node: ConfigNode, key: string): Dimension[] {
  return node.list(key).map((d) => {
    const name = d.requiredString('name');
    const dflt = d.has('default') ? d.string('default', '') : undefined;
    d.accept('default');
    return dflt === undefined ? { name } : { name, default: dflt };
  });
}

function parseConfig(node: ConfigNode): SpanMetricsConfig {
  const dimensions = parseDimensions(node, 'dimensions');
  const reserved = new Set(['service.name', 'span.name', 'span.kind', 'status.code']);
  for (const [i, d] of dimensions.entries()) {
    if (reserved.has(d.name)) node.fail(`dimensions[${i}].name`, `duplicate dimension name ${d.name}`);
    reserved.add(d.name);
  }
  const h = node.section('histogram');
  const unit = h.enumOf('unit', ['ms', 's'] as const, 'ms');
  h.unsupported('exponential', 'use explicit buckets');
  h.unsupported('dimensions', 'histogram-only dimensions are not supported');
  const explicit = h.section('explicit');
  const bucketNode = explicit.rawList('buckets');
  const buckets = bucketNode.length
    ? bucketNode.map(({ value, path }) => {
        const ms = parseDurationMs(value);
        if (ms === null) throw new ConfigError(path, 'must be a duration such as 2ms or 1s');
        return unit === 's' ? ms / 1000 : ms;
      })
    : unit === 's'
      ? DEFAULT_HISTOGRAM_BUCKETS_MS.map((b) => b / 1000)
      : DEFAULT_HISTOGRAM_BUCKETS_MS;
  const temporality = node.string('aggregation_temporality', 'AGGREGATION_TEMPORALITY_CUMULATIVE');
  if (temporality !== 'AGGREGATION_TEMPORALITY_CUMULATIVE') node.fail('aggregation_temporality', 'only AGGREGATION_TEMPORALITY_CUMULATIVE is supported by Ariadne');
  const exemplars = node.section('exemplars');
  if (exemplars.bool('enabled', false)) exemplars.fail('enabled', 'exemplars are not supported by Ariadne');
  exemplars.accept('max_per_data_point');
  const events = node.section('events');
  if (events.bool('enabled', false)) events.fail('enabled', 'event metrics are not supported by Ariadne');
  events.accept('dimensions');
  const calls = parseDimensions(node, 'calls_dimensions');
  if (calls.length) node.fail('calls_dimensions', 'is not supported by Ariadne: use dimensions');
  // Cache sizes of the Go implementation; Ariadne bounds series with aggregation_cardinality_limit.
  node.accept('dimensions_cache_size', 'resource_metrics_cache_size', 'resource_metrics_key_attributes', 'metric_timestamp_cache_size', 'include_instrumentation_scope');
  return {
    dimensions,
    excludeDimensions: node.stringList('exclude_dimensions'),
    namespace: node.string('namespace', 'traces.span.metrics'),
    unit,
    histogramDisabled: h.bool('disable', false),
    buckets,
    flushIntervalMs: node.duration('metrics_flush_interval', 60_000, { positive: true }),
    expirationMs: node.duration('metrics_expiration', 0),
    seriesLimit: node.int('aggregation_cardinality_limit', 0, 0),
  };
}

interface Series {
  readonly attributes: Record<string, string>;
  calls: number;
  readonly counts: number[];
  sum: number;
  lastMs: number;
}

class SpanMetricsConnector implements TracesComponent {
  private readonly series = new Map<string, Series>();
  private timer: NodeJS.Timeout | undefined;
  private readonly limit: number;
  private readonly overflowed: Counter<'connector'>;
  private readonly defaults: { service: boolean; name: boolean; kind: boolean; status: boolean };

  private readonly points: MetricPointConverter;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: SpanMetricsConfig,
    private readonly next: MetricsConsumer,
  ) {
    this.points = new MetricPointConverter(BigInt(Date.now()) * 1_000_000n, `ariadne/${set.idText}`);
    this.limit = config.seriesLimit > 0 ? config.seriesLimit : DEFAULT_SERIES_LIMIT;
    this.overflowed = set.host.telemetry.counter('ariadne_connector_spanmetrics_overflow_spans_total', 'Spans counted in the overflow series because the series limit was reached', ['connector']);
    const ex = new Set(config.excludeDimensions);
    this.defaults = { service: !ex.has('service.name'), name: !ex.has('span.name'), kind: !ex.has('span.kind'), status: !ex.has('status.code') };
  }

  async start(): Promise<void> {
    this.timer = setInterval(() => void this.flush(), this.config.flushIntervalMs);
    this.timer.unref();
  }

  /** The series key: dimension values joined by NUL (cheap per span); attributes only for a new series. */
  private keyOf(s: Span, values: string[]): string {
    values.length = 0;
    const d = this.defaults;
    if (d.service) values.push(serviceNameOf(s.resource));
    if (d.name) values.push(s.name);
    if (d.kind) values.push(KIND_NAMES[s.kind] ?? 'SPAN_KIND_UNSPECIFIED');
    if (d.status) values.push(STATUS_NAMES[s.statusCode] ?? 'STATUS_CODE_UNSET');
    for (const dim of this.config.dimensions) {
      const v = findAttribute(s.attributes, dim.name) ?? findAttribute(s.resource.attributes, dim.name);
      values.push(v ? anyValueToString(v) : (dim.default ?? '\u0001'));
    }
    return values.join('\u0000');
  }

  private attributesOf(values: readonly string[]): Record<string, string> {
    const a: Record<string, string> = {};
    const names: string[] = [];
    const d = this.defaults;
    if (d.service) names.push('service.name');
    if (d.name) names.push('span.name');
    if (d.kind) names.push('span.kind');
    if (d.status) names.push('status.code');
    for (const dim of this.config.dimensions) names.push(dim.name);
    names.forEach((n, i) => {
      // \u0001 marks a dimension the span does not have and that has no default: left out.
      if (values[i] !== '\u0001') a[n] = values[i]!;
    });
    return a;
  }

  private newSeries(attributes: Record<string, string>, now: number): Series {
    return { attributes, calls: 0, counts: new Array<number>(this.config.buckets.length + 1).fill(0), sum: 0, lastMs: now };
  }

  async consumeTraces(spans: readonly Span[]): Promise<void> {
    const now = Date.now();
    const scale = this.config.unit === 'ms' ? 1e6 : 1e9;
    const buckets = this.config.buckets;
    const values: string[] = [];
    for (const s of spans) {
      const key = this.keyOf(s, values);
      let series = this.series.get(key);
      if (!series) {
        if (this.series.size < this.limit) {
          series = this.newSeries(this.attributesOf(values), now);
          this.series.set(key, series);
        } else {
          this.overflowed.inc({ connector: this.set.idText });
          series = this.series.get(OVERFLOW_KEY);
          if (!series) this.series.set(OVERFLOW_KEY, (series = this.newSeries({ 'otel.metric.overflow': 'true' }, now)));
        }
      }
      series.calls++;
      series.lastMs = now;
      if (!this.config.histogramDisabled) {
        const d = Number(s.endTimeUnixNano - s.startTimeUnixNano) / scale;
        let i = 0;
        while (i < buckets.length && d > buckets[i]!) i++;
        series.counts[i]!++;
        series.sum += d;
      }
    }
  }

  /** Sends the cumulative metrics of every live series to the metrics pipeline. */
  async flush(): Promise<void> {
    const now = Date.now();
    if (this.config.expirationMs > 0) {
      for (const [k, s] of this.series) if (now - s.lastMs > this.config.expirationMs) this.series.delete(k);
    }
    if (this.series.size === 0) return;
    const time = BigInt(now) * 1_000_000n;
    const calls: NumberPoint[] = [];
    const durations: HistogramPoint[] = [];
    for (const s of this.series.values()) {
      calls.push({ attributes: s.attributes, value: s.calls });
      if (!this.config.histogramDisabled) {
        durations.push({ attributes: s.attributes, bounds: this.config.buckets, bucketCounts: [...s.counts], sum: s.sum, count: s.calls });
      }
    }
    const ns = this.config.namespace ? `${this.config.namespace}.` : '';
    const metrics: Metric[] = [{ kind: 'sum', monotonic: true, name: `${ns}calls`, description: 'Number of spans, per dimensions', unit: '', timeUnixNano: time, points: calls }];
    if (durations.length) {
      metrics.push({ kind: 'histogram', name: `${ns}duration`, description: 'Span durations, per dimensions', unit: this.config.unit, timeUnixNano: time, points: durations });
    }
    await this.next.consumeMetrics(this.points.convert(metrics)).catch((err: unknown) => this.set.host.log(`connector ${this.set.idText}: metrics not delivered: ${(err as Error).message}`));
  }

  async shutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}

export const spanmetricsConnectorFactory: ConnectorFactory<SpanMetricsConfig> = {
  kind: 'connector',
  type: 'spanmetrics',
  parseConfig,
  createTracesToMetrics: (set, config, next) => new SpanMetricsConnector(set, config, next),
};
