/**
 * Tail sampling policies as typed config, the shapes of the Collector's
 * tailsamplingprocessor (`policies: [{ name, type, <type>: {...} }]`).
 */
import type { Span } from '../../model/index.js';

export interface StringAttributePolicy {
  readonly type: 'string_attribute';
  readonly key: string;
  readonly values: readonly string[];
  /** values are regular expressions. */
  readonly enabledRegexMatching: boolean;
  /** Sample traces where no span or resource has a matching value. */
  readonly invertMatch: boolean;
}

export interface NumericAttributePolicy {
  readonly type: 'numeric_attribute';
  readonly key: string;
  /** Inclusive bounds; undefined is unbounded. */
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly invertMatch: boolean;
}

export interface BooleanAttributePolicy {
  readonly type: 'boolean_attribute';
  readonly key: string;
  readonly value: boolean;
  readonly invertMatch: boolean;
}

export interface TraceStatePolicy {
  readonly type: 'trace_state';
  readonly key: string;
  readonly values: readonly string[];
}

export interface OttlConditionPolicy {
  readonly type: 'ottl_condition';
  /** The conditions as written, for messages and what-if. */
  readonly span: readonly string[];
  readonly spanevent: readonly string[];
  /** Compiled: true when a span (or one of its events) meets any condition. */
  readonly match: (s: Span) => boolean;
}

export type SpanPredicatePolicy = StringAttributePolicy | NumericAttributePolicy | BooleanAttributePolicy | TraceStatePolicy | OttlConditionPolicy;

export type LeafPolicy =
  | { readonly type: 'always_sample' }
  | { readonly type: 'latency'; readonly thresholdMs: number; readonly upperThresholdMs: number }
  | { readonly type: 'status_code'; readonly statusCodes: readonly ('OK' | 'ERROR' | 'UNSET')[] }
  | { readonly type: 'probabilistic'; readonly samplingPercentage: number; readonly hashSalt: string }
  | { readonly type: 'rate_limiting'; readonly spansPerSecond: number }
  | { readonly type: 'span_count'; readonly minSpans: number; readonly maxSpans: number }
  | SpanPredicatePolicy;

export interface RateAllocation {
  readonly policy: string;
  readonly percent: number;
}

export type PolicyBody =
  | LeafPolicy
  | { readonly type: 'and'; readonly subPolicies: readonly NamedPolicy[] }
  | { readonly type: 'drop'; readonly subPolicies: readonly NamedPolicy[] }
  | {
      readonly type: 'composite';
      readonly maxTotalSpansPerSecond: number;
      readonly policyOrder: readonly string[];
      readonly subPolicies: readonly NamedPolicy[];
      readonly rateAllocation: readonly RateAllocation[];
    };

export type NamedPolicy = PolicyBody & { readonly name: string };

export const POLICY_TYPES = [
  'always_sample',
  'latency',
  'numeric_attribute',
  'probabilistic',
  'status_code',
  'string_attribute',
  'rate_limiting',
  'span_count',
  'trace_state',
  'boolean_attribute',
  'ottl_condition',
  'and',
  'drop',
  'composite',
] as const;
