/**
 * The proxy's own metrics -> OTLP `Metric` messages (opentelemetry/proto/metrics/v1/
 * metrics.proto): gauges, cumulative sums and cumulative explicit-bucket histograms,
 * the three kinds a proxy reports about itself. Sent in an ExportMetricsServiceRequest
 * by writeEncodedRequest.
 */
import type { InstrumentationScope, KeyValue, Resource } from '../../model/index.js';
import { FIXED64, LEN, VARINT, longBits, newWriter, tag, writeFixed64, writeKeyValues, writeString, type EncodedItem, type Writer } from './proto-wire.js';

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

function writeNumberPoint(w: Writer, p: NumberPoint): void {
  w.uint32(tag(1, LEN)).fork(); // data_points
  writeFixed64(w, 2, p.startTimeUnixNano);
  writeFixed64(w, 3, p.timeUnixNano);
  if (typeof p.value === 'bigint') w.uint32(tag(6, FIXED64)).sfixed64(longBits(p.value));
  else w.uint32(tag(4, FIXED64)).double(p.value);
  writeKeyValues(w, 7, p.attributes);
  w.ldelim();
}


function writeHistogramPoint(w: Writer, p: HistogramPoint): void {
  w.uint32(tag(1, LEN)).fork(); // data_points
  writeFixed64(w, 2, p.startTimeUnixNano);
  writeFixed64(w, 3, p.timeUnixNano);
  writeFixed64(w, 4, BigInt(p.count));
  w.uint32(tag(5, FIXED64)).double(p.sum);
  // Packed repeated fields, as proto3 writes them.
  w.uint32(tag(6, LEN)).fork();
  for (const c of p.bucketCounts) w.fixed64(c);
  w.ldelim();
  if (p.explicitBounds.length > 0) {
    w.uint32(tag(7, LEN)).fork();
    for (const b of p.explicitBounds) w.double(b);
    w.ldelim();
  }
  writeKeyValues(w, 9, p.attributes);
  if (p.count > 0) {
    w.uint32(tag(11, FIXED64)).double(p.min);
    w.uint32(tag(12, FIXED64)).double(p.max);
  }
  w.ldelim();
}

export function encodeMetric(m: MeshMetric, resource: Resource, scope: InstrumentationScope): EncodedMetric {
  const w = newWriter();
  writeString(w, 1, m.name);
  writeString(w, 2, m.description);
  writeString(w, 3, m.unit);
  const d = m.data;
  switch (d.type) {
    case 'gauge':
      w.uint32(tag(5, LEN)).fork();
      for (const p of d.points) writeNumberPoint(w, p);
      w.ldelim();
      break;
    case 'sum':
      w.uint32(tag(7, LEN)).fork();
      for (const p of d.points) writeNumberPoint(w, p);
      w.uint32(tag(2, VARINT)).uint32(CUMULATIVE);
      if (d.monotonic) w.uint32(tag(3, VARINT)).bool(true);
      w.ldelim();
      break;
    case 'histogram':
      w.uint32(tag(9, LEN)).fork();
      for (const p of d.points) writeHistogramPoint(w, p);
      w.uint32(tag(2, VARINT)).uint32(CUMULATIVE);
      w.ldelim();
      break;
  }
  return { resource, scope, bytes: w.finish() };
}
