/**
 * The `probabilistic_sampler` processor (traces), the Collector's
 * probabilisticsamplerprocessor: keeps a share of traces by trace id, consistently
 * across collectors. Its decisions feed the sampling trade-off counters (head sampler).
 */
import type { Counter } from 'prom-client';
import type { Span } from '../../../model/index.js';
import type { CreateSettings, ProcessorFactory, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import type { TracesConsumer } from '../../consumer.js';
import { SpanSampler, type ProbabilisticSamplerConfig } from './span-sampler.js';

function parseConfig(node: ConfigNode): ProbabilisticSamplerConfig {
  const samplingPercentage = node.number('sampling_percentage', 0, { min: 0 });
  if (samplingPercentage > 0 && samplingPercentage / 100 < 2 ** -56) node.fail('sampling_percentage', `sampling rate is too small: ${samplingPercentage}%`);
  const hashSeed = node.int('hash_seed', 0, 0, 0xffffffff);
  const mode = node.string('mode', '');
  if (mode !== '' && mode !== 'hash_seed' && mode !== 'proportional' && mode !== 'equalizing') {
    node.fail('mode', `unsupported sampler mode '${mode}'; use hash_seed, proportional or equalizing`);
  }
  // Log-record options of the Collector's sampler; they do not apply to traces.
  node.accept('attribute_source', 'from_attribute', 'sampling_priority');
  return {
    samplingPercentage,
    hashSeed,
    mode: mode === '' ? 'hash_seed' : mode,
    failClosed: node.bool('fail_closed', true),
    samplingPrecision: node.int('sampling_precision', 4, 1, 14),
  };
}

class ProbabilisticSamplerProcessor implements TracesComponent {
  private readonly sampler: SpanSampler;
  private readonly counted: Counter<'policy' | 'sampled'>;

  constructor(
    private readonly set: CreateSettings,
    config: ProbabilisticSamplerConfig,
    private readonly next: TracesConsumer,
  ) {
    this.sampler = new SpanSampler(config);
    this.counted = set.host.telemetry.counter(
      'otelcol_processor_probabilistic_sampler_count_traces_sampled_total',
      'Count of spans that were sampled or not, per decision basis',
      ['policy', 'sampled'],
    );
  }

  async start(): Promise<void> {}
  async shutdown(): Promise<void> {}

  consumeTraces(spans: readonly Span[]): Promise<void> {
    const kept: Span[] = [];
    const insight = this.set.host.insight;
    for (const s of spans) {
      const d = this.sampler.decide(s);
      this.counted.inc({ policy: d.basis, sampled: String(d.keep) });
      insight.headDecision(this.set.idText, s, d.keep);
      if (d.keep) kept.push(d.span);
    }
    return kept.length > 0 ? this.next.consumeTraces(kept) : Promise.resolve();
  }
}

export const probabilisticSamplerProcessorFactory: ProcessorFactory<ProbabilisticSamplerConfig> = {
  kind: 'processor',
  type: 'probabilistic_sampler',
  parseConfig,
  createTraces: (set, config, next) => new ProbabilisticSamplerProcessor(set, config, next),
};
