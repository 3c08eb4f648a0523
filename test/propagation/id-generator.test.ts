import { describe, expect, it } from 'vitest';
import { bytesToHex, isAllZero } from '../../src/model/ids.js';
import { randomSpanId, randomTraceId } from '../../src/propagation/id-generator.js';

describe('id generation', () => {
  it('makes 16-byte trace ids and 8-byte span ids, never all zero', () => {
    for (let i = 0; i < 2000; i++) {
      const t = randomTraceId();
      const s = randomSpanId();
      expect(t).toHaveLength(16);
      expect(s).toHaveLength(8);
      expect(isAllZero(t)).toBe(false);
      expect(isAllZero(s)).toBe(false);
    }
  });

  it('does not repeat across many pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(bytesToHex(randomTraceId()));
    expect(seen.size).toBe(20_000);
  });

  it('returns ids that do not alias the pool', () => {
    const a = randomSpanId();
    const copy = bytesToHex(a);
    for (let i = 0; i < 1000; i++) randomSpanId();
    expect(bytesToHex(a)).toBe(copy);
    expect(a.buffer.byteLength).toBe(8);
  });
});
