import { describe, expect, it } from 'vitest';
import { SpanKind, StatusCode } from '../../../src/model/index.js';
import { parseNativeSearchParams, parseWindowParams } from '../../../src/query/native/index.js';

const NOW = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;
const HOUR = 3_600_000n * MS;
const defaults = { nowNs: NOW, defaultLimit: 20, maxLimit: 100 };
const parse = (q: string) => parseNativeSearchParams(new URLSearchParams(q), defaults);

describe('parseNativeSearchParams', () => {
  it('searches every service of the last hour by default', () => {
    const r = parse('');
    expect(r.ok && r.value.query).toEqual({ startTimeMinNs: NOW - HOUR, startTimeMaxNs: NOW, limit: 20 });
  });

  it('reads every condition', () => {
    const r = parse(
      'service=checkout&operation=POST%20%2Forders&spanKind=SERVER&status=error&attr=http.response.status_code%3D500&attr=q%3Da%3Db' +
        '&minDuration=100ms&maxDuration=1.5s&lookback=15m&limit=500',
    );
    expect(r.ok && r.value.query).toEqual({
      service: 'checkout',
      operation: 'POST /orders',
      spanKind: SpanKind.SERVER,
      statusCode: StatusCode.ERROR,
      attributes: new Map([
        ['http.response.status_code', '500'],
        ['q', 'a=b'],
      ]),
      minDurationNs: 100n * MS,
      maxDurationNs: 1500n * MS,
      startTimeMinNs: NOW - 15n * 60_000n * MS,
      startTimeMaxNs: NOW,
      limit: 100,
    });
  });

  it('takes a custom range in unix milliseconds, the end covering its whole millisecond', () => {
    const r = parse('start=1700000000000&end=1700000060000&lookback=custom');
    expect(r.ok && r.value.window).toEqual({ startNs: 1_700_000_000_000n * MS, endNs: 1_700_000_060_000n * MS + MS - 1n });
  });

  const bad: { name: string; q: string; param: string }[] = [
    { name: 'attribute without =', q: 'attr=key', param: 'attr' },
    { name: 'attribute with an empty key', q: 'attr=%3Dv', param: 'attr' },
    { name: 'unknown kind', q: 'spanKind=sideways', param: 'spanKind' },
    { name: 'unknown status', q: 'status=meh', param: 'status' },
    { name: 'duration without unit', q: 'minDuration=100', param: 'minDuration' },
    { name: 'negative duration', q: 'maxDuration=-1s', param: 'maxDuration' },
    { name: 'max below min', q: 'minDuration=2s&maxDuration=1s', param: 'maxDuration' },
    { name: 'start not a number', q: 'start=yesterday', param: 'start' },
    { name: 'start after end', q: 'start=2000&end=1000', param: 'start' },
    { name: 'bad lookback', q: 'lookback=forever', param: 'lookback' },
    { name: 'limit zero', q: 'limit=0', param: 'limit' },
  ];
  for (const c of bad) {
    it(`refuses ${c.name}, naming ${c.param}`, () => {
      const r = parse(c.q);
      expect(r.ok, c.name).toBe(false);
      if (!r.ok) expect(r.error.param, c.name).toBe(c.param);
    });
  }
});

describe('parseWindowParams', () => {
  it('reads lookback in days and weeks', () => {
    const r = parseWindowParams(new URLSearchParams('lookback=2d'), NOW);
    expect(r.ok && r.value).toEqual({ startNs: NOW - 48n * HOUR, endNs: NOW });
  });
});
