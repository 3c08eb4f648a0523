/**
 * The metrics signal between connectors and metrics exporters: a small model of OTLP
 * metrics (sums and explicit-bucket histograms with string attributes), enough for
 * spanmetrics and servicegraph. Points are cumulative snapshots.
 */
export interface NumberPoint {
  readonly attributes: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface HistogramPoint {
  readonly attributes: Readonly<Record<string, string>>;
  /** Upper bounds, ascending; bucketCounts has one more entry (+Inf). */
  readonly bounds: readonly number[];
  readonly bucketCounts: readonly number[];
  readonly sum: number;
  readonly count: number;
}

interface MetricBase {
  /** OTel name, dotted or not (`traces.span.metrics.calls`). */
  readonly name: string;
  readonly description: string;
  /** UCUM unit (`ms`, `s`, `1`); '' when none. */
  readonly unit: string;
  readonly timeUnixNano: bigint;
}

export interface SumMetric extends MetricBase {
  readonly kind: 'sum';
  readonly monotonic: boolean;
  readonly points: readonly NumberPoint[];
}

export interface GaugeMetric extends MetricBase {
  readonly kind: 'gauge';
  readonly points: readonly NumberPoint[];
}

export interface HistogramMetric extends MetricBase {
  readonly kind: 'histogram';
  readonly points: readonly HistogramPoint[];
}

export type Metric = SumMetric | GaugeMetric | HistogramMetric;

export interface MetricsConsumer {
  consumeMetrics(metrics: readonly Metric[]): Promise<void>;
}

export function metricPointCount(metrics: readonly Metric[]): number {
  let n = 0;
  for (const m of metrics) n += m.points.length;
  return n;
}
