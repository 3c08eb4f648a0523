/**
 * The `tail_sampling` processor (traces), the Collector's tailsamplingprocessor over
 * Ariadne's tail sampler (src/sampling/tail): decision_wait, num_traces,
 * expected_new_traces_per_sec, decision_cache and every policy type. Its decisions
 * feed the sampling trade-off counters and the what-if ring.
 */
import type { Counter, Gauge, Histogram } from 'prom-client';
import type { Span } from '../../../model/index.js';
import { TailSampler, type TailSamplerConfig } from '../../../sampling/tail/index.js';
import type { CreateSettings, ProcessorFactory, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import type { TracesConsumer } from '../../consumer.js';
import { parsePolicies } from './policy-config.js';

function parseConfig(node: ConfigNode): TailSamplerConfig {
  const cache = node.section('decision_cache');
  return {
    decisionWaitMs: node.duration('decision_wait', 30_000, { positive: true }),
    numTraces: node.int('num_traces', 50_000, 1),
    maxBufferedSpans: node.int('max_buffered_spans', 1_000_000, 1),
    expectedNewTracesPerSec: node.int('expected_new_traces_per_sec', 0, 0),
    sampledCacheSize: cache.int('sampled_cache_size', 0, 0),
    nonSampledCacheSize: cache.int('non_sampled_cache_size', 0, 0),
    sampleOnFirstMatch: node.bool('sample_on_first_match', false),
    policies: parsePolicies(node),
  };
}

const P = 'otelcol_processor_tail_sampling_';

class TailSamplingProcessor implements TracesComponent {
  readonly sampler: TailSampler;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private stopping: Promise<void> | undefined;
  private readonly onMemory: Gauge<'processor'>;
  private readonly spansOnMemory: Gauge<'processor'>;
  private readonly timerLatency: Histogram<'processor'>;
  private readonly dropped: Counter<'processor' | 'reason'>;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: TailSamplerConfig,
    private readonly next: TracesConsumer,
  ) {
    const t = set.host.telemetry;
    const processor = set.idText;
    const traces = t.counter(`${P}count_traces_sampled_total`, 'Count of traces that were sampled or not per sampling policy', ['processor', 'policy', 'sampled', 'decision']);
    const spans = t.counter(`${P}count_spans_sampled_total`, 'Count of spans that were sampled or not per sampling policy', ['processor', 'policy', 'sampled', 'decision']);
    const global = t.counter(`${P}global_count_traces_sampled_total`, 'Global count of traces that were sampled or not by at least one policy', ['processor', 'sampled', 'decision']);
    const newTraces = t.counter(`${P}new_trace_id_received_total`, 'Counts the arrival of new traces', ['processor']);
    const early = t.counter('ariadne_tail_sampling_traces_decided_early_total', 'Traces decided before decision_wait because num_traces or max_buffered_spans was reached', ['processor', 'reason']);
    const cacheRelease = t.counter(`${P}early_releases_from_cache_decision_total`, 'Spans released at once because their trace was already decided (decision cache hit)', ['processor', 'sampled']);
    const lateAge = t.histogram(`${P}sampling_late_span_age`, 'Time (in seconds) from the sampling decision to the arrival of a late span', ['processor'], [1, 2, 5, 10, 30, 60, 300, 600]);
    this.onMemory = t.gauge(`${P}sampling_traces_on_memory`, 'Tracks the number of traces current on memory', ['processor']);
    this.spansOnMemory = t.gauge('ariadne_tail_sampling_spans_on_memory', 'Spans waiting for their trace decision', ['processor']);
    t.gauge('ariadne_tail_sampling_num_traces_capacity', 'num_traces: most traces waiting', ['processor']).set({ processor }, config.numTraces);
    t.gauge('ariadne_tail_sampling_max_buffered_spans_capacity', 'max_buffered_spans: most spans waiting', ['processor']).set({ processor }, config.maxBufferedSpans);
    this.timerLatency = t.histogram(`${P}sampling_decision_timer_latency`, 'Latency (in milliseconds) of each run of the sampling decision timer', ['processor'], [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000]);
    this.dropped = t.counter('ariadne_processor_dropped_items_total', 'Items a processor dropped, per reason (the next component failed, a sampler decided)', ['processor', 'reason']);

    // Bound label children once: decisions happen thousands of times a second.
    const children = new Map<string, { traces: ReturnType<typeof traces.labels>; spans: ReturnType<typeof spans.labels> }>();
    const child = (policy: string, decision: string) => {
      const k = `${policy}\u0000${decision}`;
      let c = children.get(k);
      if (!c) {
        const labels = { processor, policy, sampled: String(decision === 'sampled'), decision };
        children.set(k, (c = { traces: traces.labels(labels), spans: spans.labels(labels) }));
      }
      return c;
    };
    const policies = config.policies.map((p) => p.name);
    const insight = set.host.insight;
    const newTrace = newTraces.labels({ processor });
    const globalSampled = global.labels({ processor, sampled: 'true', decision: 'sampled' });
    const globalNot = global.labels({ processor, sampled: 'false', decision: 'not_sampled' });
    const globalDropped = global.labels({ processor, sampled: 'false', decision: 'dropped' });
    const notSampled = this.dropped.labels({ processor, reason: 'not_sampled' });
    this.sampler = new TailSampler(config, {
      newTrace: () => newTrace.inc(),
      late: (n, sampled, ageMs) => {
        cacheRelease.inc({ processor, sampled: String(sampled) }, n);
        lateAge.observe({ processor }, ageMs / 1000);
      },
      decided: (d) => {
        const n = d.trace.spanCount;
        d.decisions.forEach((dec, i) => {
          const label = dec === 'sampled' || dec === 'inverted_sampled' ? 'sampled' : dec === 'dropped' ? 'dropped' : 'not_sampled';
          const c = child(policies[i]!, label);
          c.traces.inc();
          c.spans.inc(n);
        });
        (d.final.sampled ? globalSampled : d.decisions.includes('dropped') ? globalDropped : globalNot).inc();
        if (d.reason === 'num_traces' || d.reason === 'max_buffered_spans') early.inc({ processor, reason: d.reason });
        if (!d.final.sampled) notSampled.inc(n);
        insight.tailDecision(processor, this.sampler, d);
      },
    });
    insight.registerTailSampler(processor, this.sampler);
  }

  async start(): Promise<void> {
    const every = Math.min(1000, Math.max(10, this.config.decisionWaitMs / 10));
    this.timer = setInterval(() => {
      const t0 = performance.now();
      this.forward(this.sampler.tick(Date.now()));
      this.timerLatency.observe({ processor: this.set.idText }, performance.now() - t0);
      this.gauges();
    }, every);
    this.timer.unref();
  }

  private gauges(): void {
    this.onMemory.set({ processor: this.set.idText }, this.sampler.tracesWaiting);
    this.spansOnMemory.set({ processor: this.set.idText }, this.sampler.spansWaiting);
  }

  private forward(spans: Span[]): void {
    if (spans.length === 0) return;
    const p = this.next.consumeTraces(spans).then(
      () => {},
      (err: unknown) => {
        this.dropped.inc({ processor: this.set.idText, reason: 'export_failed' }, spans.length);
        this.set.host.log(`processor ${this.set.idText}: dropped ${spans.length} sampled spans: ${(err as Error)?.message ?? String(err)}`);
      },
    );
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  async consumeTraces(spans: readonly Span[]): Promise<void> {
    const now = this.sampler.add(spans, Date.now());
    this.gauges();
    if (now.length > 0) await this.next.consumeTraces(now);
  }

  /** Decides every waiting trace now (their wait is cut short) and waits for the kept ones to leave. */
  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.timer) clearInterval(this.timer);
      this.forward(this.sampler.flush(Date.now()));
      this.gauges();
      while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    })();
    return this.stopping;
  }
}

export const tailSamplingProcessorFactory: ProcessorFactory<TailSamplerConfig> = {
  kind: 'processor',
  type: 'tail_sampling',
  parseConfig,
  createTraces: (set, config, next) => new TailSamplingProcessor(set, config, next),
};
