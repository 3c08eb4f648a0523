/**
 * The proxy's own metrics -> OTLP `Metric` messages (opentelemetry/proto/metrics/v1/
 * metrics.proto): gauges, cumulative sums and cumulative explicit-bucket histograms,
 * the three kinds a proxy reports about itself. Sent in an ExportMetricsServiceRequest
 * by writeEncodedRequest.
 */
import type { InstrumentationScope, KeyValue, Resource } from '../../model/index.js';
import { ProtoWriter, WIRE, writeKeyValues, writeStringField } from '../../otlp/proto-writer.js';
import type { EncodedItem } from './proto-wire.js';

const { VARINT, FIXED64, LEN } = WIRE;

/** AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE */
const CUMULATIVE = 2;

export interface NumberPoint {
  readonly attributes: readonly KeyValue[];
  readonly startTimeUnixNano: bigint;
  readonly timeUnixNano: bigint;
  /** A number is sent as_double, a bigint as_int. */
  readonly value: number | bigint;
}

export interface HistogramPoint {
  readonly attributes: readonly KeyValue[];
  readonly startTimeUnixNano: bigint;
  readonly timeUnixNano: bigint;
  readonly count: number;
  readonly sum: number;
  /** explicitBounds.length + 1 counts. */
  readonly bucketCounts: readonly number[];
  readonly explicitBounds: readonly number[];
  readonly min: number;
  readonly max: number;
}

export type MeshMetricData =
  | { readonly type: 'gauge'; readonly points: readonly NumberPoint[] }
  | { readonly type: 'sum'; readonly monotonic: boolean; readonly points: readonly NumberPoint[] }
  | { readonly type: 'histogram'; readonly points: readonly HistogramPoint[] };

export interface MeshMetric {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly data: MeshMetricData;
}

export type EncodedMetric = EncodedItem;

/** A fixed64 field written even when zero, as the proxy writes its times and counts. */
function writeFixed64(w: ProtoWriter, field: number, v: bigint): void {
  w.tag(field, FIXED64);
  w.fixed64(v);
}

function writeNumberPoint(w: ProtoWriter, p: NumberPoint): void {
  w.tag(1, LEN); // data_points
  const at = w.begin();
  writeFixed64(w, 2, p.startTimeUnixNano);
  writeFixed64(w, 3, p.timeUnixNano);
  if (typeof p.value === 'bigint') {
    writeFixed64(w, 6, p.value); // as_int, an sfixed64: two's complement, the same bytes
  } else {
    w.tag(4, FIXED64); // as_double
    w.double(p.value);
  }
  writeKeyValues(w, 7, p.attributes);
  w.end(at);
}

function writeHistogramPoint(w: ProtoWriter, p: HistogramPoint): void {
  w.tag(1, LEN); // data_points
  const at = w.begin();
  writeFixed64(w, 2, p.startTimeUnixNano);
  writeFixed64(w, 3, p.timeUnixNano);
  writeFixed64(w, 4, BigInt(p.count));
  w.tag(5, FIXED64);
  w.double(p.sum);
  // Packed repeated fields, as proto3 writes them.
  w.tag(6, LEN);
  const counts = w.begin();
  for (const c of p.bucketCounts) w.fixed64(BigInt(c));
  w.end(counts);
  if (p.explicitBounds.length > 0) {
    w.tag(7, LEN);
    const bounds = w.begin();
    for (const b of p.explicitBounds) w.double(b);
    w.end(bounds);
  }
  writeKeyValues(w, 9, p.attributes);
  if (p.count > 0) {
    w.tag(11, FIXED64);
    w.double(p.min);
    w.tag(12, FIXED64);
    w.double(p.max);
  }
  w.end(at);
}

/** One writer for every metric, started over for each; finish() copies the metric's bytes out. */
const writer = new ProtoWriter(4 * 1024);

export function encodeMetric(m: MeshMetric, resource: Resource, scope: InstrumentationScope): EncodedMetric {
  const w = writer;
  w.reset();
  writeStringField(w, 1, m.name);
  writeStringField(w, 2, m.description);
  writeStringField(w, 3, m.unit);
  const d = m.data;
  let at: number;
  switch (d.type) {
    case 'gauge':
      w.tag(5, LEN);
      at = w.begin();
      for (const p of d.points) writeNumberPoint(w, p);
      w.end(at);
      break;
    case 'sum':
      w.tag(7, LEN);
      at = w.begin();
      for (const p of d.points) writeNumberPoint(w, p);
      w.tag(2, VARINT); // aggregation_temporality
      w.uint32(CUMULATIVE);
      if (d.monotonic) {
        w.tag(3, VARINT); // is_monotonic
        w.bool(true);
      }
      w.end(at);
      break;
    case 'histogram':
      w.tag(9, LEN);
      at = w.begin();
      for (const p of d.points) writeHistogramPoint(w, p);
      w.tag(2, VARINT); // aggregation_temporality
      w.uint32(CUMULATIVE);
      w.end(at);
      break;
  }
  return { resource, scope, bytes: w.finish() };
}
