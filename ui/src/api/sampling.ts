/** The sampling trade-off routes (GET /api/v1/sampling, POST /api/v1/sampling/what-if; docs/collector.md). */
import { ApiError, getJson } from './client';

export interface Coverage {
  readonly seen: number;
  readonly kept: number;
  /** kept / seen; null when nothing was seen. */
  readonly coverage: number | null;
}

export interface ServiceFigures {
  readonly service: string;
  readonly traces: number;
  readonly kept_traces: number;
  readonly error_traces: Coverage;
  readonly slow_traces: Coverage;
}

export interface SamplingFigures {
  readonly kept_traces: number;
  readonly kept_spans: number;
  readonly kept_bytes: number;
  readonly spans_per_second: number;
  readonly bytes_per_second: number;
  readonly estimated_gb_per_day: number;
  readonly error_traces: Coverage;
  readonly slow_traces: Coverage;
  readonly per_service: readonly ServiceFigures[];
}

export interface SamplingWindow {
  readonly traces: number;
  readonly spans: number;
  readonly bytes: number;
  readonly from: string | null;
  readonly to: string | null;
  readonly seconds: number;
}

export interface TailPolicyFigures {
  readonly sampler: string;
  readonly policy: string;
  readonly traces: Coverage;
  readonly error_traces: Coverage;
  readonly slow_traces: Coverage;
}

export interface SamplingOverview {
  readonly window: SamplingWindow;
  readonly slow_threshold_ms: number;
  readonly ring_size: number;
  readonly samplers: { readonly head: readonly string[]; readonly tail: readonly string[] };
  readonly current: SamplingFigures;
  readonly tail_policies: readonly TailPolicyFigures[];
}

export interface WhatIfRequest {
  readonly head_probability?: number;
  readonly tail_policies?: readonly unknown[];
  readonly slow_threshold_ms?: number;
}

export interface WhatIfResponse {
  readonly window: SamplingWindow;
  readonly slow_threshold_ms: number;
  readonly current: SamplingFigures;
  readonly proposed: SamplingFigures;
  readonly warnings: readonly string[];
}

async function postJson<T>(url: string, body: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', signal, headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(`cannot reach the Ariadne server (${(err as Error).message})`, 0);
  }
  if (!res.ok) {
    let message: string | undefined;
    try {
      const parsed = (await res.json()) as { error?: unknown };
      if (typeof parsed.error === 'string') message = parsed.error;
    } catch {
      message = undefined;
    }
    throw new ApiError(message ?? `the server answered HTTP ${res.status}`, res.status);
  }
  return (await res.json()) as T;
}

export const samplingApi = {
  overview: (signal?: AbortSignal) => getJson<SamplingOverview>('/api/v1/sampling', signal),
  whatIf: (request: WhatIfRequest, signal?: AbortSignal) => postJson<WhatIfResponse>('/api/v1/sampling/what-if', request, signal),
};
