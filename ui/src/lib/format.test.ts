import { describe, expect, it } from 'vitest';
import { formatDuration, formatPercent } from './format';
import { niceTicks } from './ticks';

describe('formatDuration', () => {
  const cases: [number, string][] = [
    [0, '0 ns'],
    [999, '999 ns'],
    [1_000, '1 µs'],
    [1_500, '1.5 µs'],
    [400_000_000, '400 ms'],
    [26_900_000, '26.9 ms'],
    [1_234_567_890, '1.23 s'],
    [90_000_000_000, '1.5 min'],
    [7_260_000_000_000, '2 h 1 min'],
    [-5_000_000, '-5 ms'],
    [NaN, '–'],
  ];
  for (const [ns, want] of cases) it(`${ns} ns -> ${want}`, () => expect(formatDuration(ns)).toBe(want));
});

describe('formatPercent', () => {
  it('keeps small rates visible', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0.081)).toBe('8.1%');
    expect(formatPercent(0.5)).toBe('50%');
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(3, 17, 3)).toEqual([5, 10, 15]);
    expect(niceTicks(5, 5, 4)).toEqual([5]);
  });
});
