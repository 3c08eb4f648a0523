/** protobufjs hands 64-bit fields over as Long (or number for small values); we want exact bigint. */
export interface LongLike {
  low: number;
  high: number;
  unsigned?: boolean;
}

export function longToBigInt(v: LongLike | number | string | null | undefined, signed: boolean): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'number') return BigInt(v);
  if (typeof v === 'string') return BigInt(v);
  const u = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return signed ? BigInt.asIntN(64, u) : u;
}
