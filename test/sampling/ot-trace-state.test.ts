import { describe, expect, it } from 'vitest';
import { TraceState } from '../../src/propagation/trace-state.js';
import {
  formatOtValue,
  otTraceStateOf,
  parseOtValue,
  withOtTraceState,
  type OtTraceState,
} from '../../src/sampling/ot-trace-state.js';

describe('parseOtValue', () => {
  const cases: Array<{ name: string; value: string; expected: OtTraceState }> = [
    { name: 'th and rv', value: 'th:8;rv:6e6d1a75832a2f', expected: { threshold: 0x80000000000000n, randomness: 0x6e6d1a75832a2fn, others: [] } },
    { name: 'th:0', value: 'th:0', expected: { threshold: 0n, others: [] } },
    { name: 'rv alone (spec example)', value: 'rv:6e6d1a75832a2f', expected: { randomness: 0x6e6d1a75832a2fn, others: [] } },
    { name: 'unknown sub-keys preserved in order', value: 'p:8;r:62;k1:13', expected: { others: [['p', '8'], ['r', '62'], ['k1', '13']] } },
    { name: 'unknown sub-keys around th', value: 'foo:bar;th:c;k1:13', expected: { threshold: 0xc0000000000000n, others: [['foo', 'bar'], ['k1', '13']] } },
    { name: 'value characters . _ - and uppercase', value: 'x:A.b_c-D', expected: { others: [['x', 'A.b_c-D']] } },
    { name: 'empty unknown value', value: 'x:', expected: { others: [['x', '']] } },
    { name: 'invalid th ignored: uppercase', value: 'th:C;rv:6e6d1a75832a2f', expected: { randomness: 0x6e6d1a75832a2fn, others: [] } },
    { name: 'invalid th ignored: empty', value: 'th:;k:1', expected: { others: [['k', '1']] } },
    { name: 'invalid th ignored: 15 digits', value: 'th:800000000000000', expected: { others: [] } },
    { name: 'invalid th ignored: non-hex', value: 'th:xyz', expected: { others: [] } },
    { name: 'invalid rv ignored: 13 digits', value: 'th:8;rv:6e6d1a75832a2', expected: { threshold: 0x80000000000000n, others: [] } },
    { name: 'invalid rv ignored: 15 digits', value: 'rv:6e6d1a75832a2f0', expected: { others: [] } },
    { name: 'invalid rv ignored: uppercase', value: 'rv:6E6D1A75832A2F', expected: { others: [] } },
    { name: 'repeated key: first kept', value: 'th:8;th:c', expected: { threshold: 0x80000000000000n, others: [] } },
    { name: 'member without ":" skipped', value: 'foo;th:8', expected: { threshold: 0x80000000000000n, others: [] } },
    { name: 'uppercase key skipped', value: 'Th:8;K:1', expected: { others: [] } },
    { name: 'key starting with a digit skipped', value: '1a:2', expected: { others: [] } },
    { name: 'value with a space skipped', value: 'k:a b;th:8', expected: { threshold: 0x80000000000000n, others: [] } },
    { name: 'value with "+" skipped', value: 'k:a+b', expected: { others: [] } },
    { name: 'empty', value: '', expected: { others: [] } },
  ];

  it.each(cases)('$name', ({ name, value, expected }) => {
    expect(parseOtValue(value), name).toEqual(expected);
  });
});

describe('formatOtValue', () => {
  const cases: Array<{ name: string; ot: OtTraceState; expected: string | null }> = [
    { name: 'th, rv, then others', ot: { others: [['k1', '13']], randomness: 0x6e6d1a75832a2fn, threshold: 0xc0000000000000n }, expected: 'th:c;rv:6e6d1a75832a2f;k1:13' },
    { name: 'th:0', ot: { threshold: 0n, others: [] }, expected: 'th:0' },
    { name: 'rv keeps its leading zeros', ot: { randomness: 1n, others: [] }, expected: 'rv:00000000000001' },
    { name: 'empty', ot: { others: [] }, expected: '' },
    { name: 'longer than 256 characters', ot: { others: [['k', 'x'.repeat(255)]] }, expected: null },
    { name: 'exactly 256 characters', ot: { others: [['k', 'x'.repeat(254)]] }, expected: `k:${'x'.repeat(254)}` },
  ];

  it.each(cases)('$name', ({ name, ot, expected }) => {
    expect(formatOtValue(ot), name).toBe(expected);
  });
});

describe('ot entry in TraceState', () => {
  it('reads the ot entry', () => {
    expect(otTraceStateOf(TraceState.parse('a=1,ot=th:8')).threshold).toBe(0x80000000000000n);
    expect(otTraceStateOf(TraceState.EMPTY)).toEqual({ others: [] });
  });

  it('writes ot and moves it to the front', () => {
    const ts = TraceState.parse('a=1,ot=rv:6e6d1a75832a2f;k1:13,b=2');
    const next = withOtTraceState(ts, { ...otTraceStateOf(ts), threshold: 0x80000000000000n });
    expect(next?.serialize()).toBe('ot=th:8;rv:6e6d1a75832a2f;k1:13,a=1,b=2');
  });

  it('removes the ot entry when it becomes empty', () => {
    const next = withOtTraceState(TraceState.parse('a=1,ot=th:8,b=2'), { others: [] });
    expect(next?.serialize()).toBe('a=1,b=2');
  });

  it('refuses a value past 256 characters', () => {
    expect(withOtTraceState(TraceState.EMPTY, { others: [['k', 'x'.repeat(300)]] })).toBeNull();
  });
});
