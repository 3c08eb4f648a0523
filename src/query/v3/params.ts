/**
 * Query parameters of Jaeger's api_v3 HTTP gateway (jaeger-idl `api_v3/query_service.proto`,
 * jaeger `cmd/query/app/apiv3/http_gateway.go`): `query.*` for FindTraces, RFC 3339 times,
 * Go durations. Pure; errors come back as values.
 */
import type { SpanKind } from '../../model/index.js';
import type { TraceQuery } from '../../store/index.js';
import { parseGoDuration } from '../duration.js';
import { ok, paramError, type ParseResult } from '../errors.js';
import { parseLimitParam, parseSpanKindParam, parseStringMapJson } from '../params.js';
import { parseRfc3339Nano } from '../rfc3339.js';

const GO_BOOL: ReadonlyMap<string, boolean> = new Map([
  ['1', true], ['t', true], ['T', true], ['true', true], ['TRUE', true], ['True', true],
  ['0', false], ['f', false], ['F', false], ['false', false], ['FALSE', false], ['False', false],
]);

/** Go's strconv.ParseBool, as Jaeger reads `raw_traces`. */
function parseBoolParam(params: URLSearchParams, name: string): ParseResult<boolean | undefined> {
  const text = params.get(name);
  if (text === null || text === '') return ok(undefined);
  const b = GO_BOOL.get(text);
  return b === undefined ? paramError(name, `cannot parse '${text}' as a boolean`) : ok(b);
}

function parseTimeParam(params: URLSearchParams, name: string): ParseResult<bigint | undefined> {
  const text = params.get(name);
  if (text === null || text === '') return ok(undefined);
  const ns = parseRfc3339Nano(text);
  if (ns === null) return paramError(name, `cannot parse '${text}' as an RFC 3339 time (e.g. 2024-01-02T15:04:05.123456789Z)`);
  return ok(ns);
}

function parseDurationParam(params: URLSearchParams, name: string): ParseResult<bigint | undefined> {
  const text = params.get(name);
  if (text === null || text === '') return ok(undefined);
  const ns = parseGoDuration(text);
  if (ns === null) return paramError(name, `cannot parse '${text}' as a duration`);
  if (ns < 0n) return paramError(name, `must not be negative, got '${text}'`);
  return ok(ns);
}

export interface V3GetTraceRequest {
  /** Optional window hints; validated, then unused (the store finds a trace by id alone). */
  readonly startTimeNs?: bigint;
  readonly endTimeNs?: bigint;
  readonly rawTraces?: boolean;
}

/** `/api/v3/traces/{trace_id}?start_time=&end_time=&raw_traces=` (the id is parsed from the path). */
export function parseV3GetTraceParams(params: URLSearchParams): ParseResult<V3GetTraceRequest> {
  const start = parseTimeParam(params, 'start_time');
  if (!start.ok) return start;
  const end = parseTimeParam(params, 'end_time');
  if (!end.ok) return end;
  if (start.value !== undefined && end.value !== undefined && start.value > end.value) {
    return paramError('start_time', `must not be after 'end_time'`);
  }
  const raw = parseBoolParam(params, 'raw_traces');
  if (!raw.ok) return raw;
  return ok({
    ...(start.value !== undefined ? { startTimeNs: start.value } : {}),
    ...(end.value !== undefined ? { endTimeNs: end.value } : {}),
    ...(raw.value !== undefined ? { rawTraces: raw.value } : {}),
  });
}

export interface V3FindDefaults {
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

/**
 * `/api/v3/traces?query.service_name=&query.operation_name=&query.start_time_min=&
 * query.start_time_max=&query.duration_min=&query.duration_max=&query.num_traces=&
 * query.attributes=`. Both start times are required (as in Jaeger); `query.attributes`
 * is a JSON object of strings, the form the proto documents for HTTP.
 */
export function parseV3FindTracesParams(params: URLSearchParams, defaults: V3FindDefaults): ParseResult<TraceQuery> {
  const hasMin = (params.get('query.start_time_min') ?? '') !== '';
  const hasMax = (params.get('query.start_time_max') ?? '') !== '';
  if (!hasMin || !hasMax) {
    return paramError(hasMin ? 'query.start_time_max' : 'query.start_time_min', 'is required (query.start_time_min and query.start_time_max are both required)');
  }
  const min = parseTimeParam(params, 'query.start_time_min');
  if (!min.ok) return min;
  const max = parseTimeParam(params, 'query.start_time_max');
  if (!max.ok) return max;
  const startMin = min.value ?? 0n;
  const startMax = max.value ?? 0n;
  if (startMin > startMax) return paramError('query.start_time_min', `must not be after 'query.start_time_max'`);

  const durationMin = parseDurationParam(params, 'query.duration_min');
  if (!durationMin.ok) return durationMin;
  const durationMax = parseDurationParam(params, 'query.duration_max');
  if (!durationMax.ok) return durationMax;
  if (durationMin.value !== undefined && durationMax.value !== undefined && durationMax.value < durationMin.value) {
    return paramError('query.duration_max', `must not be less than 'query.duration_min'`);
  }
  const limit = parseLimitParam(params, 'query.num_traces', defaults.defaultLimit, defaults.maxLimit);
  if (!limit.ok) return limit;

  let attributes: Map<string, string> | undefined;
  const attributesText = params.get('query.attributes');
  if (attributesText !== null && attributesText !== '') {
    const parsed = parseStringMapJson(attributesText, 'query.attributes');
    if (!parsed.ok) return parsed;
    if (parsed.value.size > 0) attributes = parsed.value;
  }
  const raw = parseBoolParam(params, 'query.raw_traces');
  if (!raw.ok) return raw;

  const service = params.get('query.service_name') ?? '';
  const operation = params.get('query.operation_name') ?? '';
  return ok({
    ...(service !== '' ? { service } : {}),
    ...(operation !== '' ? { operation } : {}),
    ...(attributes !== undefined ? { attributes } : {}),
    ...(durationMin.value !== undefined ? { minDurationNs: durationMin.value } : {}),
    ...(durationMax.value !== undefined ? { maxDurationNs: durationMax.value } : {}),
    startTimeMinNs: startMin,
    startTimeMaxNs: startMax,
    limit: limit.value,
  });
}

export interface V3OperationsRequest {
  readonly service: string;
  readonly spanKind?: SpanKind;
}

/** `/api/v3/operations?service=&span_kind=`: service required (the proto says so). */
export function parseV3OperationsParams(params: URLSearchParams): ParseResult<V3OperationsRequest> {
  const service = params.get('service') ?? '';
  if (service === '') return paramError('service', 'is required');
  const kind = parseSpanKindParam(params, 'span_kind');
  if (!kind.ok) return kind;
  return ok(kind.value === undefined ? { service } : { service, spanKind: kind.value });
}
