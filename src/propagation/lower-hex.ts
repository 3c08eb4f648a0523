/** Lowercase-hex id fields shared by traceparent and B3 (both require lower-hex). */
import { hexToBytes, isAllZero } from '../model/ids.js';

const LOWER_HEX = /^[0-9a-f]+$/;

/** Bytes of a lowercase-hex id of exactly `byteLength` bytes that is not all zero; else null. */
export function parseLowerHexId(hex: string, byteLength: number): Uint8Array | null {
  if (hex.length !== byteLength * 2 || !LOWER_HEX.test(hex)) return null;
  const bytes = hexToBytes(hex, byteLength);
  return bytes === null || isAllZero(bytes) ? null : bytes;
}
