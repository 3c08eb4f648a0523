import { describe, expect, it } from 'vitest';
import { ConfigNode } from '../../../src/collector/config/config-node.js';
import { fnvHash, SpanSampler, type ProbabilisticSamplerConfig } from '../../../src/collector/processors/probabilistic-sampler/span-sampler.js';
import { probabilisticSamplerProcessorFactory } from '../../../src/collector/processors/probabilistic-sampler/factory.js';
import { keeps, parseOtValue, randomnessFromTraceId, thresholdFromProbability } from '../../../src/sampling/index.js';
import { TraceState } from '../../../src/propagation/trace-state.js';
import { attr, newTraceId, Recorder, settings, span, testHost } from '../helpers/test-host.js';

function sampler(cfg: Record<string, unknown>): SpanSampler {
  return new SpanSampler(probabilisticSamplerProcessorFactory.parseConfig(ConfigNode.of(cfg, 'p')) as ProbabilisticSamplerConfig);
}

describe('probabilistic_sampler', () => {
  it('FNV-1a 32 matches the reference vectors (seed bytes first, little-endian)', () => {
    // FNV-1a("") = 0x811c9dc5; with 4 zero seed bytes the hash of "" is FNV-1a of 00000000.
    expect(fnvHash(new Uint8Array([]), 0)).toBe(0x4b95f515);
    expect(fnvHash(new Uint8Array([0x61]), 0)).not.toBe(fnvHash(new Uint8Array([0x61]), 1));
  });

  const modes: [mode: string, pct: number][] = [
    ['hash_seed', 10],
    ['hash_seed', 50],
    ['proportional', 10],
    ['proportional', 50],
    ['equalizing', 25],
  ];
  it.each(modes)('%s at %i percent keeps about that share of traces, the same decision for every span of a trace', (mode, pct) => {
    const s = sampler({ mode, sampling_percentage: pct, hash_seed: mode === 'hash_seed' ? 22 : 0 });
    let kept = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const traceId = newTraceId();
      const a = s.decide(span({ traceId })).keep;
      expect(s.decide(span({ traceId })).keep).toBe(a);
      if (a) kept++;
    }
    expect(kept / n).toBeGreaterThan(pct / 100 - 0.015);
    expect(kept / n).toBeLessThan(pct / 100 + 0.015);
  });

  it('proportional mode keeps exactly the traces OTEP 235 keeps (R >= T) and records th in tracestate', () => {
    const s = sampler({ mode: 'proportional', sampling_percentage: 25 });
    const t = thresholdFromProbability(0.25)!;
    for (let i = 0; i < 2000; i++) {
      const traceId = newTraceId();
      const d = s.decide(span({ traceId, traceState: 'vendor=x' }));
      expect(d.keep).toBe(keeps(randomnessFromTraceId(traceId), t));
      if (d.keep) {
        const ts = TraceState.parse(d.span.traceState);
        expect(parseOtValue(ts.get('ot')!).threshold).toBe(t);
        expect(ts.get('vendor')).toBe('x');
      }
    }
  });

  it('proportional mode multiplies an incoming probability: 50% of a 50% head sample keeps 25% overall, with th for 25%', () => {
    const s = sampler({ mode: 'proportional', sampling_percentage: 50 });
    const th50 = thresholdFromProbability(0.5)!;
    const th25 = thresholdFromProbability(0.25)!;
    let upstream = 0;
    let kept = 0;
    for (let i = 0; i < 20_000; i++) {
      const traceId = newTraceId();
      if (!keeps(randomnessFromTraceId(traceId), th50)) continue; // dropped by the head sampler
      upstream++;
      const d = s.decide(span({ traceId, traceState: 'ot=th:8' }));
      if (!d.keep) continue;
      kept++;
      expect(parseOtValue(TraceState.parse(d.span.traceState).get('ot')!).threshold).toBe(th25);
    }
    expect(kept / upstream).toBeGreaterThan(0.47);
    expect(kept / upstream).toBeLessThan(0.53);
  });

  it('sampling.priority overrides the percentage: > 0 keeps, 0 drops', () => {
    const none = sampler({ sampling_percentage: 0 });
    expect(none.decide(span({ attributes: [attr('sampling.priority', 1)] })).keep).toBe(true);
    const all = sampler({ sampling_percentage: 100 });
    expect(all.decide(span({ attributes: [attr('sampling.priority', 0)] })).keep).toBe(false);
  });

  it('drops what it does not keep and counts both on /metrics', async () => {
    const host = testHost();
    const next = new Recorder();
    const p = probabilisticSamplerProcessorFactory.createTraces!(
      settings(host, 'probabilistic_sampler'),
      probabilisticSamplerProcessorFactory.parseConfig(ConfigNode.of({ sampling_percentage: 50 }, 'p')),
      next,
    );
    const spans = Array.from({ length: 1000 }, () => span());
    await p.consumeTraces(spans);
    const text = await host.metrics.registry.metrics();
    const m = (sampled: string): number => Number(new RegExp(`otelcol_processor_probabilistic_sampler_count_traces_sampled_total\\{policy="trace_id_hash",sampled="${sampled}"\\} (\\d+)`).exec(text)?.[1]);
    expect(m('true')).toBe(next.spans.length);
    expect(m('true') + m('false')).toBe(1000);
  });
});
