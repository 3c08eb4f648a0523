/**
 * Clamping of bigint values into the column types, so a caller's out-of-range
 * number becomes the nearest storable one instead of a failed write or query.
 */
const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

export function toUint64(n: bigint): bigint {
  return n < 0n ? 0n : n > UINT64_MAX ? UINT64_MAX : n;
}

export function toInt64(n: bigint): bigint {
  return n < INT64_MIN ? INT64_MIN : n > INT64_MAX ? INT64_MAX : n;
}
