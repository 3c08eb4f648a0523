import { describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH, searchApiQuery, searchStateFromUrl, searchStateToUrl, validateSearch, type SearchState } from './search-params';
import { sortSummaries } from './sort';
import type { TraceSummary } from '../api/types';

describe('search state in the URL', () => {
  it('round-trips every field', () => {
    const state: SearchState = {
      service: 'checkout',
      operation: 'POST /orders',
      spanKind: 'server',
      status: 'error',
      attrs: ['http.response.status_code=500', 'k=v=w'],
      minDuration: '100ms',
      maxDuration: '2s',
      lookback: 'custom',
      start: '1700000000000',
      end: '1700000600000',
      limit: '50',
      sort: 'longest',
    };
    const url = searchStateToUrl(state);
    expect(url.toString()).toBe(
      'service=checkout&operation=POST+%2Forders&spanKind=server&status=error&attr=http.response.status_code%3D500&attr=k%3Dv%3Dw' +
        '&minDuration=100ms&maxDuration=2s&lookback=custom&start=1700000000000&end=1700000600000&limit=50&sort=longest',
    );
    expect(searchStateFromUrl(url)).toEqual(state);
  });

  it('reads an empty query as the defaults and writes the defaults briefly', () => {
    expect(searchStateFromUrl(new URLSearchParams(''))).toEqual(DEFAULT_SEARCH);
    expect(searchStateToUrl(DEFAULT_SEARCH).toString()).toBe('lookback=1h');
  });

  it('gives the API everything but the page-only sort, and no lookback for a custom range', () => {
    const api = searchApiQuery({ ...DEFAULT_SEARCH, service: 'a', sort: 'errors', lookback: 'custom', start: '1', end: '2' });
    expect(api.toString()).toBe('service=a&start=1&end=2');
  });

  it('ignores an unknown sort', () => {
    expect(searchStateFromUrl(new URLSearchParams('sort=evil')).sort).toBe('recent');
  });
});

describe('validateSearch', () => {
  const cases: { name: string; patch: Partial<SearchState>; problems: number }[] = [
    { name: 'defaults', patch: {}, problems: 0 },
    { name: 'attribute without =', patch: { attrs: ['justakey'] }, problems: 1 },
    { name: 'attribute with empty key', patch: { attrs: ['=v'] }, problems: 1 },
    { name: 'blank attribute row', patch: { attrs: [' '] }, problems: 0 },
    { name: 'compound duration', patch: { minDuration: '1m30s' }, problems: 0 },
    { name: 'bad duration', patch: { maxDuration: 'fast' }, problems: 1 },
    { name: 'bad limit', patch: { limit: '1e3' }, problems: 1 },
    { name: 'custom range without ends', patch: { lookback: 'custom' }, problems: 1 },
    { name: 'custom range backwards', patch: { lookback: 'custom', start: '9', end: '1' }, problems: 1 },
  ];
  for (const c of cases) it(c.name, () => expect(validateSearch({ ...DEFAULT_SEARCH, ...c.patch }), c.name).toHaveLength(c.problems));
});

describe('sortSummaries', () => {
  const t = (id: string, start: number, durationNs: number, spanCount: number, errorCount: number): TraceSummary => ({
    traceId: id,
    startTimeUnixNano: String(start),
    durationNs,
    rootServiceName: 's',
    rootSpanName: 'op',
    spanCount,
    errorCount,
    services: [],
  });
  const traces = [t('a', 3, 10, 5, 0), t('b', 2, 30, 1, 2), t('c', 1, 20, 9, 2)];
  it.each([
    ['recent', ['a', 'b', 'c']],
    ['longest', ['b', 'c', 'a']],
    ['spans', ['c', 'a', 'b']],
    ['errors', ['b', 'c', 'a']],
  ] as const)('%s', (key, want) => expect(sortSummaries(traces, key).map((x) => x.traceId)).toEqual(want));
});
