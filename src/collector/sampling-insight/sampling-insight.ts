/**
 * The sampling trade-off made visible. Every span a receiver takes is folded into a
 * summary of its trace; the head sampler (probabilistic_sampler) and tail sampler
 * (tail_sampling) report what they did with it. When a trace is complete (its tail
 * decision, or `summary_wait` after its last span) its summary goes into a bounded ring
 * and the counters below are updated:
 *
 *   ariadne_sampling_traces_total{sampler, policy, outcome=seen|kept|dropped}
 *   ariadne_sampling_spans_total{sampler, policy, outcome}
 *   ariadne_sampling_bytes_kept_total{sampler, policy}
 *   ariadne_sampling_error_traces_total{sampler, policy, outcome=seen|kept}
 *   ariadne_sampling_slow_traces_total{sampler, policy, outcome=seen|kept}
 *
 * `sampler` is the processor id; `policy` is `(all)` for a sampler's decision and, for a
 * tail sampler, each policy's own vote. The ring feeds GET /api/v1/sampling and
 * POST /api/v1/sampling/what-if (http-api.ts).
 */
import type { Counter, Gauge, Registry } from 'prom-client';
import type { AnyValue, Attributes, Span } from '../../model/index.js';
import { serviceNameOf } from '../../model/index.js';
import type { DecidedTrace, NamedPolicy, TailSampler } from '../../sampling/tail/index.js';
import { Telemetry } from '../telemetry.js';
import { traceKey } from '../../sampling/tail/trace-key.js';
import { addValue, durationMs, isError, SummaryRing, type TraceSummary } from './summary.js';

export interface SamplingInsightConfig {
  /** A trace at least this long is slow (coverage); default 1000 ms. */
  readonly slowThresholdMs: number;
  /** Summaries kept for what-if; default 10000. */
  readonly ringSize: number;
  /** How long after its last span a trace no tail sampler decides is complete; default 5s. */
  readonly summaryWaitMs: number;
  /** Most traces being summarized at once; the oldest are completed early past it. Default 20000. */
  readonly maxOpenTraces: number;
  /** Attribute keys kept in summaries besides those the tail policies read. */
  readonly attributeKeys: readonly string[];
}

export const DEFAULT_INSIGHT_CONFIG: SamplingInsightConfig = {
  slowThresholdMs: 1000,
  ringSize: 10_000,
  summaryWaitMs: 5000,
  maxOpenTraces: 20_000,
  attributeKeys: [],
};

export const ALL = '(all)';

interface Open {
  readonly summary: TraceSummary;
  lastSeenMs: number;
}


function valueBytes(v: AnyValue): number {
  switch (v.type) {
    case 'string':
      return v.value.length + 2;
    case 'bytes':
      return v.value.length + 2;
    case 'array':
      return v.value.reduce((n, x) => n + valueBytes(x) + 2, 2);
    case 'kvlist':
      return attrBytes(v.value);
    default:
      return 9;
  }
}

function attrBytes(a: Attributes): number {
  let n = 0;
  for (const kv of a) n += 6 + kv.key.length + valueBytes(kv.value);
  return n;
}

/** About the span's OTLP protobuf size: the cost a kept span adds to storage. */
export function estimateSpanBytes(s: Span): number {
  let n = 64 + s.name.length + s.traceState.length + s.statusMessage.length + attrBytes(s.attributes);
  for (const e of s.events) n += 16 + e.name.length + attrBytes(e.attributes);
  for (const l of s.links) n += 40 + l.traceState.length + attrBytes(l.attributes);
  return n;
}

export class SamplingInsight {
  config: SamplingInsightConfig = DEFAULT_INSIGHT_CONFIG;
  ring = new SummaryRing(DEFAULT_INSIGHT_CONFIG.ringSize);
  private readonly open = new Map<string, Open>();
  private readonly tailSamplers = new Map<string, TailSampler>();
  private readonly headSamplers = new Set<string>();
  private trackedKeys = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly traces: Counter<'sampler' | 'policy' | 'outcome'>;
  private readonly spans: Counter<'sampler' | 'policy' | 'outcome'>;
  private readonly bytesKept: Counter<'sampler' | 'policy'>;
  private readonly errors: Counter<'sampler' | 'policy' | 'outcome'>;
  private readonly slow: Counter<'sampler' | 'policy' | 'outcome'>;
  private readonly openGauge: Gauge;
  private readonly closedEarly: Counter;
  /** Counters only when a sampler exists; the ring always. */
  readonly telemetry: Telemetry;

  constructor(registry: Registry) {
    const t = (this.telemetry = new Telemetry(registry));
    this.traces = t.counter('ariadne_sampling_traces_total', 'Traces seen, kept and dropped, per sampler and policy ((all) is the sampler decision)', ['sampler', 'policy', 'outcome']);
    this.spans = t.counter('ariadne_sampling_spans_total', 'Spans of traces seen, kept and dropped, per sampler and policy', ['sampler', 'policy', 'outcome']);
    this.bytesKept = t.counter('ariadne_sampling_bytes_kept_total', 'Estimated bytes (OTLP) of kept traces, per sampler and policy', ['sampler', 'policy']);
    this.errors = t.counter('ariadne_sampling_error_traces_total', 'Traces with an error span, seen and kept (coverage), per sampler and policy', ['sampler', 'policy', 'outcome']);
    this.slow = t.counter('ariadne_sampling_slow_traces_total', 'Traces at least slow_threshold long, seen and kept (coverage), per sampler and policy', ['sampler', 'policy', 'outcome']);
    this.openGauge = t.gauge('ariadne_sampling_open_traces', 'Traces being summarized (bounded by max_open_traces)', []);
    this.closedEarly = t.counter('ariadne_sampling_summaries_closed_early_total', 'Trace summaries completed early because max_open_traces was reached', []);
    t.gauge('ariadne_sampling_ring_capacity', 'Trace summaries kept for what-if (ring_size)', []).set(DEFAULT_INSIGHT_CONFIG.ringSize);
  }

  configure(config: SamplingInsightConfig): void {
    this.config = config;
    this.ring = new SummaryRing(config.ringSize);
    this.telemetry.gauge('ariadne_sampling_ring_capacity', 'Trace summaries kept for what-if (ring_size)', []).set(config.ringSize);
    this.updateTrackedKeys();
  }

  private updateTrackedKeys(): void {
    const keys = new Set<string>(['service.name', ...this.config.attributeKeys]);
    for (const s of this.tailSamplers.values()) for (const p of s.predicates) for (const k of p.keys) keys.add(k);
    this.trackedKeys = keys;
  }

  registerTailSampler(processor: string, sampler: TailSampler): void {
    this.tailSamplers.set(processor, sampler);
    this.updateTrackedKeys();
  }

  get trackedKeySet(): ReadonlySet<string> {
    return this.trackedKeys;
  }

  /** The policies a registered tail sampler runs. */
  tailPolicies(processor: string): NamedPolicy[] | undefined {
    const t = this.tailSamplers.get(processor);
    return t ? [...t.config.policies] : undefined;
  }

  get tailSamplerNames(): string[] {
    return [...this.tailSamplers.keys()];
  }

  get headSamplerNames(): string[] {
    return [...this.headSamplers];
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.closeDue(Date.now()), Math.min(1000, Math.max(50, this.config.summaryWaitMs / 4)));
    this.timer.unref();
  }

  /** Every span a receiver accepted. */
  observe(spans: readonly Span[], nowMs = Date.now()): void {
    if (spans.length === 0) return;
    this.ensureTimer();
    const keys = this.trackedKeys;
    for (const s of spans) {
      const key = traceKey(s.traceId);
      let o = this.open.get(key);
      if (!o) {
        while (this.open.size >= this.config.maxOpenTraces) {
          const oldest = this.open.keys().next().value as string;
          this.closedEarly.inc();
          this.close(oldest);
        }
        o = {
          summary: {
            traceId: s.traceId,
            firstSeenMs: nowMs,
            spanCount: 0,
            bytes: 0,
            minStart: Infinity,
            maxEnd: -Infinity,
            statusMask: 0,
            traceState: '',
            rootService: undefined,
            rootName: undefined,
            firstService: serviceNameOf(s.resource),
            attributes: new Map(),
          },
          lastSeenMs: nowMs,
        };
        this.open.set(key, o);
      }
      o.lastSeenMs = nowMs;
      const t = o.summary;
      t.spanCount++;
      t.bytes += estimateSpanBytes(s);
      const start = Number(s.startTimeUnixNano);
      const end = Number(s.endTimeUnixNano);
      if (start < t.minStart) t.minStart = start;
      if (end > t.maxEnd) t.maxEnd = end;
      t.statusMask |= 1 << s.statusCode;
      if (t.traceState === '' && s.traceState !== '') t.traceState = s.traceState;
      if (s.parentSpanId.length === 0 && t.rootName === undefined) {
        t.rootName = s.name;
        t.rootService = serviceNameOf(s.resource);
      }
      for (const k of keys) {
        for (const kv of s.attributes) if (kv.key === k) addValue(t, k, kv.value);
        for (const kv of s.resource.attributes) if (kv.key === k) addValue(t, k, kv.value);
      }
    }
    this.openGauge.set(this.open.size);
  }

  /** A head sampler's decision on one span. */
  headDecision(sampler: string, s: Span, kept: boolean): void {
    this.headSamplers.add(sampler);
    const o = this.open.get(traceKey(s.traceId));
    if (!o) return;
    const h = o.summary.head;
    if (!h) o.summary.head = { sampler, kept };
    else h.kept ||= kept;
  }

  /** A tail sampler's decision: the trace is complete. */
  tailDecision(sampler: string, tail: TailSampler, d: DecidedTrace): void {
    const t = d.trace;
    const slow = t.durationNs >= this.config.slowThresholdMs * 1e6;
    const error = (t.statusMask & 4) !== 0;
    const votes: Record<string, boolean> = {};
    tail.policies.forEach((p, i) => {
      const dec = d.decisions[i];
      if (dec === undefined) return;
      const kept = dec === 'sampled' || dec === 'inverted_sampled';
      votes[p.name] = kept;
      this.count(sampler, p.name, kept, t.spanCount, t.bytes, error, slow);
    });
    this.count(sampler, ALL, d.final.sampled, t.spanCount, t.bytes, error, slow);
    const key = t.key;
    const o = this.open.get(key);
    if (o) {
      o.summary.tail = { sampler, kept: d.final.sampled, ...(d.policy ? { policy: d.policy } : {}), votes };
      this.close(key);
    }
  }

  /** Label children per (sampler, policy), bound once: counting happens per trace and policy. */
  private readonly children = new Map<string, ReturnType<SamplingInsight['bind']>>();

  private bind(sampler: string, policy: string) {
    const l = (outcome: string) => ({ sampler, policy, outcome });
    return {
      tracesSeen: this.traces.labels(l('seen')),
      tracesKept: this.traces.labels(l('kept')),
      tracesDropped: this.traces.labels(l('dropped')),
      spansSeen: this.spans.labels(l('seen')),
      spansKept: this.spans.labels(l('kept')),
      spansDropped: this.spans.labels(l('dropped')),
      bytesKept: this.bytesKept.labels({ sampler, policy }),
      errorSeen: this.errors.labels(l('seen')),
      errorKept: this.errors.labels(l('kept')),
      slowSeen: this.slow.labels(l('seen')),
      slowKept: this.slow.labels(l('kept')),
    };
  }

  private count(sampler: string, policy: string, kept: boolean, spans: number, bytes: number, error: boolean, slow: boolean): void {
    const k = `${sampler}\u0000${policy}`;
    let c = this.children.get(k);
    if (!c) this.children.set(k, (c = this.bind(sampler, policy)));
    c.tracesSeen.inc();
    c.spansSeen.inc(spans);
    if (kept) {
      c.tracesKept.inc();
      c.spansKept.inc(spans);
      c.bytesKept.inc(bytes);
    } else {
      c.tracesDropped.inc();
      c.spansDropped.inc(spans);
    }
    if (error) {
      c.errorSeen.inc();
      if (kept) c.errorKept.inc();
    }
    if (slow) {
      c.slowSeen.inc();
      if (kept) c.slowKept.inc();
    }
  }

  private close(key: string): void {
    const o = this.open.get(key);
    if (!o) return;
    this.open.delete(key);
    const s = o.summary;
    if (s.head) {
      this.count(s.head.sampler, ALL, s.head.kept, s.spanCount, s.bytes, isError(s), durationMs(s) >= this.config.slowThresholdMs);
    }
    this.ring.push(s);
  }

  /**
   * Completes summaries whose last span is summary_wait old. A trace that a tail sampler
   * will decide waits for that decision (up to its decision_wait plus summary_wait).
   */
  closeDue(nowMs: number): void {
    const waitTail = Math.max(0, ...[...this.tailSamplers.values()].map((t) => t.config.decisionWaitMs));
    for (const [key, o] of this.open) {
      const awaitingTail = this.tailSamplers.size > 0 && !o.summary.tail && (o.summary.head?.kept ?? true);
      const due = awaitingTail ? o.summary.firstSeenMs + waitTail + this.config.summaryWaitMs : o.lastSeenMs + this.config.summaryWaitMs;
      if (due <= nowMs) this.close(key);
    }
    this.openGauge.set(this.open.size);
  }

  /** Completes every open summary (tests, shutdown). */
  closeAll(): void {
    for (const key of [...this.open.keys()]) this.close(key);
  }

  shutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
