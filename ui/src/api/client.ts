/**
 * Fetching from the API on the same origin. Errors carry the server's message
 * (native `{error:{message}}` or Jaeger's `{errors:[{msg}]}`) so states can say
 * what happened.
 */
import type {
  CompactTrace,
  InTraceSearchResponse,
  JaegerOperation,
  SearchResponse,
  ServiceStatsResponse,
  SpanDetailResponse,
} from './types';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

function messageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const native = (body as { error?: { message?: unknown } | string }).error;
  if (typeof native === 'string') return native;
  if (native !== undefined && native !== null && typeof native.message === 'string') return native.message;
  const jaeger = (body as { errors?: { msg?: unknown }[] }).errors;
  if (Array.isArray(jaeger) && typeof jaeger[0]?.msg === 'string') return jaeger[0].msg;
  return undefined;
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(`cannot reach the Ariadne server (${(err as Error).message})`, 0);
  }
  if (!res.ok) {
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    throw new ApiError(messageOf(body) ?? `the server answered HTTP ${res.status}`, res.status);
  }
  return (await res.json()) as T;
}

const enc = encodeURIComponent;

export const api = {
  services: (signal?: AbortSignal) => getJson<{ data: string[] | null }>('/api/services', signal).then((r) => r.data ?? []),
  operations: (service: string, signal?: AbortSignal) =>
    getJson<{ data: JaegerOperation[] | null }>(`/api/operations?service=${enc(service)}`, signal).then((r) => r.data ?? []),
  search: (query: URLSearchParams, signal?: AbortSignal) => getJson<SearchResponse>(`/api/v1/search?${query.toString()}`, signal),
  trace: (traceId: string, signal?: AbortSignal) => getJson<CompactTrace>(`/api/v1/traces/${enc(traceId)}`, signal),
  span: (traceId: string, spanId: string, signal?: AbortSignal) =>
    getJson<SpanDetailResponse>(`/api/v1/traces/${enc(traceId)}/spans/${enc(spanId)}`, signal),
  searchInTrace: (traceId: string, q: string, signal?: AbortSignal) =>
    getJson<InTraceSearchResponse>(`/api/v1/traces/${enc(traceId)}/search?q=${enc(q)}`, signal),
  serviceStats: (query: URLSearchParams, signal?: AbortSignal) => getJson<ServiceStatsResponse>(`/api/v1/services/stats?${query.toString()}`, signal),
};

export const downloadUrls = {
  traceOtlp: (traceId: string) => `/api/v3/traces/${enc(traceId)}`,
  spanOtlp: (traceId: string, spanId: string) => `/api/v1/traces/${enc(traceId)}/spans/${enc(spanId)}?download=1`,
};
