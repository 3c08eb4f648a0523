/**
 * Query parameters of the native API (`/api/v1/...`), the one the web UI speaks.
 * Pure: the clock comes in as `nowNs`; errors come back as values, never thrown.
 *
 *   /api/v1/search?service=&operation=&spanKind=&status=&attr=key=value&attr=...
 *                 &minDuration=100ms&maxDuration=&lookback=1h | start=&end= (unix ms)&limit=20
 *   /api/v1/services/stats?lookback=1h | start=&end=
 */
import { StatusCode, type SpanKind } from '../../model/index.js';
import type { TraceQuery } from '../../store/index.js';
import { parseGoDuration } from '../duration.js';
import { ok, paramError, type ParseResult } from '../errors.js';
import { parseLookback } from '../jaeger/params.js';
import { parseLimitParam, parseSpanKindParam } from '../params.js';

const NS_PER_MS = 1_000_000n;
const NS_PER_HOUR = 3_600_000_000_000n;

/** The window when neither `start` nor `lookback` is given. */
export const DEFAULT_LOOKBACK_NS = NS_PER_HOUR;

/** A search window, unix ns, both ends inclusive. */
export interface TimeWindow {
  readonly startNs: bigint;
  readonly endNs: bigint;
}

export interface NativeSearch {
  readonly query: TraceQuery;
  readonly window: TimeWindow;
}

export interface SearchDefaults {
  readonly nowNs: bigint;
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

const STATUS_BY_NAME: ReadonlyMap<string, StatusCode> = new Map([
  ['unset', StatusCode.UNSET],
  ['ok', StatusCode.OK],
  ['error', StatusCode.ERROR],
]);

function unixMsParam(params: URLSearchParams, name: string): ParseResult<bigint | undefined> {
  const text = params.get(name);
  if (text === null || text === '') return ok(undefined);
  if (!/^\d{1,15}$/.test(text)) return paramError(name, `cannot parse '${text}' as unix milliseconds`);
  return ok(BigInt(text) * NS_PER_MS);
}

/**
 * `start`/`end` in unix milliseconds; without `start`, `lookback` (15m, 1h, 2d, 1w)
 * before `end` (default now). `end` covers its whole millisecond.
 */
export function parseWindowParams(params: URLSearchParams, nowNs: bigint): ParseResult<TimeWindow> {
  const start = unixMsParam(params, 'start');
  if (!start.ok) return start;
  const end = unixMsParam(params, 'end');
  if (!end.ok) return end;
  const endBase = end.value ?? nowNs;
  const endNs = end.value === undefined ? nowNs : endBase + NS_PER_MS - 1n;
  let startNs = start.value;
  if (startNs === undefined) {
    let lookbackNs = DEFAULT_LOOKBACK_NS;
    const text = params.get('lookback');
    if (text !== null && text !== '' && text !== 'custom') {
      const parsed = parseLookback(text);
      if (parsed === null || parsed === 'custom') return paramError('lookback', `cannot parse '${text}' as a duration (e.g. 15m, 1h, 2d)`);
      lookbackNs = parsed;
    }
    startNs = endBase > lookbackNs ? endBase - lookbackNs : 0n;
  }
  if (startNs > endNs) return paramError('start', `must not be after 'end'`);
  return ok({ startNs, endNs });
}

function durationParam(params: URLSearchParams, name: string): ParseResult<bigint | undefined> {
  const text = params.get(name);
  if (text === null || text === '') return ok(undefined);
  const ns = parseGoDuration(text);
  if (ns === null) return paramError(name, `cannot parse '${text}' as a duration (e.g. 250ms, 1.5s, 2m)`);
  if (ns < 0n) return paramError(name, `must not be negative, got '${text}'`);
  return ok(ns);
}

/** `attr=key=value`, repeatable: the key ends at the first '=', the value may hold more. */
export function parseAttrParams(params: URLSearchParams): ParseResult<Map<string, string>> {
  const out = new Map<string, string>();
  for (const pair of params.getAll('attr')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return paramError('attr', `expecting key=value, got '${pair}'`);
    out.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return ok(out);
}

function statusParam(params: URLSearchParams): ParseResult<StatusCode | undefined> {
  const text = params.get('status');
  if (text === null || text === '') return ok(undefined);
  const code = STATUS_BY_NAME.get(text.toLowerCase());
  if (code === undefined) return paramError('status', `unknown status '${text}'; use error, ok or unset`);
  return ok(code);
}

export function parseNativeSearchParams(params: URLSearchParams, defaults: SearchDefaults): ParseResult<NativeSearch> {
  const window = parseWindowParams(params, defaults.nowNs);
  if (!window.ok) return window;
  const kind = parseSpanKindParam(params, 'spanKind');
  if (!kind.ok) return kind;
  const status = statusParam(params);
  if (!status.ok) return status;
  const attrs = parseAttrParams(params);
  if (!attrs.ok) return attrs;
  const min = durationParam(params, 'minDuration');
  if (!min.ok) return min;
  const max = durationParam(params, 'maxDuration');
  if (!max.ok) return max;
  if (min.value !== undefined && max.value !== undefined && max.value < min.value) {
    return paramError('maxDuration', `must not be less than 'minDuration'`);
  }
  const limit = parseLimitParam(params, 'limit', defaults.defaultLimit, defaults.maxLimit);
  if (!limit.ok) return limit;
  const service = params.get('service') ?? '';
  const operation = params.get('operation') ?? '';
  const spanKind: SpanKind | undefined = kind.value;
  const query: TraceQuery = {
    ...(service !== '' ? { service } : {}),
    ...(operation !== '' ? { operation } : {}),
    ...(spanKind !== undefined ? { spanKind } : {}),
    ...(status.value !== undefined ? { statusCode: status.value } : {}),
    ...(attrs.value.size > 0 ? { attributes: attrs.value } : {}),
    ...(min.value !== undefined ? { minDurationNs: min.value } : {}),
    ...(max.value !== undefined ? { maxDurationNs: max.value } : {}),
    startTimeMinNs: window.value.startNs,
    startTimeMaxNs: window.value.endNs,
    limit: limit.value,
  };
  return ok({ query, window: window.value });
}
