/**
 * The query parameters of Jaeger's UI API (jaeger-query `/api/...`), parsed into store
 * requests. Pure: the clock comes in as `nowNs`; errors come back as values.
 */
import { liftSyntheticTags } from './synthetic-tags.js';
import type { SpanKind } from '../../model/index.js';
import type { TraceQuery } from '../../store/index.js';
import { ok, paramError, type ParseResult } from '../errors.js';
import { parseGoDuration } from '../duration.js';
import { parseLimitParam, parseSpanKindParam, parseStringMapJson, parseTraceIdText } from '../params.js';

const NS_PER_US = 1_000n;
const NS_PER_MS = 1_000_000n;
const NS_PER_DAY = 86_400_000_000_000n;

/** Jaeger's default search window when neither `start` nor `lookback` says otherwise. */
export const DEFAULT_SEARCH_LOOKBACK_NS = 2n * NS_PER_DAY;
/** Jaeger's default window of `/api/dependencies`. */
export const DEFAULT_DEPENDENCIES_LOOKBACK_NS = NS_PER_DAY;

export interface SearchDefaults {
  /** Unix ns; the default `end`. */
  readonly nowNs: bigint;
  /** Traces returned when `limit` is absent. */
  readonly defaultLimit: number;
  /** Larger `limit` values are capped to this. */
  readonly maxLimit: number;
}

export type JaegerSearchRequest =
  /** `traceID=` given (repeatable): fetch those traces, report the missing ones. */
  | { readonly kind: 'ids'; readonly traceIds: readonly Uint8Array[] }
  | { readonly kind: 'query'; readonly query: TraceQuery };

function parseNonNegativeInt(params: URLSearchParams, name: string, what: string): ParseResult<bigint | undefined> {
  const text = params.get(name);
  if (text === null || text === '') return ok(undefined);
  if (!/^\d{1,20}$/.test(text)) return paramError(name, `cannot parse '${text}' as ${what}`);
  return ok(BigInt(text));
}

/** `minDuration`/`maxDuration`: Go durations (`100ms`, `1.5s`), not negative. */
function parseDurationParam(params: URLSearchParams, name: string): ParseResult<bigint | undefined> {
  const text = params.get(name);
  if (text === null || text === '') return ok(undefined);
  const ns = parseGoDuration(text);
  if (ns === null) return paramError(name, `cannot parse '${text}' as a duration`);
  if (ns < 0n) return paramError(name, `must not be negative, got '${text}'`);
  return ok(ns);
}

/**
 * The UI's `lookback` (`1h`, `2d`, `custom`): only consulted when `start` is absent.
 * Go durations plus whole days (`d`) and weeks (`w`); `custom` means "start/end say it".
 */
export function parseLookback(text: string): bigint | null | 'custom' {
  if (text === 'custom') return 'custom';
  const m = /^(\d{1,6})([dw])$/.exec(text);
  if (m !== null) return BigInt(m[1] ?? '0') * NS_PER_DAY * (m[2] === 'w' ? 7n : 1n);
  const ns = parseGoDuration(text);
  return ns === null || ns < 0n ? null : ns;
}

/**
 * `tag=key:value` (repeatable; the value is everything after the first colon) and
 * `tags={"key":"value"}` (repeatable JSON objects of strings), merged; later wins.
 */
export function parseTagParams(params: URLSearchParams): ParseResult<Map<string, string>> {
  const out = new Map<string, string>();
  for (const tag of params.getAll('tag')) {
    const colon = tag.indexOf(':');
    if (colon < 0) return paramError('tag', `expecting key:value, got '${tag}'`);
    out.set(tag.slice(0, colon), tag.slice(colon + 1));
  }
  for (const json of params.getAll('tags')) {
    const parsed = parseStringMapJson(json, 'tags');
    if (!parsed.ok) return parsed;
    for (const [k, v] of parsed.value) out.set(k, v);
  }
  return ok(out);
}

/**
 * `/api/traces`: service, operation, tags/tag, minDuration, maxDuration, start/end
 * (unix microseconds), lookback, limit, traceID.
 */
export function parseJaegerSearchParams(params: URLSearchParams, defaults: SearchDefaults): ParseResult<JaegerSearchRequest> {
  const startUs = parseNonNegativeInt(params, 'start', 'unix microseconds');
  if (!startUs.ok) return startUs;
  const endUs = parseNonNegativeInt(params, 'end', 'unix microseconds');
  if (!endUs.ok) return endUs;

  const endBaseNs = endUs.value === undefined ? defaults.nowNs : endUs.value * NS_PER_US;
  // `end` covers its whole microsecond: spans are stored with nanosecond starts.
  const endNs = endUs.value === undefined ? endBaseNs : endBaseNs + (NS_PER_US - 1n);
  let startNs: bigint;
  if (startUs.value !== undefined) {
    startNs = startUs.value * NS_PER_US;
  } else {
    const lookbackText = params.get('lookback');
    let lookbackNs = DEFAULT_SEARCH_LOOKBACK_NS;
    if (lookbackText !== null && lookbackText !== '') {
      const parsed = parseLookback(lookbackText);
      if (parsed === null) return paramError('lookback', `cannot parse '${lookbackText}' as a duration (e.g. 1h, 2d)`);
      if (parsed !== 'custom') lookbackNs = parsed;
    }
    startNs = endBaseNs - lookbackNs < 0n ? 0n : endBaseNs - lookbackNs;
  }
  if (startNs > endNs) return paramError('start', `must not be after 'end' (${startUs.value} > ${endUs.value ?? 'now'})`);

  const parsedTags = parseTagParams(params);
  if (!parsedTags.ok) return parsedTags;
  const tags = liftSyntheticTags(parsedTags.value);
  if (!tags.ok) return tags;
  const limit = parseLimitParam(params, 'limit', defaults.defaultLimit, defaults.maxLimit);
  if (!limit.ok) return limit;
  const minDuration = parseDurationParam(params, 'minDuration');
  if (!minDuration.ok) return minDuration;
  const maxDuration = parseDurationParam(params, 'maxDuration');
  if (!maxDuration.ok) return maxDuration;
  if (minDuration.value !== undefined && maxDuration.value !== undefined && maxDuration.value < minDuration.value) {
    return paramError('maxDuration', `must not be less than 'minDuration' (${params.get('maxDuration')} < ${params.get('minDuration')})`);
  }

  const traceIds: Uint8Array[] = [];
  for (const text of params.getAll('traceID')) {
    const id = parseTraceIdText(text);
    if (id === null) return paramError('traceID', `cannot parse '${text}' as a trace id (1 to 32 hex digits)`);
    traceIds.push(id);
  }
  if (traceIds.length > 0) return ok({ kind: 'ids', traceIds });

  const service = params.get('service') ?? '';
  if (service === '') return paramError('service', 'is required (or give traceID)');
  const operation = params.get('operation') ?? '';
  const query: TraceQuery = {
    service,
    ...(operation !== '' ? { operation } : {}),
    ...(tags.value.attributes.size > 0 ? { attributes: tags.value.attributes } : {}),
    ...(tags.value.statusCode !== undefined ? { statusCode: tags.value.statusCode } : {}),
    ...(tags.value.spanKind !== undefined ? { spanKind: tags.value.spanKind } : {}),
    ...(minDuration.value !== undefined ? { minDurationNs: minDuration.value } : {}),
    ...(maxDuration.value !== undefined ? { maxDurationNs: maxDuration.value } : {}),
    startTimeMinNs: startNs,
    startTimeMaxNs: endNs,
    limit: limit.value,
  };
  return ok({ kind: 'query', query });
}

export interface OperationsRequest {
  readonly service: string;
  readonly spanKind?: SpanKind;
}

/** `/api/operations?service=&spanKind=`: service required, kind optional. */
export function parseOperationsParams(params: URLSearchParams): ParseResult<OperationsRequest> {
  const service = params.get('service') ?? '';
  if (service === '') return paramError('service', 'is required');
  const spanKind = parseSpanKindParam(params, 'spanKind');
  if (!spanKind.ok) return spanKind;
  return ok(spanKind.value === undefined ? { service } : { service, spanKind: spanKind.value });
}

export interface DependenciesRequest {
  readonly endNs: bigint;
  readonly lookbackNs: bigint;
  /** Keep only links whose parent or child is this service. */
  readonly service?: string;
}

/** `/api/dependencies?endTs=&lookback=`: both in milliseconds; endTs defaults to now, lookback to a day. */
export function parseDependenciesParams(params: URLSearchParams, nowNs: bigint): ParseResult<DependenciesRequest> {
  const endTs = parseNonNegativeInt(params, 'endTs', 'unix milliseconds');
  if (!endTs.ok) return endTs;
  let lookbackNs = DEFAULT_DEPENDENCIES_LOOKBACK_NS;
  const lookbackText = params.get('lookback');
  if (lookbackText !== null && lookbackText !== '') {
    // Jaeger parses it as the Go duration `${lookback}ms`, so "1.5" is 1.5 ms.
    const ns = /^[\d.]+$/.test(lookbackText) ? parseGoDuration(`${lookbackText}ms`) : null;
    if (ns === null) return paramError('lookback', `cannot parse '${lookbackText}' as milliseconds`);
    if (ns > 0n) lookbackNs = ns;
  }
  const service = params.get('service') ?? '';
  return ok({
    endNs: endTs.value === undefined ? nowNs : endTs.value * NS_PER_MS,
    lookbackNs,
    ...(service !== '' ? { service } : {}),
  });
}
