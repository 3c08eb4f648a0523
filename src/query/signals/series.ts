/**
 * Metric points -> the chart series of /api/series, one per attribute set, bucketed by
 * `step`. Pure. What a point type becomes:
 *
 *   gauge, non-monotonic sum      -> `value`: the mean of the bucket's points
 *   monotonic sum (cumulative)    -> `rate` per second between consecutive points
 *                                    (a drop is a counter reset: the new value counts from 0)
 *   monotonic sum (delta)         -> `rate`: the bucket's total / step
 *   histogram, exp. histogram     -> `p50`, `p95`, `p99` of the bucket's observations
 *                                    (cumulative: the difference from the bucket before)
 *   summary                       -> `p50`, `p95`, `p99` of the bucket's last point
 *
 * Bucket i covers [start + i*step, start + (i+1)*step); a point belongs to the bucket of
 * its time. Buckets without data are left out (a gap in the chart).
 */
import { anyValueToString, Temporality, type MetricPoint, type MetricPointData } from '../../model/index.js';

export type Stat = 'value' | 'rate' | 'p50' | 'p95' | 'p99';

export interface Series {
  readonly attributes: Record<string, string>;
  readonly stat: Stat;
  /** [unix microseconds of the bucket start, value] in time order. */
  readonly points: [number, number][];
}

const QUANTILES: readonly [Stat, number][] = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
];

/** Observations by bucket: [lower, upper, count], ascending; counts as numbers (chart precision). */
type Distribution = [number, number, number][];

function numberOf(d: MetricPointData): number {
  return d.type === 'gauge' || d.type === 'sum' ? Number(d.value.value) : NaN;
}

function distributionOf(d: MetricPointData): Distribution {
  if (d.type === 'histogram') {
    const out: Distribution = [];
    for (let i = 0; i < d.bucketCounts.length; i++) {
      const lower = i === 0 ? (d.min ?? Math.min(0, d.explicitBounds[0] ?? 0)) : d.explicitBounds[i - 1]!;
      const upper = i < d.explicitBounds.length ? d.explicitBounds[i]! : (d.max ?? lower);
      out.push([lower, upper, Number(d.bucketCounts[i]!)]);
    }
    return out;
  }
  if (d.type === 'exponential_histogram') {
    // Bucket index i covers (base^i, base^(i+1)] with base = 2^(2^-scale).
    const base = Math.pow(2, Math.pow(2, -d.scale));
    const out: Distribution = [];
    for (let k = d.negative.bucketCounts.length - 1; k >= 0; k--) {
      const i = d.negative.offset + k;
      out.push([-Math.pow(base, i + 1), -Math.pow(base, i), Number(d.negative.bucketCounts[k]!)]);
    }
    if (d.zeroCount > 0n) out.push([-d.zeroThreshold, d.zeroThreshold, Number(d.zeroCount)]);
    d.positive.bucketCounts.forEach((c, k) => {
      const i = d.positive.offset + k;
      out.push([Math.pow(base, i), Math.pow(base, i + 1), Number(c)]);
    });
    return out;
  }
  return [];
}

function subtract(now: Distribution, before: Distribution | undefined): Distribution {
  if (!before || before.length !== now.length) return now;
  for (let i = 0; i < now.length; i++) if (now[i]![0] !== before[i]![0] || now[i]![1] !== before[i]![1]) return now;
  // A bucket that went down is a reset: the new counts stand alone.
  if (now.some((b, i) => b[2] < before[i]![2])) return now;
  return now.map((b, i) => [b[0], b[1], b[2] - before[i]![2]]);
}

function add(a: Distribution | undefined, b: Distribution): Distribution {
  if (!a) return b.map((x) => [...x] as [number, number, number]);
  if (a.length !== b.length || a.some((x, i) => x[0] !== b[i]![0] || x[1] !== b[i]![1])) return [...a, ...b].sort((x, y) => x[0] - y[0]);
  return a.map((x, i) => [x[0], x[1], x[2] + b[i]![2]]);
}

/** The q-quantile by linear interpolation inside the bucket that holds it; NaN when empty. */
export function quantileOf(dist: Distribution, q: number): number {
  let total = 0;
  for (const b of dist) total += b[2];
  if (total <= 0) return NaN;
  const rank = q * total;
  let seen = 0;
  for (const [lower, upper, count] of dist) {
    if (count > 0 && seen + count >= rank) return lower + (upper - lower) * ((rank - seen) / count);
    seen += count;
  }
  return dist[dist.length - 1]![1];
}

function attributesKey(p: MetricPoint): string {
  return JSON.stringify(p.attributes.map((kv) => [kv.key, anyValueToString(kv.value)]));
}

interface Buckets {
  readonly startNs: bigint;
  readonly stepNs: bigint;
}

function bucketOf(b: Buckets, t: bigint): number {
  return Number((t - b.startNs) / b.stepNs);
}

function bucketMicros(b: Buckets, i: number): number {
  return Number((b.startNs + BigInt(i) * b.stepNs) / 1_000n);
}

/** Accumulates (sum, n) per bucket and emits means. */
class Means {
  private readonly acc = new Map<number, [number, number]>();
  add(i: number, v: number): void {
    if (!Number.isFinite(v)) return;
    const a = this.acc.get(i);
    if (a) {
      a[0] += v;
      a[1]++;
    } else this.acc.set(i, [v, 1]);
  }
  points(b: Buckets, divideBy?: number): [number, number][] {
    return [...this.acc.entries()].sort((x, y) => x[0] - y[0]).map(([i, [sum, n]]) => [bucketMicros(b, i), divideBy !== undefined ? sum / divideBy : sum / n]);
  }
}

function seriesOfGroup(points: readonly MetricPoint[], b: Buckets, attributes: Record<string, string>): Series[] {
  const first = points[0]!.data;
  const stepSeconds = Number(b.stepNs) / 1e9;
  if (first.type === 'gauge' || (first.type === 'sum' && !first.monotonic)) {
    const m = new Means();
    for (const p of points) m.add(bucketOf(b, p.timeUnixNano), numberOf(p.data));
    return [{ attributes, stat: 'value', points: m.points(b) }];
  }
  if (first.type === 'sum') {
    const m = new Means();
    if (first.temporality === Temporality.DELTA) {
      for (const p of points) m.add(bucketOf(b, p.timeUnixNano), numberOf(p.data));
      // The bucket's total over the step: a rate per second.
      return [{ attributes, stat: 'rate', points: m.points(b, stepSeconds) }];
    }
    for (let i = 1; i < points.length; i++) {
      const prev = points[i - 1]!;
      const cur = points[i]!;
      const dt = Number(cur.timeUnixNano - prev.timeUnixNano) / 1e9;
      if (dt <= 0) continue;
      const v = numberOf(cur.data);
      const pv = numberOf(prev.data);
      const delta = v >= pv ? v - pv : v;
      m.add(bucketOf(b, cur.timeUnixNano), delta / dt);
    }
    return [{ attributes, stat: 'rate', points: m.points(b) }];
  }
  if (first.type === 'summary') {
    const last = new Map<number, MetricPoint>();
    for (const p of points) last.set(bucketOf(b, p.timeUnixNano), p);
    const sorted = [...last.entries()].sort((x, y) => x[0] - y[0]);
    return QUANTILES.map(([stat, q]) => ({
      attributes,
      stat,
      points: sorted.flatMap(([i, p]) => {
        if (p.data.type !== 'summary') return [];
        const qv = p.data.quantileValues.find((x) => Math.abs(x.quantile - q) < 1e-9);
        return qv ? [[bucketMicros(b, i), qv.value] as [number, number]] : [];
      }),
    }));
  }
  // Histograms: per bucket, the observations made in it.
  const cumulative = 'temporality' in first && first.temporality === Temporality.CUMULATIVE;
  const perBucket = new Map<number, Distribution>();
  let before: Distribution | undefined;
  for (const p of points) {
    const dist = distributionOf(p.data);
    const observed = cumulative ? subtract(dist, before) : dist;
    before = dist;
    const i = bucketOf(b, p.timeUnixNano);
    perBucket.set(i, add(perBucket.get(i), observed));
  }
  const sorted = [...perBucket.entries()].sort((x, y) => x[0] - y[0]);
  return QUANTILES.map(([stat, q]) => ({
    attributes,
    stat,
    points: sorted.flatMap(([i, d]) => {
      const v = quantileOf(d, q);
      return Number.isFinite(v) ? [[bucketMicros(b, i), v] as [number, number]] : [];
    }),
  }));
}

/** `points` in time order, all of one metric. */
export function seriesOf(points: readonly MetricPoint[], startNs: bigint, stepNs: bigint): Series[] {
  const groups = new Map<string, MetricPoint[]>();
  for (const p of points) {
    const k = attributesKey(p);
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  const out: Series[] = [];
  const b = { startNs, stepNs };
  for (const g of groups.values()) {
    const attributes: Record<string, string> = {};
    for (const kv of g[0]!.attributes) attributes[kv.key] = anyValueToString(kv.value);
    // A metric whose type changed over time is charted by its latest type.
    const type = g[g.length - 1]!.data.type;
    out.push(...seriesOfGroup(g.filter((p) => p.data.type === type), b, attributes));
  }
  return out;
}
