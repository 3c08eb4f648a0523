import { describe, expect, it } from 'vitest';
import { TraceState } from '../../src/propagation/trace-state.js';
import { randomnessOf } from '../../src/sampling/randomness.js';
import { formatRandomness, parseRandomness, randomnessFromTraceId } from '../../src/sampling/randomness-value.js';
import { keeps, thresholdFromProbability } from '../../src/sampling/threshold.js';

const id = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

describe('randomness', () => {
  it('takes the least-significant 56 bits (last 7 bytes) of the trace id', () => {
    expect(randomnessFromTraceId(id('4bf92f3577b34da6a3ce929d0e0e4736'))).toBe(0xa3ce929d0e0e4736n & ((1n << 56n) - 1n));
    expect(randomnessFromTraceId(id('4bf92f3577b34da6a3ce929d0e0e4736'))).toBe(0xce929d0e0e4736n);
    expect(randomnessFromTraceId(id('ffffffffffffffffff00000000000000'))).toBe(0n);
  });

  const rvs: Array<{ name: string; rv: string; expected: bigint | null }> = [
    { name: 'spec example', rv: '6e6d1a75832a2f', expected: 0x6e6d1a75832a2fn },
    { name: 'all zeros', rv: '00000000000000', expected: 0n },
    { name: '13 digits', rv: '6e6d1a75832a2', expected: null },
    { name: '15 digits', rv: '6e6d1a75832a2f0', expected: null },
    { name: 'uppercase', rv: '6E6D1A75832A2F', expected: null },
    { name: 'empty', rv: '', expected: null },
  ];
  it.each(rvs)('parse rv: $name', ({ name, rv, expected }) => {
    expect(parseRandomness(rv), name).toBe(expected);
  });

  it('formats rv as exactly 14 digits', () => {
    expect(formatRandomness(0x6e6d1a75832a2fn)).toBe('6e6d1a75832a2f');
    expect(formatRandomness(15n)).toBe('0000000000000f');
    expect(formatRandomness(1n << 56n)).toBeNull();
  });

  const sources: Array<{ name: string; traceState: string; expected: bigint }> = [
    { name: 'explicit rv overrides the trace id', traceState: 'ot=rv:6e6d1a75832a2f', expected: 0x6e6d1a75832a2fn },
    { name: 'rv next to th and other entries', traceState: 'a=1,ot=th:8;rv:00000000000001', expected: 1n },
    { name: 'no ot entry: trace id', traceState: 'a=1', expected: 0xce929d0e0e4736n },
    { name: 'invalid rv: trace id', traceState: 'ot=rv:XYZ', expected: 0xce929d0e0e4736n },
  ];
  it.each(sources)('randomnessOf: $name', ({ name, traceState, expected }) => {
    expect(randomnessOf(id('4bf92f3577b34da6a3ce929d0e0e4736'), TraceState.parse(traceState)), name).toBe(expected);
  });

  it('spec rv example: kept exactly at thresholds 0x6e6d1a75832a2f through 0', () => {
    const r = 0x6e6d1a75832a2fn;
    expect(keeps(r, r)).toBe(true);
    expect(keeps(r, r + 1n)).toBe(false);
    // T <= R iff p >= 1 - R / 2^56, about 0.5687.
    const high = thresholdFromProbability(0.57, 14);
    const low = thresholdFromProbability(0.56, 14);
    expect(high !== null && keeps(r, high)).toBe(true);
    expect(low !== null && keeps(r, low)).toBe(false);
  });
});
