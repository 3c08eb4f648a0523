import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPropagator } from '../../../src/propagation/composite-propagator.js';
import type { SpanContext } from '../../../src/propagation/span-context.js';
import { TraceState } from '../../../src/propagation/trace-state.js';
import {
  ConsistentProbabilitySampler,
  validateConsistentProbabilitySamplerConfig,
} from '../../../src/sampling/head/consistent-probability-sampler.js';

const id = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
/** Deterministic pseudo-random trace ids, so rate tests cannot flake. */
const traceIdAt = (i: number) => Uint8Array.from(createHash('sha256').update(`trace-${i}`).digest().subarray(0, 16));

// Randomness is the last 14 hex digits.
const R_MAX = id('0000000000000000' + '00ffffffffffffff'); // R = 2^56 - 1
const R_ZERO = id('ffffffffffffffffff00000000000000'); // R = 0
const R_HALF = id('00000000000000000080000000000000'); // R = 0x80000000000000, exactly T of p = 0.5
const R_BELOW_HALF = id('0000000000000000007fffffffffffff');
const SPAN = id('00f067aa0ba902b7');

const sampler = (probability: number) => new ConsistentProbabilitySampler({ probability });

const parent = (traceId: Uint8Array, over: Partial<SpanContext>): SpanContext => ({
  traceId,
  spanId: SPAN,
  traceFlags: 0,
  traceState: TraceState.EMPTY,
  isRemote: true,
  ...over,
});

describe('root decisions', () => {
  const cases: Array<{ name: string; p: number; traceId: Uint8Array; traceState?: string; sampled: boolean; state: string }> = [
    { name: 'p = 0.5 records th:8', p: 0.5, traceId: R_MAX, sampled: true, state: 'ot=th:8' },
    { name: 'p = 0.25 records th:c', p: 0.25, traceId: R_MAX, sampled: true, state: 'ot=th:c' },
    { name: 'p = 0.1 records th:e666', p: 0.1, traceId: R_MAX, sampled: true, state: 'ot=th:e666' },
    { name: 'p = 1 records th:0', p: 1, traceId: R_ZERO, sampled: true, state: 'ot=th:0' },
    { name: 'p = 0 never samples, even the largest R', p: 0, traceId: R_MAX, sampled: false, state: '' },
    { name: 'R equal to T is kept', p: 0.5, traceId: R_HALF, sampled: true, state: 'ot=th:8' },
    { name: 'R just below T is dropped', p: 0.5, traceId: R_BELOW_HALF, sampled: false, state: '' },
    {
      name: 'rv overrides a low trace id',
      p: 0.5,
      traceId: R_ZERO,
      traceState: 'ot=rv:ffffffffffffff',
      sampled: true,
      state: 'ot=th:8;rv:ffffffffffffff',
    },
    { name: 'rv overrides a high trace id', p: 0.5, traceId: R_MAX, traceState: 'ot=rv:00000000000000', sampled: false, state: 'ot=rv:00000000000000' },
    {
      name: 'ot moves to the front, other entries keep their order',
      p: 0.5,
      traceId: R_MAX,
      traceState: 'a=1,ot=rv:ffffffffffffff;k1:13,b=2',
      sampled: true,
      state: 'ot=th:8;rv:ffffffffffffff;k1:13,a=1,b=2',
    },
    { name: 'a stale th is erased when not sampled', p: 0.5, traceId: R_ZERO, traceState: 'a=1,ot=th:0', sampled: false, state: 'a=1' },
    { name: 'other entries untouched when not sampled', p: 0.5, traceId: R_ZERO, traceState: 'a=1,b=2', sampled: false, state: 'a=1,b=2' },
  ];

  it.each(cases)('$name', ({ name, p, traceId, traceState, sampled, state }) => {
    const r = sampler(p).shouldSample({ traceId, traceState: TraceState.parse(traceState) });
    expect(r.sampled, name).toBe(sampled);
    expect(r.traceState.serialize(), name).toBe(state);
    expect(r.basis, name).toBe('probability');
  });

  it('is deterministic: two sampler instances agree on every trace id', () => {
    const a = sampler(0.3);
    const b = sampler(0.3);
    for (let i = 0; i < 2000; i++) {
      const traceId = traceIdAt(i);
      expect(a.shouldSample({ traceId }).sampled, `trace ${i}`).toBe(b.shouldSample({ traceId }).sampled);
    }
  });

  it('is consistent: sampled at p implies sampled at every p\u2032 >= p', () => {
    const probabilities = [0, 0.001, 0.01, 0.1, 0.25, 0.3333, 0.5, 0.75, 0.9, 1];
    const samplers = probabilities.map(sampler);
    for (let i = 0; i < 2000; i++) {
      const traceId = traceIdAt(i);
      const decisions = samplers.map((s) => s.shouldSample({ traceId }).sampled);
      const first = decisions.indexOf(true);
      expect(first, `trace ${i} is sampled at p = 1`).not.toBe(-1);
      expect(decisions.slice(first).every(Boolean), `trace ${i}: ${decisions.join(',')}`).toBe(true);
    }
  });

  const rates: Array<{ name: string; p: number; tolerance: number }> = [
    { name: 'p = 0.1', p: 0.1, tolerance: 0.012 },
    { name: 'p = 0.5', p: 0.5, tolerance: 0.02 },
  ];

  it.each(rates)('observed rate over 20,000 ids is within tolerance: $name', ({ name, p, tolerance }) => {
    const s = sampler(p);
    let kept = 0;
    for (let i = 0; i < 20_000; i++) if (s.shouldSample({ traceId: traceIdAt(i) }).sampled) kept++;
    expect(Math.abs(kept / 20_000 - p), `${name}: kept ${kept}`).toBeLessThan(tolerance);
  });
});

describe('parent-based decisions', () => {
  const cases: Array<{ name: string; p: number; parent: SpanContext; sampled: boolean; state: string }> = [
    {
      name: 'sampled parent is followed even when R < T',
      p: 0.01,
      parent: parent(R_ZERO, { sampled: true, traceFlags: 1 }),
      sampled: true,
      state: '',
    },
    {
      name: 'unsampled parent is followed even when R >= T, keeping its th',
      p: 1,
      parent: parent(R_MAX, { sampled: false, traceState: TraceState.parse('ot=th:8,a=1') }),
      sampled: false,
      state: 'ot=th:8,a=1',
    },
    {
      name: 'sampled parent keeps a consistent th and its order',
      p: 0.01,
      parent: parent(R_MAX, { sampled: true, traceFlags: 1, traceState: TraceState.parse('a=1,ot=th:8') }),
      sampled: true,
      state: 'a=1,ot=th:8',
    },
    {
      name: 'sampled parent with an inconsistent th (R < T) has it erased',
      p: 1,
      parent: parent(R_ZERO, { sampled: true, traceFlags: 1, traceState: TraceState.parse('a=1,ot=th:8;rv:00000000000000;k:v') }),
      sampled: true,
      state: 'ot=rv:00000000000000;k:v,a=1',
    },
    {
      name: 'sampled parent: rv decides consistency',
      p: 0.5,
      parent: parent(R_ZERO, { sampled: true, traceFlags: 1, traceState: TraceState.parse('ot=th:8;rv:ffffffffffffff') }),
      sampled: true,
      state: 'ot=th:8;rv:ffffffffffffff',
    },
    {
      name: 'sampled parent without th gets none',
      p: 0.5,
      parent: parent(R_MAX, { sampled: true, traceFlags: 1, traceState: TraceState.parse('a=1') }),
      sampled: true,
      state: 'a=1',
    },
    {
      name: 'hand-built parent with only the sampled flag',
      p: 0,
      parent: parent(R_ZERO, { traceFlags: 1 }),
      sampled: true,
      state: '',
    },
    { name: 'B3 debug parent is kept even at p = 0', p: 0, parent: parent(R_ZERO, { sampled: true, debug: true, traceFlags: 1 }), sampled: true, state: '' },
    { name: 'B3 deny parent is dropped even at p = 1', p: 1, parent: parent(R_MAX, { sampled: false }), sampled: false, state: '' },
  ];

  it.each(cases)('$name', ({ name, p, parent: ctx, sampled, state }) => {
    const r = sampler(p).shouldSample({ traceId: ctx.traceId, parent: ctx });
    expect(r.sampled, name).toBe(sampled);
    expect(r.traceState.serialize(), name).toBe(state);
    expect(r.basis, name).toBe('upstream');
  });

  const deferred: Array<{ name: string; traceId: Uint8Array; sampled: boolean; state: string }> = [
    { name: 'B3 deferred parent, high R: this sampler keeps it', traceId: R_MAX, sampled: true, state: 'ot=th:8' },
    { name: 'B3 deferred parent, low R: this sampler drops it', traceId: R_ZERO, sampled: false, state: '' },
  ];

  it.each(deferred)('$name', ({ name, traceId, sampled, state }) => {
    const r = sampler(0.5).shouldSample({ traceId, parent: parent(traceId, {}) });
    expect(r.sampled, name).toBe(sampled);
    expect(r.traceState.serialize(), name).toBe(state);
    expect(r.basis, name).toBe('probability');
  });

  it('follows contexts extracted from real headers', () => {
    const p = createPropagator();
    const s = sampler(0.5);
    const w3c = p.extract({ traceparent: '00-ffffffffffffffffff00000000000000-00f067aa0ba902b7-01' }).context;
    const b3 = p.extract({ b3: 'ffffffffffffffffff00000000000000-00f067aa0ba902b7' }).context;
    if (w3c === null || b3 === null) throw new Error('expected contexts');
    expect(s.shouldSample({ traceId: w3c.traceId, parent: w3c }).sampled).toBe(true);
    expect(s.shouldSample({ traceId: b3.traceId, parent: b3 }).sampled).toBe(false);
  });
});

describe('id-less B3 decisions at the root', () => {
  const cases: Array<{ name: string; p: number; state: 'deny' | 'accept' | 'debug'; traceId: Uint8Array; sampled: boolean }> = [
    { name: 'b3: 0 drops even at p = 1', p: 1, state: 'deny', traceId: R_MAX, sampled: false },
    { name: 'b3: 1 keeps even at p = 0', p: 0, state: 'accept', traceId: R_ZERO, sampled: true },
    { name: 'b3: d keeps even at p = 0', p: 0, state: 'debug', traceId: R_ZERO, sampled: true },
  ];
  it.each(cases)('$name', ({ name, p, state, traceId, sampled }) => {
    const r = sampler(p).shouldSample({ traceId, samplingState: state, traceState: TraceState.parse('ot=th:0') });
    expect(r.sampled, name).toBe(sampled);
    // Not a probability decision, so no threshold is recorded.
    expect(r.traceState.serialize(), name).toBe('');
  });
});

describe('configuration', () => {
  const invalid: Array<{ name: string; probability: number; precision?: number; problem: string }> = [
    { name: 'negative probability', probability: -0.1, problem: 'probability must be a number from 0 to 1, got -0.1' },
    { name: 'probability above 1', probability: 2, problem: 'probability must be a number from 0 to 1, got 2' },
    { name: 'NaN probability', probability: Number.NaN, problem: 'probability must be a number from 0 to 1, got NaN' },
    { name: 'precision 0', probability: 0.5, precision: 0, problem: 'precision must be an integer from 1 to 14, got 0' },
    { name: 'precision 15', probability: 0.5, precision: 15, problem: 'precision must be an integer from 1 to 14, got 15' },
  ];

  it.each(invalid)('rejects: $name', ({ name, probability, precision, problem }) => {
    const config = precision === undefined ? { probability } : { probability, precision };
    expect(validateConsistentProbabilitySamplerConfig(config), name).toEqual([problem]);
    expect(() => new ConsistentProbabilitySampler(config), name).toThrow(RangeError);
  });

  it('exposes its threshold and description', () => {
    const s = new ConsistentProbabilitySampler({ probability: 0.1, precision: 3 });
    expect(s.threshold).toBe(0xe6600000000000n);
    expect(s.description).toBe('ConsistentProbabilitySampler{0.1}');
  });
});
