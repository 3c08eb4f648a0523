/** Search results and service statistics as the UI reads them. */
import { bytesToHex } from '../../model/index.js';
import type { ServiceStats, SpanStats, TraceSummary } from '../../store/index.js';

export interface TraceSummaryJson {
  readonly traceId: string;
  /** Decimal string: exact, beyond what a JSON number holds. */
  readonly startTimeUnixNano: string;
  readonly durationNs: number;
  /** Null while the root span has not arrived. */
  readonly rootServiceName: string | null;
  readonly rootSpanName: string | null;
  readonly spanCount: number;
  readonly errorCount: number;
  readonly services: readonly { readonly service: string; readonly spanCount: number }[];
}

export function traceSummaryJson(s: TraceSummary): TraceSummaryJson {
  return {
    traceId: bytesToHex(s.traceId),
    startTimeUnixNano: s.startTimeUnixNano.toString(),
    durationNs: Number(s.durationNs),
    rootServiceName: s.rootServiceName ?? null,
    rootSpanName: s.rootSpanName ?? null,
    spanCount: s.spanCount,
    errorCount: s.errorCount,
    services: s.services,
  };
}

export interface SpanStatsJson {
  readonly spanCount: number;
  readonly errorCount: number;
  readonly p50Ns: number;
  readonly p95Ns: number;
  readonly p99Ns: number;
}

function spanStatsJson(s: SpanStats): SpanStatsJson {
  return { spanCount: s.spanCount, errorCount: s.errorCount, p50Ns: Number(s.p50Ns), p95Ns: Number(s.p95Ns), p99Ns: Number(s.p99Ns) };
}

export interface ServiceStatsJson extends SpanStatsJson {
  readonly service: string;
  readonly operations: readonly (SpanStatsJson & { readonly operation: string })[];
}

export function serviceStatsJson(s: ServiceStats): ServiceStatsJson {
  return {
    service: s.service,
    ...spanStatsJson(s),
    operations: s.operations.map((o) => ({ operation: o.operation, ...spanStatsJson(o) })),
  };
}
