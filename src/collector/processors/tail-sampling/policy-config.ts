/**
 * Reads `processors.tail_sampling.policies` in the Collector's shapes, each error naming
 * its exact key path (`processors.tail_sampling.policies[2].latency.threshold_ms: must
 * be a positive number`).
 */
import type { ConfigNode } from '../../config/config-node.js';
import { compileCondition, OttlSyntaxError, type OttlTarget } from '../../ottl/condition.js';
import { POLICY_TYPES, type NamedPolicy, type PolicyBody } from '../../../sampling/tail/index.js';

type PolicyType = (typeof POLICY_TYPES)[number];

/** The types a sub-policy of `and` / `drop` may have, and those of `composite` (which also takes `and`). */
const SHARED_TYPES: readonly PolicyType[] = POLICY_TYPES.filter((t) => t !== 'and' && t !== 'drop' && t !== 'composite');
const COMPOSITE_SUB_TYPES: readonly PolicyType[] = [...SHARED_TYPES, 'and'];

function parseBody(node: ConfigNode, type: PolicyType): PolicyBody {
  // Only the section named by `type` is read; another type's section is a mistake.
  for (const other of POLICY_TYPES) {
    if (other !== type && node.has(other)) node.fail(other, `does not apply to a policy of type ${type}`);
  }
  const s = node.section(type);
  switch (type) {
    case 'always_sample':
      return { type };
    case 'latency': {
      const thresholdMs = s.number('threshold_ms', 0, { min: 0, exclusiveMin: true });
      if (!s.has('threshold_ms')) s.fail('threshold_ms', 'is required (milliseconds)');
      const upperThresholdMs = s.number('upper_threshold_ms', 0, { min: 0 });
      if (upperThresholdMs !== 0 && upperThresholdMs <= thresholdMs) s.fail('upper_threshold_ms', 'must be greater than threshold_ms');
      return { type, thresholdMs, upperThresholdMs };
    }
    case 'status_code': {
      const codes = s.stringList('status_codes');
      if (codes.length === 0) s.fail('status_codes', 'must list at least one of OK, ERROR, UNSET');
      codes.forEach((c, i) => {
        if (c !== 'OK' && c !== 'ERROR' && c !== 'UNSET') s.fail(`status_codes[${i}]`, `unknown status code '${c}'; use OK, ERROR or UNSET`);
      });
      return { type, statusCodes: codes as ('OK' | 'ERROR' | 'UNSET')[] };
    }
    case 'probabilistic':
      return {
        type,
        samplingPercentage: Math.min(100, s.number('sampling_percentage', 0, { min: 0 })),
        hashSalt: s.string('hash_salt', ''),
      };
    case 'rate_limiting': {
      const spansPerSecond = s.number('spans_per_second', 0, { min: 0, exclusiveMin: true, integer: true });
      if (!s.has('spans_per_second')) s.fail('spans_per_second', 'is required');
      return { type, spansPerSecond };
    }
    case 'span_count': {
      const minSpans = s.int('min_spans', 0, 0);
      const maxSpans = s.int('max_spans', 0, 0);
      if (maxSpans > 0 && maxSpans < minSpans) s.fail('max_spans', 'must be at least min_spans');
      return { type, minSpans, maxSpans };
    }
    case 'string_attribute': {
      const key = s.requiredString('key');
      const values = s.stringList('values');
      if (values.length === 0) s.fail('values', 'must list at least one value');
      const enabledRegexMatching = s.bool('enabled_regex_matching', false);
      if (enabledRegexMatching) {
        values.forEach((v, i) => {
          try {
            new RegExp(v);
          } catch (err) {
            s.fail(`values[${i}]`, `'${v}' is not a valid regular expression: ${(err as Error).message}`);
          }
        });
      }
      s.int('cache_max_size', 128, 0);
      return { type, key, values, enabledRegexMatching, invertMatch: s.bool('invert_match', false) };
    }
    case 'numeric_attribute': {
      const key = s.requiredString('key');
      const minValue = s.has('min_value') ? s.number('min_value', 0) : undefined;
      const maxValue = s.has('max_value') ? s.number('max_value', 0) : undefined;
      s.accept('min_value', 'max_value');
      if (minValue === undefined && maxValue === undefined) s.fail('min_value', 'set min_value, max_value or both');
      if (minValue !== undefined && maxValue !== undefined && maxValue < minValue) s.fail('max_value', 'must be at least min_value');
      return { type, key, ...(minValue !== undefined ? { minValue } : {}), ...(maxValue !== undefined ? { maxValue } : {}), invertMatch: s.bool('invert_match', false) };
    }
    case 'boolean_attribute': {
      const key = s.requiredString('key');
      if (!s.has('value')) s.fail('value', 'is required (true or false)');
      return { type, key, value: s.bool('value', false), invertMatch: s.bool('invert_match', false) };
    }
    case 'trace_state': {
      const key = s.requiredString('key');
      const values = s.stringList('values');
      if (values.length === 0) s.fail('values', 'must list at least one value');
      return { type, key, values };
    }
    case 'ottl_condition': {
      const errorMode = s.enumOf('error_mode', ['propagate', 'ignore', 'silent'] as const, 'propagate');
      const compile = (key: string, ctx: 'span' | 'spanevent') =>
        s.stringList(key).map((text, i) => {
          try {
            return compileCondition(text, ctx);
          } catch (err) {
            if (err instanceof OttlSyntaxError) s.fail(`${key}[${i}]`, `cannot parse OTTL condition '${text}': ${err.message}`);
            throw err;
          }
        });
      const spanConds = compile('span', 'span');
      const eventConds = compile('spanevent', 'spanevent');
      if (spanConds.length === 0 && eventConds.length === 0) s.failHere('set span or spanevent conditions');
      const safe = (c: (t: OttlTarget) => boolean, t: OttlTarget): boolean => {
        try {
          return c(t);
        } catch (err) {
          if (errorMode === 'propagate') throw err;
          return false;
        }
      };
      return {
        type,
        span: s.stringList('span'),
        spanevent: s.stringList('spanevent'),
        match: (span) => spanConds.some((c) => safe(c, { span })) || span.events.some((event) => eventConds.some((c) => safe(c, { span, event }))),
      };
    }
    case 'and':
    case 'drop': {
      const key = type === 'and' ? 'and_sub_policy' : 'drop_sub_policy';
      const subs = s.list(key);
      if (subs.length === 0) s.fail(key, 'must have at least one sub-policy');
      return { type, subPolicies: subs.map((n) => parseNamedPolicy(n, SHARED_TYPES)) };
    }
    case 'composite': {
      const maxTotalSpansPerSecond = s.int('max_total_spans_per_second', 0, 0);
      if (maxTotalSpansPerSecond <= 0) s.fail('max_total_spans_per_second', 'must be a positive number');
      const subs = s.list('composite_sub_policy');
      if (subs.length === 0) s.fail('composite_sub_policy', 'must have at least one sub-policy');
      const subPolicies = subs.map((n) => parseNamedPolicy(n, COMPOSITE_SUB_TYPES));
      const names = new Set(subPolicies.map((p) => p.name));
      const policyOrder = s.stringList('policy_order');
      policyOrder.forEach((n, i) => {
        if (!names.has(n)) s.fail(`policy_order[${i}]`, `names '${n}', which is not a composite_sub_policy`);
      });
      let total = 0;
      const rateAllocation = s.list('rate_allocation').map((a) => {
        const policy = a.requiredString('policy');
        if (!names.has(policy)) a.fail('policy', `names '${policy}', which is not a composite_sub_policy`);
        const percent = a.int('percent', 0, 0, 100);
        total += percent;
        return { policy, percent };
      });
      if (total > 100) s.fail('rate_allocation', `percents add up to ${total}, more than 100`);
      return { type, maxTotalSpansPerSecond, policyOrder, subPolicies, rateAllocation };
    }
  }
}

export function parseNamedPolicy(node: ConfigNode, allowed: readonly PolicyType[] = POLICY_TYPES): NamedPolicy {
  const name = node.requiredString('name');
  const type = node.requiredString('type');
  if (!(POLICY_TYPES as readonly string[]).includes(type)) {
    node.fail('type', `unknown policy type '${type}'; supported: ${POLICY_TYPES.join(', ')}`);
  }
  if (!allowed.includes(type as PolicyType)) node.fail('type', `'${type}' cannot be used here; use one of ${allowed.join(', ')}`);
  return { name, ...parseBody(node, type as PolicyType) } as NamedPolicy;
}

export function parsePolicies(node: ConfigNode, key = 'policies'): NamedPolicy[] {
  const list = node.list(key);
  if (list.length === 0) node.fail(key, 'must have at least one policy');
  const seen = new Set<string>();
  return list.map((n) => {
    const p = parseNamedPolicy(n);
    if (seen.has(p.name)) n.fail('name', `duplicate policy name '${p.name}'`);
    seen.add(p.name);
    return p;
  });
}
