/**
 * What the spanmetrics and servicegraph connectors build: a small model of OTLP metrics
 * (sums and explicit-bucket histograms with string attributes). Points are cumulative
 * snapshots. `toMetricPoints` turns them into the one metric model of the pipelines
 * (src/model's MetricPoint), so a connector feeds any `metrics` pipeline.
 */
import { Temporality, type MetricPoint, type Resource } from '../model/index.js';
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

const SCOPE = { name: 'ariadne/connector', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

/**
 * Connector metrics -> pipeline points. As the Collector's spanmetrics does, a point's
 * resource is its service: `service.name` is on the resource and stays a point
 * attribute (points without one share an empty resource). Resources are shared objects per
 * service, so encoders group the points under one ResourceMetrics.
 */
export class MetricPointConverter {
  private readonly resources = new Map<string, Resource>();

  constructor(
    /** Cumulative points count from here (the connector's start). */
    private readonly startTimeUnixNano: bigint,
    /** The connector's id, the points' instrumentation scope name. */
    private readonly scopeName = 'ariadne/connector',
  ) {}

  private resourceOf(service: string | undefined): Resource {
    const key = service ?? '';
    let r = this.resources.get(key);
    if (!r) {
      r = { attributes: service === undefined ? [] : [{ key: 'service.name', value: { type: 'string', value: service } }], droppedAttributesCount: 0, schemaUrl: '' };
      this.resources.set(key, r);
    }
    return r;
  }

  convert(metrics: readonly Metric[]): MetricPoint[] {
    const scope = this.scopeName === SCOPE.name ? SCOPE : { ...SCOPE, name: this.scopeName };
    const out: MetricPoint[] = [];
    for (const m of metrics) {
      for (const p of m.points) {
        const service = p.attributes['service.name'];
        const base = {
          name: m.name,
          description: m.description,
          unit: m.unit,
          startTimeUnixNano: this.startTimeUnixNano,
          timeUnixNano: m.timeUnixNano,
          attributes: Object.entries(p.attributes).map(([key, value]) => ({ key, value: { type: 'string' as const, value } })),
          flags: 0,
          resource: this.resourceOf(service),
          scope,
        };
        if ('bounds' in p) {
          out.push({
            ...base,
            data: {
              type: 'histogram',
              temporality: Temporality.CUMULATIVE,
              count: BigInt(p.count),
              sum: p.sum,
              bucketCounts: p.bucketCounts.map((c) => BigInt(c)),
              explicitBounds: p.bounds,
            },
          });
        } else {
          const value = Number.isInteger(p.value) ? { type: 'int' as const, value: BigInt(p.value) } : { type: 'double' as const, value: p.value };
          out.push({
            ...base,
            data: m.kind === 'sum' ? { type: 'sum', temporality: Temporality.CUMULATIVE, monotonic: m.monotonic, value } : { type: 'gauge', value },
          });
        }
      }
    }
    return out;
  }
}
