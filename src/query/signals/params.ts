/** Parameters of the logs and series routes. Pure; never throws (ParseResult). */
import { severityFloor, SPAN_ID_BYTES } from '../../model/index.js';
import { parseGoDuration } from '../duration.js';
import { ok, paramError, type ParseResult } from '../errors.js';

const US = 1_000n;
const MAX_LOG_LIMIT = 1000;
export const DEFAULT_LOG_LIMIT = 100;
/** The most buckets one series answer holds; a smaller step is refused rather than truncated. */
export const MAX_SERIES_BUCKETS = 11_000;

/** Unix microseconds, as `start`/`end` of /api/traces; absent -> undefined. */
function micros(params: URLSearchParams, name: string): ParseResult<bigint | undefined> {
  const text = params.get(name);
  if (text === null || text === '') return ok(undefined);
  if (!/^\d{1,19}$/.test(text)) return paramError(name, `cannot parse '${text}' as unix microseconds (a non-negative integer)`);
  return ok(BigInt(text) * US);
}

export function parseSpanIdParam(params: URLSearchParams, name: string): ParseResult<Uint8Array | undefined> {
  const text = params.get(name);
  if (text === null || text === '') return ok(undefined);
  if (!/^[0-9a-fA-F]{1,16}$/.test(text)) return paramError(name, `'${text}' is not a span id (1 to 16 hex digits)`);
  return ok(new Uint8Array(Buffer.from(text.toLowerCase().padStart(SPAN_ID_BYTES * 2, '0'), 'hex')));
}

export interface LogSearch {
  readonly service?: string;
  readonly minSeverityNumber?: number;
  readonly text?: string;
  readonly startNs?: bigint;
  readonly endNs?: bigint;
  readonly limit: number;
}

/** A severity name (trace, debug, info, warn, error, fatal) or a SeverityNumber 1..24. */
function severity(params: URLSearchParams): ParseResult<number | undefined> {
  const text = params.get('severity');
  if (text === null || text === '') return ok(undefined);
  if (/^\d{1,2}$/.test(text)) {
    const n = Number(text);
    if (n >= 1 && n <= 24) return ok(n);
  }
  const floor = severityFloor(text);
  if (floor !== undefined) return ok(floor);
  return paramError('severity', `unknown severity '${text}'; use trace, debug, info, warn, error, fatal or a severity number 1..24`);
}

export function parseLogSearchParams(params: URLSearchParams): ParseResult<LogSearch> {
  const sev = severity(params);
  if (!sev.ok) return sev;
  const start = micros(params, 'start');
  if (!start.ok) return start;
  const end = micros(params, 'end');
  if (!end.ok) return end;
  if (start.value !== undefined && end.value !== undefined && end.value < start.value) return paramError('end', 'must not be before start');
  const limitText = params.get('limit');
  let limit = DEFAULT_LOG_LIMIT;
  if (limitText !== null && limitText !== '') {
    if (!/^\d+$/.test(limitText) || Number(limitText) < 1) return paramError('limit', `cannot parse '${limitText}' as a positive integer`);
    limit = Math.min(Number(limitText), MAX_LOG_LIMIT);
  }
  const service = params.get('service');
  const q = params.get('q');
  return ok({
    ...(service ? { service } : {}),
    ...(sev.value !== undefined ? { minSeverityNumber: sev.value } : {}),
    ...(q ? { text: q } : {}),
    ...(start.value !== undefined ? { startNs: start.value } : {}),
    ...(end.value !== undefined ? { endNs: end.value } : {}),
    limit,
  });
}

export interface SeriesRequest {
  readonly name: string;
  readonly resource: Map<string, string>;
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly stepNs: bigint;
}

const RESOURCE_PREFIX = 'resource.';

/** `step`: a Go duration (`15s`, `1m`) or whole seconds; default: the window in about 120 buckets, at least 1 s. */
function step(params: URLSearchParams, windowNs: bigint): ParseResult<bigint> {
  const text = params.get('step');
  if (text === null || text === '') {
    const s = windowNs / 120n;
    return ok(s < 1_000_000_000n ? 1_000_000_000n : s);
  }
  const ns = /^\d+$/.test(text) ? BigInt(text) * 1_000_000_000n : parseGoDuration(text);
  if (ns === null) return paramError('step', `cannot parse '${text}' as a duration (e.g. 15s, 1m) or whole seconds`);
  if (ns <= 0n) return paramError('step', 'must be positive');
  if (windowNs / ns > BigInt(MAX_SERIES_BUCKETS)) return paramError('step', `gives more than ${MAX_SERIES_BUCKETS} points over start..end; use a larger step`);
  return ok(ns);
}

export function parseSeriesParams(params: URLSearchParams, nowNs: bigint): ParseResult<SeriesRequest> {
  const name = params.get('name');
  if (name === null || name === '') return paramError('name', 'is required: the metric name, e.g. k8s.pod.cpu.utilization');
  const resource = new Map<string, string>();
  for (const [k, v] of params) {
    if (!k.startsWith(RESOURCE_PREFIX)) continue;
    const key = k.slice(RESOURCE_PREFIX.length);
    if (key === '') return paramError(k, "needs an attribute name after 'resource.'");
    resource.set(key, v);
  }
  if (resource.size === 0) {
    return paramError('resource.KEY', 'at least one resource attribute is required, e.g. resource.k8s.pod.name=checkout-1&resource.k8s.namespace.name=shop');
  }
  const end = micros(params, 'end');
  if (!end.ok) return end;
  const endNs = end.value ?? nowNs;
  const start = micros(params, 'start');
  if (!start.ok) return start;
  const startNs = start.value ?? endNs - 3_600_000_000_000n;
  if (endNs < startNs) return paramError('end', 'must not be before start');
  const s = step(params, endNs - startNs);
  if (!s.ok) return s;
  return ok({ name, resource, startNs, endNs, stepNs: s.value });
}
