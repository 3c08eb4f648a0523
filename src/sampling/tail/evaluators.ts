/**
 * Compiles tail sampling policies into evaluators. Policies that ask "does any span
 * (or its resource) have ..." become span predicates, tested once per span as it
 * arrives, so a trace carries only one bit per predicate instead of being re-read at
 * decision time; the evaluators then decide from those bits and a few per-trace
 * aggregates (span count, first start, last end, statuses seen).
 */
import { findAttribute, type AnyValue, type Attributes, type Resource, type Span } from '../../model/index.js';
import { TraceState } from '../../propagation/trace-state.js';
import { keeps, randomnessOf, thresholdFromProbability } from '../index.js';
import type { Decision } from './decision.js';
import type { NamedPolicy, SpanPredicatePolicy } from './policy-types.js';

/** What evaluators read of a trace. */
export interface TraceView {
  readonly traceId: Uint8Array;
  readonly spanCount: number;
  /** Last end minus first start, nanoseconds. */
  readonly durationNs: number;
  /** Bit 1 << code for each status code seen (0 unset, 1 ok, 2 error). */
  readonly statusMask: number;
  /** The first non-empty tracestate seen (its `ot=rv` is the trace's randomness). */
  readonly traceState: string;
  /** Whether span predicate `index` matched some span of the trace. */
  matched(index: number): boolean;
}

export interface PolicyEvaluator {
  readonly name: string;
  evaluate(t: TraceView, nowMs: number): Decision;
  /** A composite's sub-policy that sampled the last trace it evaluated. */
  readonly lastSubPolicy?: string;
}

export interface SpanPredicate {
  readonly policy: SpanPredicatePolicy;
  /** Attribute keys the predicate reads (what a trace summary must keep to re-evaluate it). */
  readonly keys: readonly string[];
  matchSpan(s: Span): boolean;
  /** Whether any of the given values of `key` matches (summaries; one value per entry). */
  matchValue(key: string, v: AnyValue): boolean;
}

const STATUS_BIT = { UNSET: 1, OK: 2, ERROR: 4 } as const;

function valueMatcher(p: SpanPredicatePolicy): ((v: AnyValue) => boolean) | undefined {
  switch (p.type) {
    case 'string_attribute': {
      if (!p.enabledRegexMatching) {
        const set = new Set(p.values);
        return (v) => v.type === 'string' && set.has(v.value);
      }
      const res = p.values.map((x) => new RegExp(x));
      const cache = new Map<string, boolean>();
      return (v) => {
        if (v.type !== 'string') return false;
        let hit = cache.get(v.value);
        if (hit === undefined) {
          hit = res.some((r) => r.test(v.value));
          if (cache.size >= 1024) cache.clear();
          cache.set(v.value, hit);
        }
        return hit;
      };
    }
    case 'numeric_attribute': {
      const min = p.minValue ?? -Infinity;
      const max = p.maxValue ?? Infinity;
      return (v) => {
        const n = v.type === 'int' ? Number(v.value) : v.type === 'double' ? v.value : NaN;
        return n >= min && n <= max;
      };
    }
    case 'boolean_attribute':
      return (v) => v.type === 'bool' && v.value === p.value;
    default:
      return undefined;
  }
}

function attrMatch(attrs: Attributes, key: string, m: (v: AnyValue) => boolean): boolean {
  const v = findAttribute(attrs, key);
  return v !== undefined && m(v);
}

export function compilePredicate(p: SpanPredicatePolicy): SpanPredicate {
  const m = valueMatcher(p);
  if (m && 'key' in p) {
    const key = p.key;
    // Resources are shared by the spans of a request: test each once.
    const byResource = new WeakMap<Resource, boolean>();
    return {
      policy: p,
      keys: [key],
      matchSpan(s) {
        if (attrMatch(s.attributes, key, m)) return true;
        let r = byResource.get(s.resource);
        if (r === undefined) byResource.set(s.resource, (r = attrMatch(s.resource.attributes, key, m)));
        return r;
      },
      matchValue: (k, v) => k === key && m(v),
    };
  }
  if (p.type === 'trace_state') {
    const values = new Set(p.values);
    return {
      policy: p,
      keys: [],
      matchSpan(s) {
        if (s.traceState === '') return false;
        const v = TraceState.parse(s.traceState).get(p.key);
        return v !== undefined && values.has(v);
      },
      matchValue: () => false,
    };
  }
  if (p.type === 'ottl_condition') return { policy: p, keys: [], matchSpan: p.match, matchValue: () => false };
  throw new Error(`no predicate for ${p.type}`);
}

/** FNV-1a 64 of the salt then the trace id, as the Collector's probabilistic policy hashes. */
export function fnv64(salt: string, id: Uint8Array): bigint {
  const mask = (1n << 64n) - 1n;
  let h = 0xcbf29ce484222325n;
  const step = (b: number): void => {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & mask;
  };
  for (const b of Buffer.from(salt)) step(b);
  for (const b of id) step(b);
  return h;
}

const MAX_U64 = (1n << 64n) - 1n;

export interface Compiled {
  readonly policies: readonly PolicyEvaluator[];
  readonly predicates: readonly SpanPredicate[];
}

/** Compiles policies; span predicates are collected (in order) into one flat list. */
export function compilePolicies(policies: readonly NamedPolicy[]): Compiled {
  const predicates: SpanPredicate[] = [];
  const build = (p: NamedPolicy): PolicyEvaluator => {
    const name = p.name;
    switch (p.type) {
      case 'always_sample':
        return { name, evaluate: () => 'sampled' };
      case 'latency': {
        const lower = p.thresholdMs * 1e6;
        const upper = p.upperThresholdMs > 0 ? p.upperThresholdMs * 1e6 : Infinity;
        return { name, evaluate: (t) => (t.durationNs >= lower && t.durationNs <= upper ? 'sampled' : 'not_sampled') };
      }
      case 'status_code': {
        let mask = 0;
        for (const c of p.statusCodes) mask |= STATUS_BIT[c];
        return { name, evaluate: (t) => (t.statusMask & mask ? 'sampled' : 'not_sampled') };
      }
      case 'probabilistic': {
        if (p.samplingPercentage >= 100) return { name, evaluate: () => 'sampled' };
        if (p.hashSalt !== '') {
          const threshold = (MAX_U64 * BigInt(Math.round(p.samplingPercentage * 1e6))) / 100_000_000n;
          return { name, evaluate: (t) => (fnv64(p.hashSalt, t.traceId) <= threshold ? 'sampled' : 'not_sampled') };
        }
        // Consistent probability sampling (OTEP 235), the head sampler's arithmetic.
        const th = thresholdFromProbability(p.samplingPercentage / 100);
        return {
          name,
          evaluate: (t) => {
            if (th === null) return 'not_sampled';
            const ts = t.traceState === '' ? TraceState.EMPTY : TraceState.parse(t.traceState);
            return keeps(randomnessOf(t.traceId, ts), th) ? 'sampled' : 'not_sampled';
          },
        };
      }
      case 'rate_limiting': {
        let second = -1;
        let spent = 0;
        return {
          name,
          evaluate(t, nowMs) {
            const s = Math.floor(nowMs / 1000);
            if (s !== second) {
              second = s;
              spent = 0;
            }
            if (spent + t.spanCount < p.spansPerSecond) {
              spent += t.spanCount;
              return 'sampled';
            }
            return 'not_sampled';
          },
        };
      }
      case 'span_count': {
        const max = p.maxSpans > 0 ? p.maxSpans : Infinity;
        return { name, evaluate: (t) => (t.spanCount >= p.minSpans && t.spanCount <= max ? 'sampled' : 'not_sampled') };
      }
      case 'string_attribute':
      case 'numeric_attribute':
      case 'boolean_attribute':
      case 'trace_state':
      case 'ottl_condition': {
        const index = predicates.length;
        predicates.push(compilePredicate(p));
        const invert = 'invertMatch' in p && p.invertMatch;
        return {
          name,
          evaluate: (t) => {
            const hit = t.matched(index);
            if (invert) return hit ? 'inverted_not_sampled' : 'inverted_sampled';
            return hit ? 'sampled' : 'not_sampled';
          },
        };
      }
      case 'and': {
        const subs = p.subPolicies.map(build);
        return {
          name,
          evaluate(t, now) {
            for (const s of subs) {
              const d = s.evaluate(t, now);
              if (d === 'not_sampled' || d === 'inverted_not_sampled') return 'not_sampled';
            }
            return 'sampled';
          },
        };
      }
      case 'drop': {
        const subs = p.subPolicies.map(build);
        return {
          name,
          evaluate(t, now) {
            for (const s of subs) {
              const d = s.evaluate(t, now);
              if (d === 'not_sampled' || d === 'inverted_not_sampled') return 'not_sampled';
            }
            return 'dropped';
          },
        };
      }
      case 'composite': {
        const byName = new Map(p.subPolicies.map((s) => [s.name, s] as const));
        const ordered = p.policyOrder.length > 0 ? p.policyOrder.map((n) => byName.get(n)!) : p.subPolicies;
        const defaultSps = p.maxTotalSpansPerSecond / Math.max(1, p.subPolicies.length);
        const allocation = new Map<string, number>();
        for (const a of p.rateAllocation) allocation.set(a.policy, a.percent > 0 ? (a.percent / 100) * p.maxTotalSpansPerSecond : defaultSps);
        const subs = ordered.map((s) => ({ name: s.name, evaluator: build(s), allocated: allocation.get(s.name) ?? 0, spent: 0 }));
        let second = -1;
        const ev: { -readonly [K in keyof PolicyEvaluator]: PolicyEvaluator[K] } = {
          name,
          evaluate(t, nowMs) {
            const s = Math.floor(nowMs / 1000);
            if (s !== second) {
              second = s;
              for (const sub of subs) sub.spent = 0;
            }
            ev.lastSubPolicy = undefined;
            for (const sub of subs) {
              const d = sub.evaluator.evaluate(t, nowMs);
              if (d !== 'sampled' && d !== 'inverted_sampled') continue;
              const next = sub.spent + t.spanCount;
              if (next <= sub.allocated && next <= p.maxTotalSpansPerSecond) {
                sub.spent = next;
                ev.lastSubPolicy = sub.name;
                return 'sampled';
              }
              return 'not_sampled';
            }
            return 'not_sampled';
          },
        };
        return ev;
      }
    }
  };
  const built = policies.map(build);
  return { policies: built, predicates };
}
