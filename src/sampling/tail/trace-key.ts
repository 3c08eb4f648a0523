/** A trace id as a Map key: one UTF-16 unit per byte (16 chars), cheaper than hex or a Buffer view. */
export function traceKey(traceId: Uint8Array): string {
  return String.fromCharCode.apply(null, traceId as unknown as number[]);
}
