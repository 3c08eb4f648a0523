/**
 * Rejection thresholds of consistent probability sampling: 56-bit values T such that
 * a trace with randomness R is kept iff R >= T.
 * https://opentelemetry.io/docs/specs/otel/trace/tracestate-probability-sampling/
 */

/** 2^56, the number of distinct 56-bit randomness values. */
export const MAX_ADJUSTED_COUNT = 1n << 56n;
/** T = 0 keeps everything (`th:0`). */
export const ALWAYS_SAMPLE_THRESHOLD = 0n;
/** T = 2^56 keeps nothing (probability 0); it has no `th` encoding. */
export const NEVER_SAMPLE_THRESHOLD = MAX_ADJUSTED_COUNT;
/** "OpenTelemetry SDKs are recommended to use 4 digits of precision by default." */
export const DEFAULT_THRESHOLD_PRECISION = 4;
/** "sampling probability is valid in the range 2^-56 through 1". */
export const MIN_SAMPLING_PROBABILITY = 2 ** -56;

const HEX_DIGITS = 14;
// `th`: "between 1 and 14 lowercase hexadecimal digits", trailing zeros omitted.
// https://opentelemetry.io/docs/specs/otel/trace/tracestate-handling/#sampling-threshold-value-th
const TH_VALUE = /^[0-9a-f]{1,14}$/;

/**
 * Every double p >= 2^-56 is an integer multiple of 2^-108 (a 53-bit mantissa below
 * 2^-56), so p * 2^108 converts to a bigint exactly.
 */
const SCALE_BITS = 108n;

/**
 * The threshold for probability p: (1 - p) * 2^56 rounded half-up to `precision` hex
 * digits, where the precision grows by one digit per factor of 16 that p falls below
 * one half ("Raise precision by the number of leading 'f' digits") so that small
 * probabilities keep their significant digits. This is the spec's
 * probability_to_threshold_with_precision in exact integer arithmetic, so up to 14
 * digits are honoured where the float version stops at 12.
 *
 * p = 0 gives NEVER_SAMPLE_THRESHOLD; 0 < p < 2^-56 is raised to 2^-56. Null for
 * p outside [0, 1] or NaN, or a precision outside 1-14.
 */
export function thresholdFromProbability(p: number, precision = DEFAULT_THRESHOLD_PRECISION): bigint | null {
  if (!(p >= 0 && p <= 1)) return null;
  if (!Number.isInteger(precision) || precision < 1 || precision > HEX_DIGITS) return null;
  if (p === 0) return NEVER_SAMPLE_THRESHOLD;
  if (p === 1) return ALWAYS_SAMPLE_THRESHOLD;
  const scaled = BigInt(Math.max(p, MIN_SAMPLING_PROBABILITY) * 2 ** Number(SCALE_BITS));
  // frexp exponent: p = m * 2^exp with m in [0.5, 1).
  const exp = scaled.toString(2).length - Number(SCALE_BITS);
  const digits = Math.max(1, Math.min(HEX_DIGITS, precision + Math.floor(exp / -4)));
  const rejection = (1n << SCALE_BITS) - scaled; // (1 - p) * 2^108
  const shift = SCALE_BITS - 4n * BigInt(digits);
  let kept = (rejection + (1n << (shift - 1n))) >> shift;
  const limit = 16n ** BigInt(digits);
  // Rounding up to 1.0 would mean "reject everything"; the spec caps at all f's.
  if (kept >= limit) kept = limit - 1n;
  return kept << (4n * BigInt(HEX_DIGITS - digits));
}

/** "Probability = (MaxAdjustedCount - Threshold) / MaxAdjustedCount"; T is clamped to [0, 2^56]. */
export function probabilityFromThreshold(t: bigint): number {
  const clamped = t < 0n ? 0n : t > MAX_ADJUSTED_COUNT ? MAX_ADJUSTED_COUNT : t;
  return Number(MAX_ADJUSTED_COUNT - clamped) / Number(MAX_ADJUSTED_COUNT);
}

/** "AdjustedCount = MaxAdjustedCount / (MaxAdjustedCount - Threshold)": how many traces one kept trace stands for. */
export function adjustedCountFromThreshold(t: bigint): number {
  return 1 / probabilityFromThreshold(t);
}

/** The `th` value: hex without trailing zeros, `0` for T = 0; null for T outside [0, 2^56). */
export function formatThreshold(t: bigint): string | null {
  if (t < 0n || t >= MAX_ADJUSTED_COUNT) return null;
  if (t === 0n) return '0';
  return t.toString(16).padStart(HEX_DIGITS, '0').replace(/0+$/, '');
}

/** "extend the value with trailing zeros to make 14 digits", then read it as a 56-bit number. */
export function parseThreshold(th: string): bigint | null {
  if (!TH_VALUE.test(th)) return null;
  return BigInt(`0x${th.padEnd(HEX_DIGITS, '0')}`);
}

/** "If rv >= th, keep the span, else drop the span." */
export function keeps(randomness: bigint, threshold: bigint): boolean {
  return randomness >= threshold;
}
