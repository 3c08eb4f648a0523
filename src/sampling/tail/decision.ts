/**
 * A policy's verdict and how the verdicts of all policies make the trace's decision,
 * as the Collector's tailsamplingprocessor combines them:
 * any `dropped` -> not sampled; else any `inverted_not_sampled` -> not sampled; else any
 * `sampled` -> sampled; else `inverted_sampled` with no `not_sampled` -> sampled; else
 * not sampled.
 */
export type Decision = 'sampled' | 'not_sampled' | 'inverted_sampled' | 'inverted_not_sampled' | 'dropped';

export interface FinalDecision {
  readonly sampled: boolean;
  /** The index of the policy that kept the trace (first `sampled`, else first `inverted_sampled`); -1 when dropped. */
  readonly keptBy: number;
}

export function combine(decisions: readonly Decision[]): FinalDecision {
  let dropped = false;
  let invertNot = false;
  let sampled = -1;
  let invertSampled = -1;
  let not = false;
  for (let i = 0; i < decisions.length; i++) {
    switch (decisions[i]) {
      case 'dropped':
        dropped = true;
        break;
      case 'inverted_not_sampled':
        invertNot = true;
        break;
      case 'sampled':
        if (sampled === -1) sampled = i;
        break;
      case 'inverted_sampled':
        if (invertSampled === -1) invertSampled = i;
        break;
      default:
        not = true;
    }
  }
  if (dropped || invertNot) return { sampled: false, keptBy: -1 };
  if (sampled !== -1) return { sampled: true, keptBy: sampled };
  if (invertSampled !== -1 && !not) return { sampled: true, keptBy: invertSampled };
  return { sampled: false, keptBy: -1 };
}

export function isSampled(d: Decision): boolean {
  return d === 'sampled' || d === 'inverted_sampled';
}
