/**
 * Random trace and span ids. Bytes come from crypto.randomFillSync into a pool that is
 * refilled in batches, which is far cheaper than one call per id. The W3C Level 2
 * randomness requirement (the right-most 7 bytes random) holds, since every byte is.
 */
import { randomFillSync } from 'node:crypto';
import { isAllZero, SPAN_ID_BYTES, TRACE_ID_BYTES } from '../model/ids.js';

const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let offset = POOL_BYTES;

function randomId(byteLength: number): Uint8Array {
  for (;;) {
    if (offset + byteLength > POOL_BYTES) {
      randomFillSync(pool);
      offset = 0;
    }
    // slice copies, so the caller's id never aliases the pool.
    const id = pool.slice(offset, offset + byteLength);
    offset += byteLength;
    // An all-zero id is invalid (W3C trace-id / parent-id); draw again.
    if (!isAllZero(id)) return id;
  }
}

/** A random 16-byte trace id, never all zero. */
export function randomTraceId(): Uint8Array {
  return randomId(TRACE_ID_BYTES);
}

/** A random 8-byte span id, never all zero. */
export function randomSpanId(): Uint8Array {
  return randomId(SPAN_ID_BYTES);
}
