/**
 * ExportLogsServiceResponse / ExportMetricsServiceResponse in the request's encoding;
 * partial_success only when something was rejected (as encode-response.ts for traces).
 */
import { LOGS_RESPONSE, METRICS_RESPONSE, otlpType } from './proto-root.js';

export type SignalName = 'logs' | 'metrics';

/** How many log records or data points were refused, and why. */
export interface SignalPartialSuccess {
  readonly rejected: number;
  readonly errorMessage: string;
}

const SHAPES = {
  logs: { type: LOGS_RESPONSE, field: 'rejectedLogRecords' },
  metrics: { type: METRICS_RESPONSE, field: 'rejectedDataPoints' },
} as const;

function wanted(p: SignalPartialSuccess | undefined): p is SignalPartialSuccess {
  return p !== undefined && (p.rejected > 0 || p.errorMessage !== '');
}

export function encodeSignalResponseProto(signal: SignalName, p?: SignalPartialSuccess): Uint8Array {
  const shape = SHAPES[signal];
  const type = otlpType(shape.type);
  const obj = wanted(p) ? { partialSuccess: { [shape.field]: p.rejected, errorMessage: p.errorMessage } } : {};
  return type.encode(type.fromObject(obj)).finish();
}

export function encodeSignalResponseJson(signal: SignalName, p?: SignalPartialSuccess): string {
  // int64 is a decimal string in OTLP/JSON.
  return JSON.stringify(wanted(p) ? { partialSuccess: { [SHAPES[signal].field]: String(p.rejected), errorMessage: p.errorMessage } } : {});
}
