/** The logs and series routes (/api/traces/{id}/logs, /api/logs, /api/series). */
import { getJson } from './client';

export type OtlpJsonValue = Record<string, unknown>;

export interface OtlpJsonKeyValue {
  readonly key: string;
  readonly value: OtlpJsonValue;
}

export interface LogRecordJson {
  readonly timeUnixNano: string;
  readonly observedTimeUnixNano: string;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: OtlpJsonValue;
  readonly attributes: readonly OtlpJsonKeyValue[];
  readonly traceId: string;
  readonly spanId: string;
  readonly serviceName: string;
  readonly resource: { readonly attributes: readonly OtlpJsonKeyValue[] };
}

export interface LogsResponse {
  readonly data: readonly LogRecordJson[];
}

export interface SeriesJson {
  readonly attributes: Readonly<Record<string, string>>;
  readonly stat: 'value' | 'rate' | 'p50' | 'p95' | 'p99';
  /** [unix microseconds, value] */
  readonly points: readonly (readonly [number, number])[];
}

export interface SeriesResponse {
  readonly name: string;
  readonly unit: string;
  readonly type: string | null;
  readonly start: number;
  readonly end: number;
  readonly step: number;
  readonly pointCount: number;
  readonly series: readonly SeriesJson[];
}

const enc = encodeURIComponent;

export const signalsApi = {
  traceLogs: (traceId: string, spanId: string | null, signal?: AbortSignal) =>
    getJson<LogsResponse>(`/api/traces/${enc(traceId)}/logs${spanId !== null ? `?spanID=${enc(spanId)}` : ''}`, signal),
  searchLogs: (query: URLSearchParams, signal?: AbortSignal) => getJson<LogsResponse>(`/api/logs?${query.toString()}`, signal),
  series: (name: string, resource: readonly (readonly [string, string])[], startUs: number, endUs: number, signal?: AbortSignal) => {
    const q = new URLSearchParams({ name, start: String(Math.floor(startUs)), end: String(Math.ceil(endUs)) });
    for (const [k, v] of resource) q.set(`resource.${k}`, v);
    return getJson<SeriesResponse>(`/api/series?${q.toString()}`, signal);
  },
};
