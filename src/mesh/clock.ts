/**
 * Unix-nanosecond timestamps for spans. Date.now() alone has millisecond resolution
 * and can step backwards; anchoring the monotonic hrtime clock to the wall clock once
 * gives sub-millisecond durations that never go negative within a process.
 */
const ANCHOR_NS = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

export function nowUnixNano(): bigint {
  return ANCHOR_NS + process.hrtime.bigint();
}
