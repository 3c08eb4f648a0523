import { describe, expect, it } from 'vitest';
import {
  ALWAYS_SAMPLE_THRESHOLD,
  MAX_ADJUSTED_COUNT,
  NEVER_SAMPLE_THRESHOLD,
  adjustedCountFromThreshold,
  formatThreshold,
  keeps,
  parseThreshold,
  probabilityFromThreshold,
  thresholdFromProbability,
} from '../../src/sampling/threshold.js';

const th = (p: number, precision?: number) => {
  const t = thresholdFromProbability(p, precision);
  return t === null ? null : formatThreshold(t);
};

describe('thresholdFromProbability', () => {
  // The spec's table "for 1-in-N probability sampling, with precision 3, 4, and 5".
  const table: Array<{ name: string; p: number; p3: string; p4: string; p5: string }> = [
    { name: '1 in 1', p: 1, p3: '0', p4: '0', p5: '0' },
    { name: '1 in 2', p: 0.5, p3: '8', p4: '8', p5: '8' },
    { name: '1 in 3', p: 1 / 3, p3: 'aab', p4: 'aaab', p5: 'aaaab' },
    { name: '1 in 4', p: 0.25, p3: 'c', p4: 'c', p5: 'c' },
    { name: '1 in 5', p: 0.2, p3: 'ccd', p4: 'cccd', p5: 'ccccd' },
    { name: '1 in 8', p: 0.125, p3: 'e', p4: 'e', p5: 'e' },
    { name: '1 in 10', p: 0.1, p3: 'e66', p4: 'e666', p5: 'e6666' },
    { name: '1 in 16', p: 0.0625, p3: 'f', p4: 'f', p5: 'f' },
    { name: '1 in 100', p: 0.01, p3: 'fd71', p4: 'fd70a', p5: 'fd70a4' },
    { name: '1 in 1000', p: 0.001, p3: 'ffbe7', p4: 'ffbe77', p5: 'ffbe76d' },
    { name: '1 in 10000', p: 0.0001, p3: 'fff972', p4: 'fff9724', p5: 'fff97247' },
    { name: '1 in 100000', p: 0.00001, p3: 'ffff584', p4: 'ffff583a', p5: 'ffff583a5' },
    { name: '1 in 1000000', p: 0.000001, p3: 'ffffef4', p4: 'ffffef39', p5: 'ffffef391' },
  ];

  it.each(table)('spec table, precision 3/4/5: $name', ({ name, p, p3, p4, p5 }) => {
    expect(th(p, 3), `${name} precision 3`).toBe(p3);
    expect(th(p, 4), `${name} precision 4`).toBe(p4);
    expect(th(p, 5), `${name} precision 5`).toBe(p5);
    expect(th(p), `${name} default precision is 4`).toBe(p4);
  });

  it('spec example: 1% with 5 digits is 0xfd70a400000000', () => {
    expect(thresholdFromProbability(0.01, 5)).toBe(0xfd70a400000000n);
    expect(thresholdFromProbability(0.01, 5)).toBe(71337018784743424n);
  });

  it('precision 14 is exact: round((1 - p) * 2^56)', () => {
    // The double 0.1 is exactly 0x1999999999999a / 2^56.
    expect(thresholdFromProbability(0.1, 14)).toBe(MAX_ADJUSTED_COUNT - 0x1999999999999an);
    expect(th(0.1, 14)).toBe('e6666666666666');
  });

  const edges: Array<{ name: string; p: number; expected: bigint | null }> = [
    { name: 'p = 1 rejects nothing', p: 1, expected: ALWAYS_SAMPLE_THRESHOLD },
    { name: 'p = 0 rejects everything', p: 0, expected: NEVER_SAMPLE_THRESHOLD },
    { name: 'p = 2^-56, the smallest probability', p: 2 ** -56, expected: MAX_ADJUSTED_COUNT - 1n },
    { name: 'p below 2^-56 is raised to it', p: 1e-30, expected: MAX_ADJUSTED_COUNT - 1n },
    { name: 'negative', p: -0.1, expected: null },
    { name: 'above 1', p: 1.1, expected: null },
    { name: 'NaN', p: Number.NaN, expected: null },
    { name: 'Infinity', p: Number.POSITIVE_INFINITY, expected: null },
  ];

  it.each(edges)('edge: $name', ({ name, p, expected }) => {
    expect(thresholdFromProbability(p), name).toBe(expected);
  });

  const precisions = [0, 15, 1.5, -1];
  it.each(precisions)('rejects precision %s', (precision) => {
    expect(thresholdFromProbability(0.5, precision), String(precision)).toBeNull();
  });

  it('is monotone: a higher probability never has a higher threshold', () => {
    let previous = NEVER_SAMPLE_THRESHOLD;
    for (let i = 0; i <= 1000; i++) {
      const t = thresholdFromProbability(i / 1000);
      expect(t).not.toBeNull();
      if (t === null) return;
      expect(t <= previous, `p = ${i / 1000}`).toBe(true);
      previous = t;
    }
  });
});

describe('probabilityFromThreshold and adjusted count', () => {
  const cases: Array<{ name: string; t: bigint; p: number; count: number }> = [
    { name: 'th:0', t: 0n, p: 1, count: 1 },
    { name: 'th:8', t: 0x80000000000000n, p: 0.5, count: 2 },
    { name: 'th:c', t: 0xc0000000000000n, p: 0.25, count: 4 },
    { name: 'th:f', t: 0xf0000000000000n, p: 0.0625, count: 16 },
    { name: 'never', t: NEVER_SAMPLE_THRESHOLD, p: 0, count: Number.POSITIVE_INFINITY },
  ];
  it.each(cases)('$name', ({ name, t, p, count }) => {
    expect(probabilityFromThreshold(t), name).toBe(p);
    expect(adjustedCountFromThreshold(t), name).toBe(count);
  });

  it('spec table: actual probability and adjusted count of 1 in 10 at precision 4', () => {
    const t = parseThreshold('e666');
    if (t === null) throw new Error('expected a threshold');
    expect(probabilityFromThreshold(t)).toBe(0.100006103515625);
    expect(adjustedCountFromThreshold(t)).toBeCloseTo(9.99938968568813, 10);
  });

  it('round-trips probabilities within the precision', () => {
    for (const p of [0.9, 0.5, 0.3, 0.1, 0.01, 0.001, 1e-6]) {
      const t = thresholdFromProbability(p);
      if (t === null) throw new Error('expected a threshold');
      expect(Math.abs(probabilityFromThreshold(t) - p) / p, `p = ${p}`).toBeLessThan(1e-3);
    }
  });
});

describe('th encoding', () => {
  const formats: Array<{ name: string; t: bigint; expected: string | null }> = [
    { name: 'zero', t: 0n, expected: '0' },
    { name: 'trailing zeros removed', t: 0x80000000000000n, expected: '8' },
    { name: 'leading zeros kept', t: 0x08000000000000n, expected: '08' },
    { name: 'smallest non-zero', t: 1n, expected: '00000000000001' },
    { name: 'largest', t: MAX_ADJUSTED_COUNT - 1n, expected: 'ffffffffffffff' },
    { name: '2^56 has no encoding', t: MAX_ADJUSTED_COUNT, expected: null },
    { name: 'negative', t: -1n, expected: null },
  ];
  it.each(formats)('format: $name', ({ name, t, expected }) => {
    expect(formatThreshold(t), name).toBe(expected);
  });

  const parses: Array<{ name: string; th: string; expected: bigint | null }> = [
    { name: 'th:0 is 100%', th: '0', expected: 0n },
    { name: 'one digit', th: '8', expected: 0x80000000000000n },
    { name: 'leading zero', th: '08', expected: 0x08000000000000n },
    { name: '14 digits', th: 'ffffffffffffff', expected: 0xffffffffffffffn },
    { name: 'explicit trailing zeros', th: '80000000000000', expected: 0x80000000000000n },
    { name: 'empty', th: '', expected: null },
    { name: '15 digits', th: '800000000000000', expected: null },
    { name: 'uppercase', th: 'C', expected: null },
    { name: 'non-hex', th: 'g', expected: null },
    { name: '0x prefix', th: '0x8', expected: null },
    { name: 'sign', th: '-1', expected: null },
    { name: 'space', th: ' 8', expected: null },
  ];
  it.each(parses)('parse: $name', ({ name, th: value, expected }) => {
    expect(parseThreshold(value), name).toBe(expected);
  });
});

describe('keeps', () => {
  const cases: Array<{ name: string; r: bigint; t: bigint; expected: boolean }> = [
    { name: 'R equal to T is kept', r: 0x80000000000000n, t: 0x80000000000000n, expected: true },
    { name: 'R just below T is dropped', r: 0x7fffffffffffffn, t: 0x80000000000000n, expected: false },
    { name: 'T = 0 keeps R = 0', r: 0n, t: 0n, expected: true },
    { name: 'never-threshold drops the largest R', r: MAX_ADJUSTED_COUNT - 1n, t: NEVER_SAMPLE_THRESHOLD, expected: false },
  ];
  it.each(cases)('$name', ({ name, r, t, expected }) => {
    expect(keeps(r, t), name).toBe(expected);
  });
});
