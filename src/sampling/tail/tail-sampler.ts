/**
 * The tail sampler: buffers each trace from its first span for `decision_wait`, then
 * runs every policy on it and keeps or drops all of its spans at once.
 *
 * Memory is bounded: at most `num_traces` traces and `max_buffered_spans` spans wait;
 * past either bound the oldest waiting traces are decided early (on what has arrived)
 * and counted, never silently dropped. Spans are buffered in a compact binary form
 * (span-codec.ts). Decisions are remembered in two bounded caches, kept and dropped,
 * so spans that arrive after their trace was decided follow its decision.
 *
 * Kept spans carry `tailsampling.policy` (the name of the policy that kept the trace)
 * and, for a composite policy, `tailsampling.composite_policy` (its sub-policy): the
 * attributes the Collector records behind its recordpolicy feature gate.
 */
import type { InstrumentationScope, KeyValue, Resource, Span } from '../../model/index.js';
import { combine, type Decision, type FinalDecision } from './decision.js';
import { compilePolicies, type Compiled, type PolicyEvaluator, type TraceView } from './evaluators.js';
import type { NamedPolicy } from './policy-types.js';
import { decodeSpans, SpanWriter, StringTable } from './span-codec.js';
import { traceKey } from './trace-key.js';

export const POLICY_ATTRIBUTE = 'tailsampling.policy';
export const COMPOSITE_POLICY_ATTRIBUTE = 'tailsampling.composite_policy';

export interface TailSamplerConfig {
  /** Wait from a trace's first span to its decision; default 30s. */
  readonly decisionWaitMs: number;
  /** Most traces waiting; default 50000. The oldest are decided early past it. */
  readonly numTraces: number;
  /** Most spans waiting (Ariadne); default 1,000,000. The oldest traces are decided early past it. */
  readonly maxBufferedSpans: number;
  /** Sizing hint (the Collector preallocates with it); no effect here. */
  readonly expectedNewTracesPerSec: number;
  /** Kept trace ids remembered for late spans; 0 (default) remembers num_traces. */
  readonly sampledCacheSize: number;
  /** Dropped trace ids remembered; 0 (default) remembers num_traces. */
  readonly nonSampledCacheSize: number;
  /** Stop evaluating at the first policy that samples; default false. */
  readonly sampleOnFirstMatch: boolean;
  readonly policies: readonly NamedPolicy[];
}

/** A waiting trace: aggregates the policies read, and its spans in binary form. */
export class PendingTrace implements TraceView {
  spanCount = 0;
  minStart = Infinity;
  maxEnd = -Infinity;
  statusMask = 0;
  traceState = '';
  /** Bytes of the spans in binary form (about their OTLP size). */
  bytes = 0;
  private bits = 0;
  private extraBits: Uint8Array | undefined;
  readonly chunks: Buffer[] = [];
  readonly resources: Resource[] = [];
  readonly scopes: InstrumentationScope[] = [];
  /** The root span's service and name once it arrived. */
  rootService: string | undefined;
  rootName: string | undefined;

  constructor(
    readonly key: string,
    readonly traceId: Uint8Array,
    readonly arrivalMs: number,
  ) {}

  get durationNs(): number {
    return this.spanCount === 0 ? 0 : this.maxEnd - this.minStart;
  }

  matched(i: number): boolean {
    if (i < 31) return (this.bits & (1 << i)) !== 0;
    return this.extraBits !== undefined && this.extraBits[i - 31] === 1;
  }

  setMatched(i: number): void {
    if (i < 31) this.bits |= 1 << i;
    else (this.extraBits ??= new Uint8Array(256))[i - 31] = 1;
  }

  indexOfResource(r: Resource): number {
    let i = this.resources.indexOf(r);
    if (i === -1) i = this.resources.push(r) - 1;
    return i;
  }

  indexOfScope(s: InstrumentationScope): number {
    let i = this.scopes.indexOf(s);
    if (i === -1) i = this.scopes.push(s) - 1;
    return i;
  }
}

export interface DecidedTrace {
  readonly trace: PendingTrace;
  readonly final: FinalDecision;
  readonly decisions: readonly Decision[];
  /** Why it was decided: its wait ended, or a bound forced it early. */
  readonly reason: 'decision_wait' | 'num_traces' | 'max_buffered_spans' | 'shutdown';
  /** The policy that kept it, and a composite's sub-policy. */
  readonly policy?: string;
  readonly compositePolicy?: string;
}

/** Insertion-ordered map with a size bound: the oldest entry goes first. */
class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(k: string): V | undefined {
    return this.map.get(k);
  }
  set(k: string, v: V): void {
    if (this.capacity <= 0) return;
    this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }
  get size(): number {
    return this.map.size;
  }
}

export interface TailSamplerEvents {
  /** A trace id seen for the first time. */
  newTrace?(): void;
  /** Every decision, before the kept spans are returned. */
  decided?(d: DecidedTrace, spans: readonly Span[] | undefined): void;
  /** Spans of a decided trace arriving late, and the cached decision they followed. */
  late?(spans: number, sampled: boolean, ageMs: number): void;
}


interface CachedDecision {
  readonly atMs: number;
  readonly policy: string;
  readonly compositePolicy?: string;
}

export class TailSampler {
  private readonly pending = new Map<string, PendingTrace>();
  private readonly sampled: BoundedCache<CachedDecision>;
  private readonly notSampled: BoundedCache<number>;
  private readonly compiled: Compiled;
  /** Attribute keys and span names, stored once for every buffered span. */
  private readonly strings = new StringTable();
  private readonly writer = new SpanWriter(this.strings);
  private bufferedSpans = 0;

  constructor(
    readonly config: TailSamplerConfig,
    private readonly events: TailSamplerEvents = {},
  ) {
    this.compiled = compilePolicies(config.policies);
    this.sampled = new BoundedCache(config.sampledCacheSize > 0 ? config.sampledCacheSize : config.numTraces);
    this.notSampled = new BoundedCache(config.nonSampledCacheSize > 0 ? config.nonSampledCacheSize : config.numTraces);
  }

  get policies(): readonly PolicyEvaluator[] {
    return this.compiled.policies;
  }

  get predicates(): Compiled['predicates'] {
    return this.compiled.predicates;
  }

  get tracesWaiting(): number {
    return this.pending.size;
  }

  get spansWaiting(): number {
    return this.bufferedSpans;
  }

  /**
   * Buffers spans. Returns the spans to forward now: late spans of traces already kept,
   * and every span of traces a bound forced to be decided early and kept.
   */
  add(spans: readonly Span[], nowMs: number): Span[] {
    const out: Span[] = [];
    // Group by trace, keeping arrival order.
    const byTrace = new Map<string, Span[]>();
    for (const s of spans) {
      const k = traceKey(s.traceId);
      const list = byTrace.get(k);
      if (list) list.push(s);
      else byTrace.set(k, [s]);
    }
    const predicates = this.compiled.predicates;
    for (const [key, list] of byTrace) {
      let t = this.pending.get(key);
      if (!t) {
        const kept = this.sampled.get(key);
        if (kept) {
          this.events.late?.(list.length, true, nowMs - kept.atMs);
          for (const s of list) out.push(withPolicy(s, kept.policy, kept.compositePolicy));
          continue;
        }
        const dropped = this.notSampled.get(key);
        if (dropped !== undefined) {
          this.events.late?.(list.length, false, nowMs - dropped);
          continue;
        }
        while (this.pending.size >= this.config.numTraces) this.decideOldest('num_traces', nowMs, out);
        t = new PendingTrace(key, list[0]!.traceId, nowMs);
        this.pending.set(key, t);
        this.events.newTrace?.();
      }
      for (const s of list) {
        this.writer.span(s, t.indexOfResource(s.resource), t.indexOfScope(s.scope));
        t.spanCount++;
        const start = Number(s.startTimeUnixNano);
        const end = Number(s.endTimeUnixNano);
        if (start < t.minStart) t.minStart = start;
        if (end > t.maxEnd) t.maxEnd = end;
        t.statusMask |= 1 << s.statusCode;
        if (t.traceState === '' && s.traceState !== '') t.traceState = s.traceState;
        if (s.parentSpanId.length === 0 && t.rootName === undefined) {
          t.rootName = s.name;
          const svc = s.resource.attributes.find((a) => a.key === 'service.name');
          t.rootService = svc?.value.type === 'string' ? svc.value.value : 'unknown_service';
        }
        for (let i = 0; i < predicates.length; i++) if (!t.matched(i) && predicates[i]!.matchSpan(s)) t.setMatched(i);
      }
      const chunk = this.writer.take();
      t.chunks.push(chunk);
      t.bytes += chunk.length;
      this.bufferedSpans += list.length;
    }
    while (this.bufferedSpans > this.config.maxBufferedSpans && this.pending.size > 0) this.decideOldest('max_buffered_spans', nowMs, out);
    return out;
  }

  private decideOldest(reason: DecidedTrace['reason'], nowMs: number, out: Span[]): void {
    const first = this.pending.values().next().value as PendingTrace;
    this.decide(first, reason, nowMs, out);
  }

  /** Decides every trace whose decision_wait has passed; returns the kept spans. */
  tick(nowMs: number): Span[] {
    const out: Span[] = [];
    const due = nowMs - this.config.decisionWaitMs;
    for (const t of this.pending.values()) {
      if (t.arrivalMs > due) break; // insertion order is arrival order
      this.decide(t, 'decision_wait', nowMs, out);
    }
    return out;
  }

  /** Decides everything still waiting (shutdown). */
  flush(nowMs: number): Span[] {
    const out: Span[] = [];
    for (const t of this.pending.values()) this.decide(t, 'shutdown', nowMs, out);
    return out;
  }

  private decide(t: PendingTrace, reason: DecidedTrace['reason'], nowMs: number, out: Span[]): void {
    this.pending.delete(t.key);
    this.bufferedSpans -= t.spanCount;
    const policies = this.compiled.policies;
    const decisions: Decision[] = [];
    for (const p of policies) {
      const d = p.evaluate(t, nowMs);
      decisions.push(d);
      if (this.config.sampleOnFirstMatch && d === 'sampled') break;
    }
    const final = combine(decisions);
    let policy: string | undefined;
    let compositePolicy: string | undefined;
    let spans: Span[] | undefined;
    if (final.sampled) {
      const by = policies[final.keptBy]!;
      policy = by.name;
      compositePolicy = by.lastSubPolicy;
      this.sampled.set(t.key, { atMs: nowMs, policy, ...(compositePolicy ? { compositePolicy } : {}) });
      spans = decodeSpans(t.chunks, t.traceId, t.resources, t.scopes, this.strings);
      for (let i = 0; i < spans.length; i++) spans[i] = withPolicy(spans[i]!, policy, compositePolicy);
    } else {
      this.notSampled.set(t.key, nowMs);
    }
    this.events.decided?.({ trace: t, final, decisions, reason, ...(policy ? { policy } : {}), ...(compositePolicy ? { compositePolicy } : {}) }, spans);
    if (spans) for (const s of spans) out.push(s);
  }
}

function withPolicy(s: Span, policy: string, composite: string | undefined): Span {
  const extra: KeyValue[] = [{ key: POLICY_ATTRIBUTE, value: { type: 'string', value: policy } }];
  if (composite) extra.push({ key: COMPOSITE_POLICY_ATTRIBUTE, value: { type: 'string', value: composite } });
  return { ...s, attributes: [...s.attributes.filter((a) => a.key !== POLICY_ATTRIBUTE && a.key !== COMPOSITE_POLICY_ATTRIBUTE), ...extra] };
}

