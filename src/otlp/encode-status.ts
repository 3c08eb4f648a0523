/** google.rpc.Status, the body OTLP/HTTP sends with an error status, in the request's encoding. */
import { otlpType, RPC_STATUS } from './proto-root.js';

/** gRPC code numbers used in Status bodies. */
export const GrpcCode = { INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14, INTERNAL: 13 } as const;

export function encodeStatusProto(code: number, message: string): Uint8Array {
  const t = otlpType(RPC_STATUS);
  return t.encode(t.fromObject({ code, message })).finish();
}

export function encodeStatusJson(code: number, message: string): string {
  return JSON.stringify({ code, message });
}
