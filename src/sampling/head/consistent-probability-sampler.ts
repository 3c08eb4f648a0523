/**
 * Parent-based head sampling with OpenTelemetry consistent probability sampling at the
 * root. https://opentelemetry.io/docs/specs/otel/trace/tracestate-probability-sampling/
 */
import { samplingStateOf, type B3SamplingState, type SpanContext } from '../../propagation/span-context.js';
import { TraceState } from '../../propagation/trace-state.js';
import { otTraceStateOf, withOtTraceState, type OtTraceState } from '../ot-trace-state.js';
import { randomnessFromTraceId } from '../randomness-value.js';
import {
  DEFAULT_THRESHOLD_PRECISION,
  NEVER_SAMPLE_THRESHOLD,
  keeps,
  thresholdFromProbability,
} from '../threshold.js';
import { decisionFromB3 } from './b3-sampling.js';

export interface ConsistentProbabilitySamplerConfig {
  /** Probability of keeping a new trace, 0 to 1. 0 keeps none; 1 keeps all and records `th:0`. */
  readonly probability: number;
  /** Hex digits of `th` precision, 1 to 14. Absent: 4, the spec's recommended default. */
  readonly precision?: number;
}

export interface SamplingParams {
  /** The trace of the span being started (the parent's, when there is one). */
  readonly traceId: Uint8Array;
  /** The parent's context; absent or null for a root span. */
  readonly parent?: SpanContext | null;
  /** The TraceState a root starts with (it may carry `ot=rv:`); a parent's is used instead when present. */
  readonly traceState?: TraceState;
  /** A B3 decision received without ids (`b3: 0`), which binds the new root. */
  readonly samplingState?: B3SamplingState;
}

/** What made the decision: the upstream (parent or id-less B3) decision, or R >= T here. */
export type SamplingBasis = 'upstream' | 'probability';

export interface SamplingResult {
  readonly sampled: boolean;
  /** The TraceState for the new span's context. */
  readonly traceState: TraceState;
  readonly basis: SamplingBasis;
}

export function validateConsistentProbabilitySamplerConfig(config: ConsistentProbabilitySamplerConfig): string[] {
  const problems: string[] = [];
  const { probability, precision } = config;
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
    problems.push(`probability must be a number from 0 to 1, got ${String(probability)}`);
  }
  if (precision !== undefined && !(Number.isInteger(precision) && precision >= 1 && precision <= 14)) {
    problems.push(`precision must be an integer from 1 to 14, got ${String(precision)}`);
  }
  return problems;
}

/** `traceState` without `th`, for decisions of unknown probability; unchanged when it had none. */
function eraseThreshold(traceState: TraceState, ot: OtTraceState): TraceState {
  if (ot.threshold === undefined) return traceState;
  const { threshold: _erased, ...rest } = ot;
  return withOtTraceState(traceState, rest) ?? traceState;
}

export class ConsistentProbabilitySampler {
  /** T: a root is kept iff R >= T. */
  readonly threshold: bigint;

  /** Throws RangeError for a configuration validateConsistentProbabilitySamplerConfig rejects. */
  constructor(private readonly config: ConsistentProbabilitySamplerConfig) {
    const problems = validateConsistentProbabilitySamplerConfig(config);
    const threshold = thresholdFromProbability(config.probability, config.precision ?? DEFAULT_THRESHOLD_PRECISION);
    if (problems.length > 0 || threshold === null) {
      throw new RangeError(`invalid consistent probability sampler: ${problems.join('; ')}`);
    }
    this.threshold = threshold;
  }

  get description(): string {
    return `ConsistentProbabilitySampler{${this.config.probability}}`;
  }

  shouldSample(params: SamplingParams): SamplingResult {
    const parent = params.parent ?? null;
    const traceState = parent?.traceState ?? params.traceState ?? TraceState.EMPTY;
    const ot = otTraceStateOf(traceState);
    const randomness = ot.randomness ?? randomnessFromTraceId(params.traceId);
    const upstream = decisionFromB3(parent === null ? (params.samplingState ?? 'defer') : samplingStateOf(parent));

    if (upstream === true) {
      // Parent-based: the parent's th goes on, unless it is apparently inconsistent
      // ("check that the sampled flag matches the expression rv >= th, otherwise it
      // should erase the threshold"). With no parent there is no probability to record.
      const consistent = parent !== null && ot.threshold !== undefined && keeps(randomness, ot.threshold);
      return { sampled: true, traceState: consistent ? traceState : eraseThreshold(traceState, ot), basis: 'upstream' };
    }
    if (upstream === false) {
      return { sampled: false, traceState: parent !== null ? traceState : eraseThreshold(traceState, ot), basis: 'upstream' };
    }

    if (this.threshold === NEVER_SAMPLE_THRESHOLD || !keeps(randomness, this.threshold)) {
      return { sampled: false, traceState: eraseThreshold(traceState, ot), basis: 'probability' };
    }
    const recorded = withOtTraceState(traceState, { ...ot, threshold: this.threshold });
    return { sampled: true, traceState: recorded ?? eraseThreshold(traceState, ot), basis: 'probability' };
  }
}
