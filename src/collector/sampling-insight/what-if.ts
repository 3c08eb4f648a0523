/**
 * Cost and coverage of sampling settings over the ring of trace summaries: what was kept
 * (current) and what a proposed head probability and tail policy list would keep. The
 * proposal reuses the head sampler's arithmetic (OTEP 235 thresholds) and the tail
 * sampler's compiled policies, evaluated on each summary instead of on spans.
 */
import { TraceState } from '../../propagation/trace-state.js';
import { keeps, randomnessOf, thresholdFromProbability } from '../../sampling/index.js';
import { combine, compilePolicies, type NamedPolicy, type TraceView } from '../../sampling/tail/index.js';
import type { Span } from '../../model/index.js';
import { durationMs, isError, serviceOf, type TraceSummary } from './summary.js';

export interface Coverage {
  readonly seen: number;
  readonly kept: number;
  /** kept / seen, 0 to 1; null when none was seen. */
  readonly coverage: number | null;
}

export interface ServiceFigures {
  readonly service: string;
  readonly traces: number;
  readonly kept_traces: number;
  readonly error_traces: Coverage;
  readonly slow_traces: Coverage;
}

export interface Figures {
  readonly kept_traces: number;
  readonly kept_spans: number;
  readonly kept_bytes: number;
  /** Kept spans per second of the window: the rate stored. */
  readonly spans_per_second: number;
  readonly bytes_per_second: number;
  /** bytes_per_second over a day, in GB (10^9 bytes), before storage compression. */
  readonly estimated_gb_per_day: number;
  readonly error_traces: Coverage;
  readonly slow_traces: Coverage;
  readonly per_service: readonly ServiceFigures[];
}

export interface Window {
  readonly traces: number;
  readonly spans: number;
  readonly bytes: number;
  readonly from: string | null;
  readonly to: string | null;
  readonly seconds: number;
}

function cov(seen: number, kept: number): Coverage {
  return { seen, kept, coverage: seen === 0 ? null : kept / seen };
}

export function windowOf(summaries: readonly TraceSummary[]): Window {
  if (summaries.length === 0) return { traces: 0, spans: 0, bytes: 0, from: null, to: null, seconds: 0 };
  let lo = Infinity;
  let hi = -Infinity;
  let spans = 0;
  let bytes = 0;
  for (const s of summaries) {
    lo = Math.min(lo, s.firstSeenMs);
    hi = Math.max(hi, s.firstSeenMs);
    spans += s.spanCount;
    bytes += s.bytes;
  }
  return { traces: summaries.length, spans, bytes, from: new Date(lo).toISOString(), to: new Date(hi).toISOString(), seconds: Math.max(1, (hi - lo) / 1000) };
}

export function figures(summaries: readonly TraceSummary[], keep: (s: TraceSummary) => boolean, slowMs: number, seconds: number): Figures {
  let keptTraces = 0;
  let keptSpans = 0;
  let keptBytes = 0;
  let errSeen = 0;
  let errKept = 0;
  let slowSeen = 0;
  let slowKept = 0;
  const services = new Map<string, { traces: number; kept: number; es: number; ek: number; ss: number; sk: number }>();
  for (const s of summaries) {
    const k = keep(s);
    const err = isError(s);
    const slow = durationMs(s) >= slowMs;
    const svc = serviceOf(s);
    let f = services.get(svc);
    if (!f) services.set(svc, (f = { traces: 0, kept: 0, es: 0, ek: 0, ss: 0, sk: 0 }));
    f.traces++;
    if (k) {
      keptTraces++;
      keptSpans += s.spanCount;
      keptBytes += s.bytes;
      f.kept++;
    }
    if (err) {
      errSeen++;
      f.es++;
      if (k) {
        errKept++;
        f.ek++;
      }
    }
    if (slow) {
      slowSeen++;
      f.ss++;
      if (k) {
        slowKept++;
        f.sk++;
      }
    }
  }
  const bps = keptBytes / seconds;
  return {
    kept_traces: keptTraces,
    kept_spans: keptSpans,
    kept_bytes: keptBytes,
    spans_per_second: keptSpans / seconds,
    bytes_per_second: bps,
    estimated_gb_per_day: (bps * 86_400) / 1e9,
    error_traces: cov(errSeen, errKept),
    slow_traces: cov(slowSeen, slowKept),
    per_service: [...services]
      .sort((a, b) => b[1].traces - a[1].traces)
      .map(([service, f]) => ({ service, traces: f.traces, kept_traces: f.kept, error_traces: cov(f.es, f.ek), slow_traces: cov(f.ss, f.sk) })),
  };
}

export interface Proposal {
  /** 0 to 1; undefined keeps the current head decisions. */
  readonly headProbability?: number;
  /** undefined keeps the current tail decisions; [] means no tail sampling. */
  readonly tailPolicies?: readonly NamedPolicy[];
}

/**
 * A keep function for a proposal, and warnings about what summaries cannot answer
 * (attributes they did not keep, OTTL conditions).
 */
export function proposalKeep(proposal: Proposal, trackedKeys: ReadonlySet<string>, currentTail: readonly NamedPolicy[] | undefined): { keep: (s: TraceSummary) => boolean; warnings: string[] } {
  const warnings: string[] = [];
  let head: (s: TraceSummary) => boolean = (s) => s.head?.kept ?? true;
  if (proposal.headProbability !== undefined) {
    const t = thresholdFromProbability(proposal.headProbability);
    head = (s) => t !== null && keeps(randomnessOf(s.traceId, s.traceState ? TraceState.parse(s.traceState) : TraceState.EMPTY), t);
  }
  // A new head probability sends the tail sampler traces it never saw: evaluate the
  // current policies on every summary then, rather than trusting recorded decisions.
  const policies = proposal.tailPolicies ?? (proposal.headProbability !== undefined ? currentTail : undefined);
  let tail: (s: TraceSummary) => boolean = (s) => s.tail?.kept ?? true;
  if (policies !== undefined) {
    if (policies.length === 0) tail = () => true;
    else {
      const compiled = compilePolicies(policies);
      compiled.predicates.forEach((p) => {
        for (const k of p.keys) if (!trackedKeys.has(k)) warnings.push(`attribute '${k}' is not kept in trace summaries (add it to sampling_insight.attribute_keys); policy ${p.policy.type} on it sees no value`);
        if (p.policy.type === 'ottl_condition') warnings.push('ottl_condition policies cannot be evaluated on trace summaries; they never match here');
      });
      tail = (s) => {
        const view: TraceView = {
          traceId: s.traceId,
          spanCount: s.spanCount,
          durationNs: s.spanCount === 0 ? 0 : s.maxEnd - s.minStart,
          statusMask: s.statusMask,
          traceState: s.traceState,
          matched: (i) => {
            const p = compiled.predicates[i]!;
            if (p.policy.type === 'trace_state') return p.matchSpan({ traceState: s.traceState } as Span);
            for (const k of p.keys) for (const v of s.attributes.get(k) ?? []) if (p.matchValue(k, v)) return true;
            return false;
          },
        };
        return combine(compiled.policies.map((e) => e.evaluate(view, s.firstSeenMs))).sampled;
      };
    }
  }
  return { keep: (s) => head(s) && tail(s), warnings: [...new Set(warnings)] };
}

