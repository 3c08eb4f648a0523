import { describe, expect, it } from 'vitest';
import { parseV3FindTracesParams, parseV3GetTraceParams, parseV3OperationsParams } from '../../../src/query/v3/params.js';

const DEFAULTS = { defaultLimit: 20, maxLimit: 1500 };
const WINDOW = 'query.start_time_min=2024-01-02T15:00:00Z&query.start_time_max=2024-01-02T16:00:00.000000001Z';
const MIN = 1_704_207_600_000_000_000n;
const MAX = 1_704_211_200_000_000_001n;

describe('parseV3FindTracesParams', () => {
  it('window only: defaults for the rest', () => {
    expect(parseV3FindTracesParams(new URLSearchParams(WINDOW), DEFAULTS)).toEqual({
      ok: true,
      value: { startTimeMinNs: MIN, startTimeMaxNs: MAX, limit: 20 },
    });
  });

  it('every query.* parameter', () => {
    const q = new URLSearchParams(WINDOW);
    q.set('query.service_name', 'frontend');
    q.set('query.operation_name', 'GET /cart');
    q.set('query.duration_min', '100ms');
    q.set('query.duration_max', '1.5s');
    q.set('query.num_traces', '7');
    q.set('query.attributes', '{"error":"true"}');
    q.set('query.raw_traces', 'true');
    const r = parseV3FindTracesParams(q, DEFAULTS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { attributes, ...rest } = r.value;
    expect(rest).toEqual({
      service: 'frontend',
      operation: 'GET /cart',
      minDurationNs: 100_000_000n,
      maxDurationNs: 1_500_000_000n,
      startTimeMinNs: MIN,
      startTimeMaxNs: MAX,
      limit: 7,
    });
    expect(Object.fromEntries(attributes ?? [])).toEqual({ error: 'true' });
  });

  const invalid: [name: string, query: string, message: string][] = [
    ['no window', 'query.service_name=x', "parameter 'query.start_time_min': is required (query.start_time_min and query.start_time_max are both required)"],
    ['no max', 'query.start_time_min=2024-01-02T15:00:00Z', "parameter 'query.start_time_max': is required (query.start_time_min and query.start_time_max are both required)"],
    ['unix time instead of RFC 3339', 'query.start_time_min=1704207600&query.start_time_max=2024-01-02T16:00:00Z', "parameter 'query.start_time_min': cannot parse '1704207600' as an RFC 3339 time (e.g. 2024-01-02T15:04:05.123456789Z)"],
    ['min after max', 'query.start_time_min=2024-01-02T17:00:00Z&query.start_time_max=2024-01-02T16:00:00Z', "parameter 'query.start_time_min': must not be after 'query.start_time_max'"],
    ['bad duration', `${WINDOW}&query.duration_min=12parsecs`, "parameter 'query.duration_min': cannot parse '12parsecs' as a duration"],
    ['max below min', `${WINDOW}&query.duration_min=2s&query.duration_max=1s`, "parameter 'query.duration_max': must not be less than 'query.duration_min'"],
    ['bad num_traces', `${WINDOW}&query.num_traces=many`, "parameter 'query.num_traces': cannot parse 'many' as a positive integer"],
    ['bad attributes', `${WINDOW}&query.attributes=error%3Dtrue`, "parameter 'query.attributes': cannot parse 'error=true' as JSON: Unexpected token 'e', \"error=true\" is not valid JSON"],
    ['bad raw_traces', `${WINDOW}&query.raw_traces=yes`, "parameter 'query.raw_traces': cannot parse 'yes' as a boolean"],
  ];
  it.each(invalid)('invalid: %s', (name, query, message) => {
    const r = parseV3FindTracesParams(new URLSearchParams(query), DEFAULTS);
    expect(r.ok ? r.value : r.error.message, name).toBe(message);
  });

  it('caps num_traces', () => {
    const r = parseV3FindTracesParams(new URLSearchParams(`${WINDOW}&query.num_traces=100000`), DEFAULTS);
    expect(r.ok && r.value.limit).toBe(1500);
  });
});

describe('parseV3GetTraceParams', () => {
  const cases: [name: string, query: string, want: object | string][] = [
    ['none', '', {}],
    ['window and raw', 'start_time=2024-01-02T15:00:00Z&end_time=2024-01-02T16:00:00.000000001Z&raw_traces=1', { startTimeNs: MIN, endTimeNs: MAX, rawTraces: true }],
    ['raw false', 'raw_traces=False', { rawTraces: false }],
    ['bad start', 'start_time=yesterday', "parameter 'start_time': cannot parse 'yesterday' as an RFC 3339 time (e.g. 2024-01-02T15:04:05.123456789Z)"],
    ['start after end', 'start_time=2024-01-02T17:00:00Z&end_time=2024-01-02T16:00:00Z', "parameter 'start_time': must not be after 'end_time'"],
    ['bad raw', 'raw_traces=yes', "parameter 'raw_traces': cannot parse 'yes' as a boolean"],
  ];
  it.each(cases)('%s', (name, query, want) => {
    const r = parseV3GetTraceParams(new URLSearchParams(query));
    expect(r.ok ? r.value : r.error.message, name).toEqual(want);
  });
});

describe('parseV3OperationsParams', () => {
  const cases: [name: string, query: string, want: object | string][] = [
    ['service', 'service=frontend', { service: 'frontend' }],
    ['service and kind', 'service=frontend&span_kind=client', { service: 'frontend', spanKind: 3 }],
    ['no service', 'span_kind=client', "parameter 'service': is required"],
    ['bad kind', 'service=frontend&span_kind=SPAN_KIND_CLIENT', "parameter 'span_kind': unknown span kind 'SPAN_KIND_CLIENT'; use one of server, client, producer, consumer, internal, unspecified"],
  ];
  it.each(cases)('%s', (name, query, want) => {
    const r = parseV3OperationsParams(new URLSearchParams(query));
    expect(r.ok ? r.value : r.error.message, name).toEqual(want);
  });
});
