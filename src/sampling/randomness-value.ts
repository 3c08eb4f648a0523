/**
 * The 56-bit randomness R of consistent probability sampling.
 * https://opentelemetry.io/docs/specs/otel/trace/tracestate-handling/#explicit-randomness-value-rv
 */

// "Values of rv MUST be exactly 14 lower-case hexadecimal digits."
const RV_VALUE = /^[0-9a-f]{14}$/;
const RANDOMNESS_BYTES = 7;

export function parseRandomness(rv: string): bigint | null {
  return RV_VALUE.test(rv) ? BigInt(`0x${rv}`) : null;
}

/** The `rv` value; null outside [0, 2^56). */
export function formatRandomness(r: bigint): string | null {
  if (r < 0n || r >= 1n << 56n) return null;
  return r.toString(16).padStart(14, '0');
}

/** "the least-significant 56 bits of the TraceID": its right-most 7 bytes, big-endian. */
export function randomnessFromTraceId(traceId: Uint8Array): bigint {
  let r = 0n;
  for (let i = Math.max(0, traceId.length - RANDOMNESS_BYTES); i < traceId.length; i++) {
    r = (r << 8n) | BigInt(traceId[i] ?? 0);
  }
  return r;
}
