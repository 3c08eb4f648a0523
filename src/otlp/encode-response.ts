/** ExportTraceServiceResponse in the request's encoding; partial_success only when something was rejected. */
import { otlpType, TRACE_RESPONSE } from './proto-root.js';

export interface PartialSuccess {
  readonly rejectedSpans: number;
  readonly errorMessage: string;
}

function responseObject(p: PartialSuccess | undefined): Record<string, unknown> {
  return p && (p.rejectedSpans > 0 || p.errorMessage !== '')
    ? { partialSuccess: { rejectedSpans: p.rejectedSpans, errorMessage: p.errorMessage } }
    : {};
}

export function encodeTraceResponseProto(p?: PartialSuccess): Uint8Array {
  const type = otlpType(TRACE_RESPONSE);
  return type.encode(type.fromObject(responseObject(p))).finish();
}

export function encodeTraceResponseJson(p?: PartialSuccess): string {
  const obj = responseObject(p);
  const ps = obj['partialSuccess'] as PartialSuccess | undefined;
  // int64 is a decimal string in OTLP/JSON.
  return JSON.stringify(ps ? { partialSuccess: { rejectedSpans: String(ps.rejectedSpans), errorMessage: ps.errorMessage } } : {});
}
