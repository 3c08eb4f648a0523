/**
 * ExportMetricsServiceRequest (protobuf) -> model metric points, through protobufjs:
 * one MetricPoint per data point, carrying its metric's name, unit and description.
 */
import type { Attributes, InstrumentationScope, MetricPoint, MetricPointData, NumberValue, Resource, Temporality } from '../model/index.js';
import { attributes, type PbKeyValue } from './decode-proto.js';
import { resourceFromProto, scopeFromProto, type PbResourceScope, type PbScope } from './decode-logs-proto.js';
import { OtlpDecodeError } from './errors.js';
import { longToBigInt, type LongLike } from './long.js';
import { METRICS_REQUEST, otlpType } from './proto-root.js';

type Long64 = LongLike | number;

interface PbPointBase {
  attributes?: PbKeyValue[];
  startTimeUnixNano?: Long64;
  timeUnixNano?: Long64;
  flags?: number;
}
interface PbNumberPoint extends PbPointBase {
  value?: string;
  asDouble?: number;
  asInt?: Long64;
}
interface PbHistogramPoint extends PbPointBase {
  count?: Long64;
  sum?: number | null;
  min?: number | null;
  max?: number | null;
  bucketCounts?: Long64[];
  explicitBounds?: number[];
}
interface PbBuckets {
  offset?: number;
  bucketCounts?: Long64[];
}
interface PbExpPoint extends PbPointBase {
  count?: Long64;
  sum?: number | null;
  min?: number | null;
  max?: number | null;
  scale?: number;
  zeroCount?: Long64;
  zeroThreshold?: number;
  positive?: PbBuckets | null;
  negative?: PbBuckets | null;
}
interface PbSummaryPoint extends PbPointBase {
  count?: Long64;
  sum?: number;
  quantileValues?: { quantile?: number; value?: number }[];
}
interface PbMetric {
  name?: string;
  description?: string;
  unit?: string;
  data?: string;
  gauge?: { dataPoints?: PbNumberPoint[] } | null;
  sum?: { dataPoints?: PbNumberPoint[]; aggregationTemporality?: number; isMonotonic?: boolean } | null;
  histogram?: { dataPoints?: PbHistogramPoint[]; aggregationTemporality?: number } | null;
  exponentialHistogram?: { dataPoints?: PbExpPoint[]; aggregationTemporality?: number } | null;
  summary?: { dataPoints?: PbSummaryPoint[] } | null;
}
interface PbMetricsRequest {
  resourceMetrics?: (PbResourceScope & { scopeMetrics?: (PbScope & { metrics?: PbMetric[] })[] })[];
}

/** proto3 `optional double`: present only when the message has its own property. */
function optional(msg: object, key: string): number | undefined {
  if (!Object.prototype.hasOwnProperty.call(msg, key)) return undefined;
  const v = (msg as Record<string, unknown>)[key];
  return typeof v === 'number' ? v : undefined;
}

function numberValue(p: PbNumberPoint): NumberValue {
  if (p.value === 'asInt') return { type: 'int', value: longToBigInt(p.asInt, true) };
  return { type: 'double', value: p.asDouble ?? 0 };
}

function counts(list: Long64[] | undefined): bigint[] {
  return (list ?? []).map((c) => longToBigInt(c, false));
}

function buckets(b: PbBuckets | null | undefined): { offset: number; bucketCounts: bigint[] } {
  return { offset: b?.offset ?? 0, bucketCounts: counts(b?.bucketCounts) };
}

function withOptional<T extends object>(base: T, p: object): T {
  const out = { ...base } as Record<string, unknown>;
  for (const k of ['sum', 'min', 'max']) {
    const v = optional(p, k);
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}

interface PointSource {
  readonly point: PbPointBase;
  readonly data: MetricPointData;
}

function pointsOf(m: PbMetric): PointSource[] {
  switch (m.data) {
    case 'gauge':
      return (m.gauge?.dataPoints ?? []).map((p) => ({ point: p, data: { type: 'gauge', value: numberValue(p) } }));
    case 'sum': {
      const temporality = (m.sum?.aggregationTemporality ?? 0) as Temporality;
      const monotonic = m.sum?.isMonotonic ?? false;
      return (m.sum?.dataPoints ?? []).map((p) => ({ point: p, data: { type: 'sum', temporality, monotonic, value: numberValue(p) } }));
    }
    case 'histogram': {
      const temporality = (m.histogram?.aggregationTemporality ?? 0) as Temporality;
      return (m.histogram?.dataPoints ?? []).map((p) => ({
        point: p,
        data: withOptional(
          { type: 'histogram', temporality, count: longToBigInt(p.count, false), bucketCounts: counts(p.bucketCounts), explicitBounds: p.explicitBounds ?? [] },
          p,
        ) as MetricPointData,
      }));
    }
    case 'exponentialHistogram': {
      const temporality = (m.exponentialHistogram?.aggregationTemporality ?? 0) as Temporality;
      return (m.exponentialHistogram?.dataPoints ?? []).map((p) => ({
        point: p,
        data: withOptional(
          {
            type: 'exponential_histogram',
            temporality,
            count: longToBigInt(p.count, false),
            scale: p.scale ?? 0,
            zeroCount: longToBigInt(p.zeroCount, false),
            zeroThreshold: p.zeroThreshold ?? 0,
            positive: buckets(p.positive),
            negative: buckets(p.negative),
          },
          p,
        ) as MetricPointData,
      }));
    }
    case 'summary':
      return (m.summary?.dataPoints ?? []).map((p) => ({
        point: p,
        data: {
          type: 'summary',
          count: longToBigInt(p.count, false),
          sum: p.sum ?? 0,
          quantileValues: (p.quantileValues ?? []).map((q) => ({ quantile: q.quantile ?? 0, value: q.value ?? 0 })),
        },
      }));
    default:
      return [];
  }
}

export function metricPoint(
  m: { name: string; description: string; unit: string },
  point: { attributes: Attributes; startTimeUnixNano: bigint; timeUnixNano: bigint; flags: number },
  data: MetricPointData,
  resource: Resource,
  scope: InstrumentationScope,
): MetricPoint {
  return { ...m, ...point, data, resource, scope };
}

/**
 * Decodes a protobuf body; throws OtlpDecodeError when it is not an ExportMetricsServiceRequest.
 * `metricsWithoutData` counts metrics that set none of the data fields, which carry no point to keep.
 */
export function decodeMetricsRequestProto(body: Uint8Array): { points: MetricPoint[]; metricsWithoutData: number } {
  let req: PbMetricsRequest;
  try {
    req = otlpType(METRICS_REQUEST).decode(body) as unknown as PbMetricsRequest;
  } catch (err) {
    throw new OtlpDecodeError(`body is not a valid protobuf ExportMetricsServiceRequest: ${(err as Error).message}`, { cause: err });
  }
  const points: MetricPoint[] = [];
  let metricsWithoutData = 0;
  for (const rm of req.resourceMetrics ?? []) {
    const resource = resourceFromProto(rm);
    for (const sm of rm.scopeMetrics ?? []) {
      const scope = scopeFromProto(sm);
      for (const m of sm.metrics ?? []) {
        if (!m.data) metricsWithoutData++;
        const meta = { name: m.name ?? '', description: m.description ?? '', unit: m.unit ?? '' };
        for (const { point: p, data } of pointsOf(m)) {
          points.push(
            metricPoint(
              meta,
              {
                attributes: attributes(p.attributes),
                startTimeUnixNano: longToBigInt(p.startTimeUnixNano, false),
                timeUnixNano: longToBigInt(p.timeUnixNano, false),
                flags: p.flags ?? 0,
              },
              data,
              resource,
              scope,
            ),
          );
        }
      }
    }
  }
  return { points, metricsWithoutData };
}
