/** Trace ids are 16 bytes, span ids 8 bytes; an all-zero id is invalid (W3C, OTLP). */
export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

const HEX = /^[0-9a-f]*$/;

export function bytesToHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** Lowercase or uppercase hex of an exact byte length; null when it is not that. */
export function hexToBytes(hex: string, byteLength: number): Uint8Array | null {
  if (hex.length !== byteLength * 2) return null;
  const lower = hex.toLowerCase();
  if (!HEX.test(lower)) return null;
  return new Uint8Array(Buffer.from(lower, 'hex'));
}

export function isAllZero(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

export function isValidTraceId(b: Uint8Array): boolean {
  return b.length === TRACE_ID_BYTES && !isAllZero(b);
}

export function isValidSpanId(b: Uint8Array): boolean {
  return b.length === SPAN_ID_BYTES && !isAllZero(b);
}
