import { describe, expect, it } from 'vitest';
import { combine, compilePolicies, type Decision, type NamedPolicy, type PolicyBody, type TraceView } from '../../../src/sampling/tail/index.js';
import { keeps, randomnessFromTraceId, thresholdFromProbability } from '../../../src/sampling/index.js';
import { attr, newTraceId, span, type SpanSpec } from '../../collector/helpers/test-host.js';
import { TailSampler } from '../../../src/sampling/tail/tail-sampler.js';

/** Runs one policy over a trace built from span specs, through the real buffer. */
function decide(policy: PolicyBody, specs: SpanSpec[], nowMs = 0): Decision {
  const config = {
    decisionWaitMs: 1,
    numTraces: 10,
    maxBufferedSpans: 1000,
    expectedNewTracesPerSec: 0,
    sampledCacheSize: 0,
    nonSampledCacheSize: 0,
    sampleOnFirstMatch: false,
    policies: [{ name: 'p', ...policy } as NamedPolicy],
  };
  let decision: Decision | undefined;
  const s2 = new TailSampler(config, { decided: (d) => (decision = d.decisions[0]) });
  const traceId = newTraceId();
  s2.add(specs.map((s) => span({ traceId, ...s })), nowMs);
  s2.flush(nowMs);
  return decision!;
}

const ERR = { status: 2 as const };
const cases: [name: string, policy: PolicyBody, spans: SpanSpec[], expected: Decision][] = [
  ['always_sample', { type: 'always_sample' }, [{}], 'sampled'],
  ['latency: trace duration from first start to last end', { type: 'latency', thresholdMs: 100, upperThresholdMs: 0 }, [{ startMs: 0, durationMs: 10 }, { startMs: 95, durationMs: 10 }], 'sampled'],
  ['latency: below the threshold', { type: 'latency', thresholdMs: 100, upperThresholdMs: 0 }, [{ startMs: 0, durationMs: 99 }], 'not_sampled'],
  ['latency: above upper_threshold_ms', { type: 'latency', thresholdMs: 100, upperThresholdMs: 200 }, [{ startMs: 0, durationMs: 250 }], 'not_sampled'],
  ['status_code ERROR', { type: 'status_code', statusCodes: ['ERROR'] }, [{}, ERR], 'sampled'],
  ['status_code ERROR on an OK trace', { type: 'status_code', statusCodes: ['ERROR'] }, [{ status: 1 }], 'not_sampled'],
  ['string_attribute on a span', { type: 'string_attribute', key: 'tier', values: ['gold'], enabledRegexMatching: false, invertMatch: false }, [{}, { attributes: [attr('tier', 'gold')] }], 'sampled'],
  ['string_attribute on the resource', { type: 'string_attribute', key: 'service.name', values: ['cart'], enabledRegexMatching: false, invertMatch: false }, [{ service: 'cart' }], 'sampled'],
  ['string_attribute regex', { type: 'string_attribute', key: 'url', values: ['^/api/.*'], enabledRegexMatching: true, invertMatch: false }, [{ attributes: [attr('url', '/api/x')] }], 'sampled'],
  ['string_attribute ignores non-strings', { type: 'string_attribute', key: 'n', values: ['1'], enabledRegexMatching: false, invertMatch: false }, [{ attributes: [attr('n', 1)] }], 'not_sampled'],
  ['string_attribute invert, match present', { type: 'string_attribute', key: 'tier', values: ['gold'], enabledRegexMatching: false, invertMatch: true }, [{ attributes: [attr('tier', 'gold')] }], 'inverted_not_sampled'],
  ['string_attribute invert, key absent', { type: 'string_attribute', key: 'tier', values: ['gold'], enabledRegexMatching: false, invertMatch: true }, [{}], 'inverted_sampled'],
  ['numeric_attribute in range', { type: 'numeric_attribute', key: 'code', minValue: 500, maxValue: 599, invertMatch: false }, [{ attributes: [attr('code', 503)] }], 'sampled'],
  ['numeric_attribute doubles count', { type: 'numeric_attribute', key: 'x', minValue: 1.5, invertMatch: false }, [{ attributes: [attr('x', 2.5)] }], 'sampled'],
  ['numeric_attribute out of range', { type: 'numeric_attribute', key: 'code', minValue: 500, maxValue: 599, invertMatch: false }, [{ attributes: [attr('code', 200)] }], 'not_sampled'],
  ['numeric_attribute invert', { type: 'numeric_attribute', key: 'code', minValue: 500, invertMatch: true }, [{ attributes: [attr('code', 200)] }], 'inverted_sampled'],
  ['boolean_attribute', { type: 'boolean_attribute', key: 'debug', value: true, invertMatch: false }, [{ attributes: [attr('debug', true)] }], 'sampled'],
  ['boolean_attribute other value', { type: 'boolean_attribute', key: 'debug', value: true, invertMatch: false }, [{ attributes: [attr('debug', false)] }], 'not_sampled'],
  ['trace_state', { type: 'trace_state', key: 'vendor', values: ['keep'] }, [{ traceState: 'ot=th:8,vendor=keep' }], 'sampled'],
  ['trace_state other value', { type: 'trace_state', key: 'vendor', values: ['keep'] }, [{ traceState: 'vendor=drop' }], 'not_sampled'],
  ['span_count in range', { type: 'span_count', minSpans: 2, maxSpans: 3 }, [{}, {}], 'sampled'],
  ['span_count above max', { type: 'span_count', minSpans: 2, maxSpans: 3 }, [{}, {}, {}, {}], 'not_sampled'],
  ['span_count no max', { type: 'span_count', minSpans: 2, maxSpans: 0 }, [{}, {}, {}, {}], 'sampled'],
  ['probabilistic 100', { type: 'probabilistic', samplingPercentage: 100, hashSalt: '' }, [{}], 'sampled'],
  ['probabilistic 0', { type: 'probabilistic', samplingPercentage: 0, hashSalt: '' }, [{}], 'not_sampled'],
  [
    'and: every sub-policy samples',
    { type: 'and', subPolicies: [{ name: 'a', type: 'status_code', statusCodes: ['ERROR'] }, { name: 'b', type: 'span_count', minSpans: 2, maxSpans: 0 }] },
    [{}, ERR],
    'sampled',
  ],
  [
    'and: one sub-policy does not',
    { type: 'and', subPolicies: [{ name: 'a', type: 'status_code', statusCodes: ['ERROR'] }, { name: 'b', type: 'span_count', minSpans: 5, maxSpans: 0 }] },
    [{}, ERR],
    'not_sampled',
  ],
  [
    'drop: every sub-policy matches',
    { type: 'drop', subPolicies: [{ name: 'health', type: 'string_attribute', key: 'http.route', values: ['/healthz'], enabledRegexMatching: false, invertMatch: false }] },
    [{ attributes: [attr('http.route', '/healthz')] }],
    'dropped',
  ],
  [
    'drop: no match',
    { type: 'drop', subPolicies: [{ name: 'health', type: 'string_attribute', key: 'http.route', values: ['/healthz'], enabledRegexMatching: false, invertMatch: false }] },
    [{ attributes: [attr('http.route', '/cart')] }],
    'not_sampled',
  ],
];

describe('tail sampling policies', () => {
  it.each(cases)('%s', (_name, policy, specs, expected) => {
    expect(decide(policy, specs)).toBe(expected);
  });

  it('probabilistic without hash_salt keeps exactly the traces the head sampler would (R >= T)', () => {
    const { policies } = compilePolicies([{ name: 'p', type: 'probabilistic', samplingPercentage: 20, hashSalt: '' }]);
    const t = thresholdFromProbability(0.2)!;
    for (let i = 0; i < 2000; i++) {
      const traceId = newTraceId();
      const view = { traceId, spanCount: 1, durationNs: 0, statusMask: 0, traceState: '', matched: () => false } satisfies TraceView;
      expect(policies[0]!.evaluate(view, 0) === 'sampled').toBe(keeps(randomnessFromTraceId(traceId), t));
    }
  });

  it('probabilistic with hash_salt keeps about the share asked for', () => {
    const { policies } = compilePolicies([{ name: 'p', type: 'probabilistic', samplingPercentage: 30, hashSalt: 'salt' }]);
    let kept = 0;
    for (let i = 0; i < 10_000; i++) {
      const view = { traceId: newTraceId(), spanCount: 1, durationNs: 0, statusMask: 0, traceState: '', matched: () => false };
      if (policies[0]!.evaluate(view, 0) === 'sampled') kept++;
    }
    expect(kept / 10_000).toBeGreaterThan(0.28);
    expect(kept / 10_000).toBeLessThan(0.32);
  });

  it('rate_limiting keeps spans while under spans_per_second in each second', () => {
    const { policies } = compilePolicies([{ name: 'r', type: 'rate_limiting', spansPerSecond: 10 }]);
    const t = (n: number) => ({ traceId: newTraceId(), spanCount: n, durationNs: 0, statusMask: 0, traceState: '', matched: () => false });
    const r = policies[0]!;
    expect([r.evaluate(t(4), 1000), r.evaluate(t(4), 1500), r.evaluate(t(4), 1999), r.evaluate(t(1), 1999), r.evaluate(t(4), 2000)]).toEqual([
      'sampled',
      'sampled',
      'not_sampled', // 4 + 4 + 4 is not < 10
      'sampled',
      'sampled', // a new second
    ]);
  });

  it('composite: sub-policies in policy_order, each within its rate_allocation, recording the sub-policy', () => {
    const { policies } = compilePolicies([
      {
        name: 'c',
        type: 'composite',
        maxTotalSpansPerSecond: 100,
        policyOrder: ['errors', 'rest'],
        subPolicies: [
          { name: 'rest', type: 'always_sample' },
          { name: 'errors', type: 'status_code', statusCodes: ['ERROR'] },
        ],
        rateAllocation: [
          { policy: 'errors', percent: 20 },
          { policy: 'rest', percent: 50 },
        ],
      },
    ]);
    const c = policies[0]!;
    const t = (n: number, error: boolean) => ({ traceId: newTraceId(), spanCount: n, durationNs: 0, statusMask: error ? 4 : 1, traceState: '', matched: () => false });
    expect(c.evaluate(t(15, true), 0)).toBe('sampled');
    expect(c.lastSubPolicy).toBe('errors');
    // errors has 20 spans/s: 15 + 10 is over, and an error trace stops at its first matching sub-policy.
    expect(c.evaluate(t(10, true), 0)).toBe('not_sampled');
    expect(c.evaluate(t(40, false), 0)).toBe('sampled');
    expect(c.lastSubPolicy).toBe('rest');
    expect(c.evaluate(t(20, false), 0)).toBe('not_sampled'); // rest: 40 + 20 > 50
    expect(c.evaluate(t(10, true), 1000)).toBe('sampled'); // next second
  });
});

describe('combining policy decisions', () => {
  const table: [decisions: Decision[], sampled: boolean, keptBy: number][] = [
    [['not_sampled', 'sampled'], true, 1],
    [['sampled', 'dropped'], false, -1],
    [['sampled', 'inverted_not_sampled'], false, -1],
    [['inverted_sampled'], true, 0],
    [['inverted_sampled', 'not_sampled'], false, -1],
    [['inverted_sampled', 'sampled'], true, 1],
    [['not_sampled', 'not_sampled'], false, -1],
    [[], false, -1],
  ];
  it.each(table)('%j -> sampled %s, kept by %i', (decisions, sampled, keptBy) => {
    expect(combine(decisions)).toEqual({ sampled, keptBy });
  });
});

