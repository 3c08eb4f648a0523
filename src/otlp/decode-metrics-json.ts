/** ExportMetricsServiceRequest in the OTLP/JSON mapping -> model metric points (see decode-metrics-proto.ts). */
import type { InstrumentationScope, MetricPoint, MetricPointData, NumberValue, Resource, Temporality } from '../model/index.js';
import { array, enumValue, fail, field, object, type Obj } from './decode-json.js';
import { parseJsonBody, resourceFromJson, scopeFromJson } from './decode-logs-json.js';
import { metricPoint } from './decode-metrics-proto.js';
import { attributesFromJson, doubleFromJson, int64FromJson, stringFromJson, uint32FromJson, uint64FromJson } from './json-values.js';

const TEMPORALITY_NAMES = ['AGGREGATION_TEMPORALITY_UNSPECIFIED', 'AGGREGATION_TEMPORALITY_DELTA', 'AGGREGATION_TEMPORALITY_CUMULATIVE'];

function numberValue(p: Obj, path: string): NumberValue {
  const i = field(p, 'asInt', 'as_int');
  if (i !== undefined && i !== null) return { type: 'int', value: int64FromJson(i, `${path}.asInt`) };
  const d = field(p, 'asDouble', 'as_double');
  return { type: 'double', value: d === undefined || d === null ? 0 : doubleFromJson(d, `${path}.asDouble`) };
}

function optionalDouble(p: Obj, key: string, path: string): number | undefined {
  const v = p[key];
  return v === undefined || v === null ? undefined : doubleFromJson(v, `${path}.${key}`);
}

function counts(x: unknown, path: string): bigint[] {
  return array(x, path).map((c, i) => uint64FromJson(c, `${path}[${i}]`));
}

function doubles(x: unknown, path: string): number[] {
  return array(x, path).map((c, i) => doubleFromJson(c, `${path}[${i}]`));
}

function withOptional<T extends object>(base: T, p: Obj, path: string): T {
  const out = { ...base } as Record<string, unknown>;
  for (const k of ['sum', 'min', 'max']) {
    const v = optionalDouble(p, k, path);
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}

function buckets(x: unknown, path: string): { offset: number; bucketCounts: bigint[] } {
  const b = object(x, path);
  const off = b['offset'];
  let offset = 0;
  if (off !== undefined && off !== null) {
    if (typeof off !== 'number' || !Number.isInteger(off)) fail(`${path}.offset`, 'must be an integer');
    offset = off;
  }
  return { offset, bucketCounts: counts(field(b, 'bucketCounts', 'bucket_counts'), `${path}.bucketCounts`) };
}

function pointData(kind: string, body: Obj, p: Obj, path: string): MetricPointData {
  const temporality = enumValue(field(body, 'aggregationTemporality', 'aggregation_temporality'), TEMPORALITY_NAMES, 'aggregationTemporality') as Temporality;
  switch (kind) {
    case 'gauge':
      return { type: 'gauge', value: numberValue(p, path) };
    case 'sum': {
      const mono = field(body, 'isMonotonic', 'is_monotonic');
      return { type: 'sum', temporality, monotonic: mono === true, value: numberValue(p, path) };
    }
    case 'histogram':
      return withOptional(
        {
          type: 'histogram',
          temporality,
          count: uint64FromJson(p['count'], `${path}.count`),
          bucketCounts: counts(field(p, 'bucketCounts', 'bucket_counts'), `${path}.bucketCounts`),
          explicitBounds: doubles(field(p, 'explicitBounds', 'explicit_bounds'), `${path}.explicitBounds`),
        },
        p,
        path,
      ) as MetricPointData;
    case 'exponentialHistogram': {
      const scale = p['scale'] ?? 0;
      if (typeof scale !== 'number' || !Number.isInteger(scale)) fail(`${path}.scale`, 'must be an integer');
      const zt = field(p, 'zeroThreshold', 'zero_threshold');
      return withOptional(
        {
          type: 'exponential_histogram',
          temporality,
          count: uint64FromJson(p['count'], `${path}.count`),
          scale,
          zeroCount: uint64FromJson(field(p, 'zeroCount', 'zero_count'), `${path}.zeroCount`),
          zeroThreshold: zt === undefined || zt === null ? 0 : doubleFromJson(zt, `${path}.zeroThreshold`),
          positive: buckets(p['positive'], `${path}.positive`),
          negative: buckets(p['negative'], `${path}.negative`),
        },
        p,
        path,
      ) as MetricPointData;
    }
    default: {
      const qs = array(field(p, 'quantileValues', 'quantile_values'), `${path}.quantileValues`);
      return {
        type: 'summary',
        count: uint64FromJson(p['count'], `${path}.count`),
        sum: optionalDouble(p, 'sum', path) ?? 0,
        quantileValues: qs.map((q, i) => {
          const o = object(q, `${path}.quantileValues[${i}]`);
          return {
            quantile: optionalDouble(o, 'quantile', `${path}.quantileValues[${i}]`) ?? 0,
            value: optionalDouble(o, 'value', `${path}.quantileValues[${i}]`) ?? 0,
          };
        }),
      };
    }
  }
}

const KINDS: readonly [string, string][] = [
  ['gauge', 'gauge'],
  ['sum', 'sum'],
  ['histogram', 'histogram'],
  ['exponentialHistogram', 'exponential_histogram'],
  ['summary', 'summary'],
];

function metricPoints(x: unknown, path: string, resource: Resource, scope: InstrumentationScope, out: MetricPoint[]): boolean {
  const m = object(x, path);
  const meta = {
    name: stringFromJson(m['name'], `${path}.name`),
    description: stringFromJson(m['description'], `${path}.description`),
    unit: stringFromJson(m['unit'], `${path}.unit`),
  };
  for (const [camel, snake] of KINDS) {
    const v = field(m, camel, snake);
    if (v === undefined || v === null) continue;
    const kindPath = `${path}.${camel}`;
    const body = object(v, kindPath);
    const dps = array(field(body, 'dataPoints', 'data_points'), `${kindPath}.dataPoints`);
    for (let i = 0; i < dps.length; i++) {
      const pPath = `${kindPath}.dataPoints[${i}]`;
      const p = object(dps[i], pPath);
      const point = {
        attributes: attributesFromJson(p['attributes'], `${pPath}.attributes`),
        startTimeUnixNano: uint64FromJson(field(p, 'startTimeUnixNano', 'start_time_unix_nano'), `${pPath}.startTimeUnixNano`),
        timeUnixNano: uint64FromJson(field(p, 'timeUnixNano', 'time_unix_nano'), `${pPath}.timeUnixNano`),
        flags: uint32FromJson(p['flags'], `${pPath}.flags`),
      };
      out.push(metricPoint(meta, point, pointData(camel, body, p, pPath), resource, scope));
    }
    return true;
  }
  return false;
}

/** Parses and decodes a JSON body; throws OtlpDecodeError naming the path of the first structural error. */
export function decodeMetricsRequestJson(body: Uint8Array | string): { points: MetricPoint[]; metricsWithoutData: number } {
  const req = object(parseJsonBody(body), '$');
  const points: MetricPoint[] = [];
  let metricsWithoutData = 0;
  const rms = array(field(req, 'resourceMetrics', 'resource_metrics'), 'resourceMetrics');
  for (let i = 0; i < rms.length; i++) {
    const rmPath = `resourceMetrics[${i}]`;
    const rm = object(rms[i], rmPath);
    const resource = resourceFromJson(rm, rmPath);
    const sms = array(field(rm, 'scopeMetrics', 'scope_metrics'), `${rmPath}.scopeMetrics`);
    for (let j = 0; j < sms.length; j++) {
      const smPath = `${rmPath}.scopeMetrics[${j}]`;
      const sm = object(sms[j], smPath);
      const scope = scopeFromJson(sm, smPath);
      const ms = array(sm['metrics'], `${smPath}.metrics`);
      for (let k = 0; k < ms.length; k++) if (!metricPoints(ms[k], `${smPath}.metrics[${k}]`, resource, scope, points)) metricsWithoutData++;
    }
  }
  return { points, metricsWithoutData };
}
