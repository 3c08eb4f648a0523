/**
 * The span decision of the Collector's probabilisticsamplerprocessor, in its three
 * modes:
 *
 * - `hash_seed`: FNV-1a (32 bit) of the seed's 4 little-endian bytes then the trace id;
 *   the low 14 bits pick one of 16384 buckets; kept when bucket < percentage * 163.84
 *   (the Collector's exact arithmetic, so both keep the same traces for a seed).
 * - `proportional` (OTEP 235): the span's incoming `ot=th` probability is multiplied by
 *   the configured one; kept when R >= T, and the new `th` is written to tracestate.
 * - `equalizing` (OTEP 235): T is raised to the configured threshold, never lowered.
 *
 * `proportional` and `equalizing` use the same threshold, randomness and tracestate
 * code as the head sampler (src/sampling).
 */
import { findAttribute, type Span } from '../../../model/index.js';
import { TraceState } from '../../../propagation/trace-state.js';
import {
  ALWAYS_SAMPLE_THRESHOLD,
  NEVER_SAMPLE_THRESHOLD,
  keeps,
  otTraceStateOf,
  probabilityFromThreshold,
  randomnessOf,
  thresholdFromProbability,
  withOtTraceState,
} from '../../../sampling/index.js';

export type SamplerMode = 'hash_seed' | 'proportional' | 'equalizing';

export interface ProbabilisticSamplerConfig {
  /** 0 to 100; default 0 (keep nothing); >= 100 keeps everything. */
  readonly samplingPercentage: number;
  /** hash_seed mode's seed; default 0. */
  readonly hashSeed: number;
  /** Default hash_seed. */
  readonly mode: SamplerMode;
  /** When the sampling data is unusable (an inconsistent th), drop (true, default) rather than keep. */
  readonly failClosed: boolean;
  /** Hex digits of th written in the OTEP 235 modes; default 4. */
  readonly samplingPrecision: number;
}

/** Why a span was kept or dropped, as the Collector's `policy` label says it. */
export type DecisionBasis = 'trace_id_hash' | 'trace_id_w3c' | 'sampling_randomness' | 'sampling_priority';

export interface SpanDecision {
  readonly keep: boolean;
  readonly basis: DecisionBasis;
  /** The span to forward (tracestate updated in the OTEP 235 modes). */
  readonly span: Span;
}

const NUM_HASH_BUCKETS = 0x4000;
const BUCKET_MASK = NUM_HASH_BUCKETS - 1;
const PERCENTAGE_SCALE = NUM_HASH_BUCKETS / 100;

/** FNV-1a 32 of the seed (4 bytes, little-endian) followed by the key. */
export function fnvHash(key: Uint8Array, seed: number): number {
  let h = 0x811c9dc5;
  const step = (b: number): void => {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (let i = 0; i < 4; i++) step((seed >>> (8 * i)) & 0xff);
  for (let i = 0; i < key.length; i++) step(key[i]!);
  return h >>> 0;
}

const SAMPLING_PRIORITY = 'sampling.priority';

/** `sampling.priority` > 0 keeps, == 0 drops; undefined when absent or not a number. */
function priorityOf(s: Span): boolean | undefined {
  const v = findAttribute(s.attributes, SAMPLING_PRIORITY);
  if (!v) return undefined;
  if (v.type === 'int') return v.value > 0n;
  if (v.type === 'double') return v.value > 0;
  return undefined;
}

export class SpanSampler {
  private readonly ratio: number;
  /** hash_seed: buckets below this are kept (uint32(float32(pct) * 163.84)). */
  private readonly scaledRate: number;
  /** equalizing: the fixed threshold. */
  private readonly fixedThreshold: bigint;

  constructor(private readonly config: ProbabilisticSamplerConfig) {
    const pct = Math.min(100, config.samplingPercentage);
    this.ratio = pct / 100;
    this.scaledRate = Math.floor(Math.fround(Math.fround(pct) * PERCENTAGE_SCALE));
    this.fixedThreshold = thresholdFromProbability(Math.max(this.ratio, pct === 0 ? 0 : 2 ** -56), config.samplingPrecision) ?? NEVER_SAMPLE_THRESHOLD;
  }

  decide(s: Span): SpanDecision {
    const priority = priorityOf(s);
    if (this.config.mode === 'hash_seed') {
      if (priority !== undefined) return { keep: priority, basis: 'sampling_priority', span: s };
      const bucket = fnvHash(s.traceId, this.config.hashSeed) & BUCKET_MASK;
      return { keep: bucket < this.scaledRate, basis: 'trace_id_hash', span: s };
    }
    const ts = TraceState.parse(s.traceState);
    const ot = otTraceStateOf(ts);
    const r = randomnessOf(s.traceId, ts);
    const basis: DecisionBasis = ot.randomness !== undefined ? 'sampling_randomness' : 'trace_id_w3c';
    let incoming = ot.threshold;
    if (incoming !== undefined && !keeps(r, incoming)) {
      // "inconsistent arriving threshold: item should not have been sampled".
      if (this.config.failClosed && priority === undefined) return { keep: false, basis, span: s };
      incoming = undefined;
    }
    let t: bigint;
    if (priority !== undefined) {
      t = priority ? ALWAYS_SAMPLE_THRESHOLD : NEVER_SAMPLE_THRESHOLD;
    } else if (this.config.mode === 'equalizing') {
      t = incoming !== undefined && incoming > this.fixedThreshold ? incoming : this.fixedThreshold;
    } else {
      const p = (incoming === undefined ? 1 : probabilityFromThreshold(incoming)) * this.ratio;
      t = p < 2 ** -56 ? NEVER_SAMPLE_THRESHOLD : (thresholdFromProbability(p, this.config.samplingPrecision) ?? NEVER_SAMPLE_THRESHOLD);
    }
    if (t === NEVER_SAMPLE_THRESHOLD || !keeps(r, t)) return { keep: false, basis: priority !== undefined ? 'sampling_priority' : basis, span: s };
    // Never lower a threshold that arrived (that would raise the adjusted count).
    if (incoming !== undefined && t < incoming) t = incoming;
    const updated = withOtTraceState(ts, { ...ot, threshold: t });
    const traceState = updated ? updated.serialize() : s.traceState;
    return { keep: true, basis: priority !== undefined ? 'sampling_priority' : basis, span: traceState === s.traceState ? s : { ...s, traceState } };
  }
}
