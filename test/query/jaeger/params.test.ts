import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEARCH_LOOKBACK_NS,
  parseDependenciesParams,
  parseJaegerSearchParams,
  parseLookback,
  parseOperationsParams,
  parseTagParams,
} from '../../../src/query/jaeger/params.js';

const NOW = 1_700_000_000_000_000_000n; // unix ns
const DEFAULTS = { nowNs: NOW, defaultLimit: 20, maxLimit: 1500 };
const HOUR = 3_600_000_000_000n;

function search(query: string) {
  return parseJaegerSearchParams(new URLSearchParams(query), DEFAULTS);
}

describe('parseJaegerSearchParams', () => {
  it('defaults: limit 20, window of two days ending now', () => {
    const r = search('service=frontend');
    expect(r).toEqual({
      ok: true,
      value: { kind: 'query', query: { service: 'frontend', startTimeMinNs: NOW - DEFAULT_SEARCH_LOOKBACK_NS, startTimeMaxNs: NOW, limit: 20 } },
    });
  });

  it('reads every parameter the Jaeger UI sends', () => {
    const r = search(
      'service=frontend&operation=GET%20%2Fcart&tags=%7B%22error%22%3A%22true%22%7D&tag=http.method:GET&minDuration=1.5ms&maxDuration=2s' +
        '&start=1699999000000000&end=1700000000000000&lookback=1h&limit=50',
    );
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.kind !== 'query') return;
    const q = r.value.query;
    expect(q.service).toBe('frontend');
    expect(q.operation).toBe('GET /cart');
    expect(Object.fromEntries(q.attributes ?? [])).toEqual({ 'http.method': 'GET' });
    expect(q.statusCode).toBe(2); // Jaeger's error=true tag is the span's ERROR status
    expect(q.minDurationNs).toBe(1_500_000n);
    expect(q.maxDurationNs).toBe(2_000_000_000n);
    // start/end are microseconds; end covers its whole microsecond.
    expect(q.startTimeMinNs).toBe(1_699_999_000_000_000_000n);
    expect(q.startTimeMaxNs).toBe(1_700_000_000_000_000_999n);
    expect(q.limit).toBe(50);
  });

  const windows: [name: string, query: string, min: bigint, max: bigint][] = [
    ['lookback when start is absent', 'service=s&lookback=1h', NOW - HOUR, NOW],
    ['lookback in days', 'service=s&lookback=2d', NOW - 48n * HOUR, NOW],
    ['lookback custom means the default', 'service=s&lookback=custom', NOW - DEFAULT_SEARCH_LOOKBACK_NS, NOW],
    ['lookback ignored when start is given', 'service=s&lookback=1h&start=1000', 1_000_000n, NOW],
    ['lookback back from end', 'service=s&end=1000000000&lookback=1s', 999_000_000_000n, 1_000_000_000_999n],
    ['window clamped at the epoch', 'service=s&end=1000&lookback=1h', 0n, 1_000_999n],
  ];
  it.each(windows)('window: %s', (name, query, min, max) => {
    const r = search(query);
    expect(r.ok && r.value.kind === 'query' && [r.value.query.startTimeMinNs, r.value.query.startTimeMaxNs], name).toEqual([min, max]);
  });

  it('traceID (repeatable) asks for those traces, left-padded, without needing a service', () => {
    const r = search('traceID=abc&traceID=0af7651916cd43dd8448eb211c80319c');
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.kind !== 'ids') return;
    expect(r.value.traceIds.map((b) => Buffer.from(b).toString('hex'))).toEqual([
      '00000000000000000000000000000abc',
      '0af7651916cd43dd8448eb211c80319c',
    ]);
  });

  it('caps limit at the configured maximum', () => {
    const r = search('service=s&limit=99999');
    expect(r.ok && r.value.kind === 'query' && r.value.query.limit).toBe(1500);
  });

  const invalid: [name: string, query: string, message: string][] = [
    ['service missing', 'operation=x', "parameter 'service': is required (or give traceID)"],
    ['bad minDuration', 'service=s&minDuration=12parsecs', "parameter 'minDuration': cannot parse '12parsecs' as a duration"],
    ['bad maxDuration', 'service=s&maxDuration=1', "parameter 'maxDuration': cannot parse '1' as a duration"],
    ['negative minDuration', 'service=s&minDuration=-1s', "parameter 'minDuration': must not be negative, got '-1s'"],
    ['max below min', 'service=s&minDuration=2s&maxDuration=1s', "parameter 'maxDuration': must not be less than 'minDuration' (1s < 2s)"],
    ['start not a number', 'service=s&start=yesterday', "parameter 'start': cannot parse 'yesterday' as unix microseconds"],
    ['end negative', 'service=s&end=-5', "parameter 'end': cannot parse '-5' as unix microseconds"],
    ['start after end', 'service=s&start=20&end=10', "parameter 'start': must not be after 'end' (20 > 10)"],
    ['start in the future', 'service=s&start=1800000000000000', "parameter 'start': must not be after 'end' (1800000000000000 > now)"],
    ['bad lookback', 'service=s&lookback=soon', "parameter 'lookback': cannot parse 'soon' as a duration (e.g. 1h, 2d)"],
    ['bad limit', 'service=s&limit=ten', "parameter 'limit': cannot parse 'ten' as a positive integer"],
    ['tag without colon', 'service=s&tag=error', "parameter 'tag': expecting key:value, got 'error'"],
    ['tags not JSON', 'service=s&tags=error', "parameter 'tags': cannot parse 'error' as JSON: Unexpected token 'e', \"error\" is not valid JSON"],
    ['bad traceID', 'traceID=nothex', "parameter 'traceID': cannot parse 'nothex' as a trace id (1 to 32 hex digits)"],
  ];
  it.each(invalid)('invalid: %s', (name, query, message) => {
    const r = search(query);
    expect(r.ok, name).toBe(false);
    if (!r.ok) {
      expect(r.error.message, name).toBe(message);
      expect(r.error.httpStatus, name).toBe(400);
    }
  });
});

describe('parseTagParams', () => {
  const cases: [name: string, query: string, want: Record<string, string> | string][] = [
    ['none', '', {}],
    ['one tag', 'tag=error:true', { error: 'true' }],
    ['value keeps later colons', 'tag=http.url:http://x:8080/a', { 'http.url': 'http://x:8080/a' }],
    ['empty value', 'tag=k:', { k: '' }],
    ['repeated tag', 'tag=a:1&tag=b:2', { a: '1', b: '2' }],
    ['tags JSON', 'tags={"a":"1","b":"2"}', { a: '1', b: '2' }],
    ['both, JSON last', 'tag=a:1&tags={"a":"3"}', { a: '3' }],
    ['tags JSON number value', 'tags={"a":1}', "parameter 'tags': value of 'a' must be a string, got 1"],
  ];
  it.each(cases)('%s', (name, query, want) => {
    const r = parseTagParams(new URLSearchParams(query));
    expect(r.ok ? Object.fromEntries(r.value) : r.error.message, name).toEqual(want);
  });
});

describe('parseLookback', () => {
  const cases: [name: string, text: string, want: bigint | null | 'custom'][] = [
    ['hours', '1h', HOUR],
    ['minutes', '15m', 15n * 60_000_000_000n],
    ['days', '7d', 168n * HOUR],
    ['weeks', '2w', 336n * HOUR],
    ['custom', 'custom', 'custom'],
    ['garbage', 'soon', null],
    ['negative', '-1h', null],
    ['fractional days are not accepted', '1.5d', null],
  ];
  it.each(cases)('%s', (name, text, want) => {
    expect(parseLookback(text), name).toBe(want);
  });
});

describe('parseOperationsParams', () => {
  const cases: [name: string, query: string, want: object | string][] = [
    ['service only', 'service=frontend', { service: 'frontend' }],
    ['with kind', 'service=frontend&spanKind=server', { service: 'frontend', spanKind: 2 }],
    ['empty kind means all', 'service=frontend&spanKind=', { service: 'frontend' }],
    ['service missing', 'spanKind=server', "parameter 'service': is required"],
    ['bad kind', 'service=frontend&spanKind=edge', /^parameter 'spanKind': unknown span kind 'edge'/.source],
  ];
  it.each(cases)('%s', (name, query, want) => {
    const r = parseOperationsParams(new URLSearchParams(query));
    if (r.ok) expect(r.value, name).toEqual(want);
    else if (typeof want === 'string' && want.startsWith('^')) expect(r.error.message, name).toMatch(new RegExp(want));
    else expect(r.error.message, name).toBe(want);
  });
});

describe('parseDependenciesParams', () => {
  const DAY = 24n * HOUR;
  const cases: [name: string, query: string, want: object | string][] = [
    ['defaults: now, one day', '', { endNs: NOW, lookbackNs: DAY }],
    ['endTs and lookback in ms', 'endTs=1700000000000&lookback=3600000', { endNs: 1_700_000_000_000_000_000n, lookbackNs: HOUR }],
    ['fractional lookback ms', 'lookback=1.5', { endNs: NOW, lookbackNs: 1_500_000n }],
    ['zero lookback means default', 'lookback=0', { endNs: NOW, lookbackNs: DAY }],
    ['service filter', 'service=frontend', { endNs: NOW, lookbackNs: DAY, service: 'frontend' }],
    ['bad endTs', 'endTs=today', "parameter 'endTs': cannot parse 'today' as unix milliseconds"],
    ['bad lookback', 'lookback=1h', "parameter 'lookback': cannot parse '1h' as milliseconds"],
    ['negative lookback', 'lookback=-5', "parameter 'lookback': cannot parse '-5' as milliseconds"],
  ];
  it.each(cases)('%s', (name, query, want) => {
    const r = parseDependenciesParams(new URLSearchParams(query), NOW);
    expect(r.ok ? r.value : r.error.message, name).toEqual(want);
  });
});
