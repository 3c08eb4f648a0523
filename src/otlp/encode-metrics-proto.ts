/**
 * Model metric points -> ExportMetricsServiceRequest (protobuf, or OTLP/JSON), through
 * protobufjs. Points of one resource and scope that share name, description, unit, type
 * (and for sums/histograms temporality and monotonicity) become one Metric with several
 * data points, as an SDK sends them.
 */
import type { MetricPoint, NumberValue } from '../model/index.js';
import { attributesProto, groupByResourceAndScope, protoObjectToOtlpJson, type Pb } from './encode-common-proto.js';
import { METRICS_REQUEST, otlpType } from './proto-root.js';

function numberValue(v: NumberValue): Pb {
  return v.type === 'int' ? { asInt: v.value.toString() } : { asDouble: v.value };
}

const str = (b: bigint): string => b.toString();

function optionalStats(d: { sum?: number; min?: number; max?: number }): Pb {
  return { ...(d.sum !== undefined ? { sum: d.sum } : {}), ...(d.min !== undefined ? { min: d.min } : {}), ...(d.max !== undefined ? { max: d.max } : {}) };
}

function dataPoint(p: MetricPoint): Pb {
  const base = { attributes: attributesProto(p.attributes), startTimeUnixNano: str(p.startTimeUnixNano), timeUnixNano: str(p.timeUnixNano), flags: p.flags };
  const d = p.data;
  switch (d.type) {
    case 'gauge':
    case 'sum':
      return { ...base, ...numberValue(d.value) };
    case 'histogram':
      return { ...base, count: str(d.count), ...optionalStats(d), bucketCounts: d.bucketCounts.map(str), explicitBounds: d.explicitBounds };
    case 'exponential_histogram':
      return {
        ...base,
        count: str(d.count),
        ...optionalStats(d),
        scale: d.scale,
        zeroCount: str(d.zeroCount),
        zeroThreshold: d.zeroThreshold,
        positive: { offset: d.positive.offset, bucketCounts: d.positive.bucketCounts.map(str) },
        negative: { offset: d.negative.offset, bucketCounts: d.negative.bucketCounts.map(str) },
      };
    case 'summary':
      return { ...base, count: str(d.count), sum: d.sum, quantileValues: d.quantileValues.map((q) => ({ quantile: q.quantile, value: q.value })) };
  }
}

/** What makes points one Metric: everything but the point's own fields. */
function metricKey(p: MetricPoint): string {
  const d = p.data;
  const shape = d.type === 'sum' ? `${d.temporality}|${d.monotonic}` : d.type === 'histogram' || d.type === 'exponential_histogram' ? `${d.temporality}` : '';
  return JSON.stringify([p.name, p.description, p.unit, d.type, shape]);
}

function metricProto(points: MetricPoint[]): Pb {
  const first = points[0]!;
  const d = first.data;
  const dataPoints = points.map(dataPoint);
  const head = { name: first.name, description: first.description, unit: first.unit };
  switch (d.type) {
    case 'gauge':
      return { ...head, gauge: { dataPoints } };
    case 'sum':
      return { ...head, sum: { dataPoints, aggregationTemporality: d.temporality, isMonotonic: d.monotonic } };
    case 'histogram':
      return { ...head, histogram: { dataPoints, aggregationTemporality: d.temporality } };
    case 'exponential_histogram':
      return { ...head, exponentialHistogram: { dataPoints, aggregationTemporality: d.temporality } };
    case 'summary':
      return { ...head, summary: { dataPoints } };
  }
}

function metricsOf(list: MetricPoint[]): Pb {
  const byMetric = new Map<string, MetricPoint[]>();
  for (const p of list) {
    const k = metricKey(p);
    let l = byMetric.get(k);
    if (!l) byMetric.set(k, (l = []));
    l.push(p);
  }
  return { metrics: [...byMetric.values()].map(metricProto) };
}

export function metricsToProtoObject(points: readonly MetricPoint[]): Pb {
  return { resourceMetrics: groupByResourceAndScope(points, 'scopeMetrics', metricsOf) };
}

export function encodeMetricsRequestProto(points: readonly MetricPoint[]): Uint8Array {
  const t = otlpType(METRICS_REQUEST);
  return t.encode(t.fromObject(metricsToProtoObject(points))).finish();
}

export function encodeMetricsRequestJson(points: readonly MetricPoint[]): string {
  return protoObjectToOtlpJson(metricsToProtoObject(points));
}
