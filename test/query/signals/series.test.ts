import { describe, expect, it } from 'vitest';
import type { MetricPoint, MetricPointData } from '../../../src/model/index.js';
import { quantileOf, seriesOf } from '../../../src/query/signals/index.js';

const S = 1_000_000_000n;
const res = { attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
const scope = { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
const pt = (t: bigint, data: MetricPointData, start = 0n): MetricPoint => ({ name: 'm', description: '', unit: '', startTimeUnixNano: start, timeUnixNano: t, attributes: [], flags: 0, data, resource: res, scope });
const num = (v: number) => ({ type: 'double' as const, value: v });

describe('seriesOf', () => {
  it('turns a cumulative counter into a rate, a drop counting as a reset', () => {
    const ps = [0, 10, 20, 30].map((s, i) => pt(BigInt(s) * S, { type: 'sum', temporality: 2, monotonic: true, value: num([0, 100, 300, 50][i]!) }));
    const [s] = seriesOf(ps, 0n, 10n * S);
    expect(s!.stat).toBe('rate');
    expect(s!.points).toEqual([
      [10_000_000, 10],
      [20_000_000, 20],
      [30_000_000, 5],
    ]);
  });

  it('turns a delta counter into its total over the step', () => {
    const ps = [1, 2].map((s) => pt(BigInt(s) * S, { type: 'sum', temporality: 1, monotonic: true, value: num(30) }));
    expect(seriesOf(ps, 0n, 60n * S)[0]!.points).toEqual([[0, 1]]);
  });

  it('gives p50/p95/p99 of the observations made in each step of a cumulative histogram', () => {
    const h = (counts: bigint[]): MetricPointData => ({ type: 'histogram', temporality: 2, count: counts.reduce((a, b) => a + b), bucketCounts: counts, explicitBounds: [10, 20] });
    const ps = [pt(5n * S, h([100n, 0n, 0n])), pt(15n * S, h([100n, 100n, 0n]))];
    const out = seriesOf(ps, 0n, 10n * S);
    expect(out.map((s) => s.stat)).toEqual(['p50', 'p95', 'p99']);
    // Second step: only the 100 new observations, all in (10, 20].
    expect(out[0]!.points[1]![1]).toBe(15);
  });

  it('interpolates quantiles inside the bucket that holds them', () => {
    expect(quantileOf([[0, 10, 10]], 0.5)).toBe(5);
    expect(Number.isNaN(quantileOf([], 0.5))).toBe(true);
  });
});
