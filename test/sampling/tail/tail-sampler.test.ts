import { describe, expect, it } from 'vitest';
import { TailSampler, type DecidedTrace, type NamedPolicy, type TailSamplerConfig } from '../../../src/sampling/tail/index.js';
import type { Span } from '../../../src/model/index.js';
import { attr, newTraceId, span } from '../../collector/helpers/test-host.js';

const POLICIES: NamedPolicy[] = [
  { name: 'errors', type: 'status_code', statusCodes: ['ERROR'] },
  { name: 'gold', type: 'string_attribute', key: 'tier', values: ['gold'], enabledRegexMatching: false, invertMatch: false },
];

function sampler(over: Partial<TailSamplerConfig> = {}) {
  const decided: DecidedTrace[] = [];
  const late: [number, boolean][] = [];
  const s = new TailSampler(
    {
      decisionWaitMs: 1000,
      numTraces: 100,
      maxBufferedSpans: 10_000,
      expectedNewTracesPerSec: 0,
      sampledCacheSize: 0,
      nonSampledCacheSize: 0,
      sampleOnFirstMatch: false,
      policies: POLICIES,
      ...over,
    },
    { decided: (d) => void decided.push(d), late: (n, sampled) => void late.push([n, sampled]) },
  );
  return { s, decided, late };
}

const policyOf = (sp: Span) => sp.attributes.find((a) => a.key === 'tailsampling.policy')?.value;
const hex = (id: Uint8Array) => Buffer.from(id).toString('hex');

describe('tail sampler', () => {
  it('decides a trace decision_wait after its first span, on all its spans, recording the policy that kept it', () => {
    const { s } = sampler();
    const kept = newTraceId();
    const dropped = newTraceId();
    expect(s.add([span({ traceId: kept }), span({ traceId: dropped })], 0)).toEqual([]);
    expect(s.add([span({ traceId: kept, status: 2, attributes: [attr('tier', 'gold')] }), span({ traceId: dropped })], 500)).toEqual([]);
    expect(s.tick(999)).toEqual([]);
    const out = s.tick(1000);
    expect(out.map((x) => hex(x.traceId))).toEqual([hex(kept), hex(kept)]);
    // Both policies sample it; the first in config order is recorded.
    for (const x of out) expect(policyOf(x)).toEqual({ type: 'string', value: 'errors' });
    expect(s.tracesWaiting).toBe(0);
    expect(s.spansWaiting).toBe(0);
  });

  it('late spans follow the cached decision: kept ones go on at once, dropped ones are dropped', () => {
    const { s, late } = sampler();
    const kept = newTraceId();
    const dropped = newTraceId();
    s.add([span({ traceId: kept, status: 2 }), span({ traceId: dropped })], 0);
    s.tick(2000);
    const out = s.add([span({ traceId: kept, name: 'late' }), span({ traceId: dropped, name: 'late' })], 3000);
    expect(out.map((x) => [hex(x.traceId), x.name])).toEqual([[hex(kept), 'late']]);
    expect(policyOf(out[0]!)).toEqual({ type: 'string', value: 'errors' });
    expect(late).toEqual([
      [1, true],
      [1, false],
    ]);
    expect(s.tracesWaiting).toBe(0);
  });

  it('without a cached decision a late span starts a new trace (decision_cache sizes bound memory)', () => {
    const { s } = sampler({ numTraces: 100, sampledCacheSize: 1 });
    const a = newTraceId();
    const b = newTraceId();
    s.add([span({ traceId: a, status: 2 }), span({ traceId: b, status: 2 })], 0);
    s.tick(2000); // both kept; the cache of 1 remembers only b
    expect(s.add([span({ traceId: a })], 2500)).toEqual([]);
    expect(s.tracesWaiting).toBe(1);
    expect(s.add([span({ traceId: b })], 2500)).toHaveLength(1);
  });

  it('num_traces is a hard bound: the oldest waiting trace is decided early, and counted as such', () => {
    const { s, decided } = sampler({ numTraces: 3 });
    const ids = Array.from({ length: 5 }, newTraceId);
    ids.forEach((id, i) => s.add([span({ traceId: id, status: i === 0 ? 2 : 0 })], i));
    expect(s.tracesWaiting).toBe(3);
    expect(decided.map((d) => [hex(d.trace.traceId), d.reason, d.final.sampled])).toEqual([
      [hex(ids[0]!), 'num_traces', true],
      [hex(ids[1]!), 'num_traces', false],
    ]);
  });

  it('max_buffered_spans bounds the spans waiting the same way', () => {
    const { s, decided } = sampler({ maxBufferedSpans: 10 });
    for (let i = 0; i < 5; i++) {
      const traceId = newTraceId();
      s.add(Array.from({ length: 4 }, () => span({ traceId })), i);
    }
    expect(s.spansWaiting).toBeLessThanOrEqual(10);
    expect(decided.every((d) => d.reason === 'max_buffered_spans')).toBe(true);
    expect(decided).toHaveLength(3);
  });

  it('flush decides everything at shutdown', () => {
    const { s, decided } = sampler();
    s.add([span({ status: 2 }), span()], 0);
    expect(s.flush(1)).toHaveLength(1);
    expect(decided.map((d) => d.reason)).toEqual(['shutdown', 'shutdown']);
  });
});
