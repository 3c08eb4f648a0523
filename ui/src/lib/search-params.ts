/**
 * The search page's state lives in its URL (`/search?service=...`), so a search is a
 * link: reload, back and forward, and sharing all give the same results. The names are
 * the native API's (`/api/v1/search`), plus `sort`, which only the page uses.
 */

export const LOOKBACKS = [
  { value: '15m', label: 'Last 15 minutes' },
  { value: '1h', label: 'Last hour' },
  { value: '6h', label: 'Last 6 hours' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '2d', label: 'Last 2 days' },
  { value: '7d', label: 'Last 7 days' },
  { value: 'custom', label: 'Custom range' },
] as const;

export const SORTS = [
  { value: 'recent', label: 'Most recent' },
  { value: 'longest', label: 'Longest first' },
  { value: 'spans', label: 'Most spans' },
  { value: 'errors', label: 'Most errors' },
] as const;

export type SortKey = (typeof SORTS)[number]['value'];

export interface SearchState {
  readonly service: string;
  readonly operation: string;
  readonly spanKind: string;
  readonly status: string;
  /** `key=value` each. */
  readonly attrs: readonly string[];
  readonly minDuration: string;
  readonly maxDuration: string;
  readonly lookback: string;
  /** Unix ms as text, for a custom range. */
  readonly start: string;
  readonly end: string;
  readonly limit: string;
  readonly sort: SortKey;
}

export const DEFAULT_SEARCH: SearchState = {
  service: '',
  operation: '',
  spanKind: '',
  status: '',
  attrs: [],
  minDuration: '',
  maxDuration: '',
  lookback: '1h',
  start: '',
  end: '',
  limit: '20',
  sort: 'recent',
};

function isSort(v: string): v is SortKey {
  return SORTS.some((s) => s.value === v);
}

export function searchStateFromUrl(params: URLSearchParams): SearchState {
  const get = (k: keyof SearchState, fallback: string): string => params.get(k) ?? fallback;
  const sort = params.get('sort') ?? '';
  return {
    service: get('service', ''),
    operation: get('operation', ''),
    spanKind: get('spanKind', ''),
    status: get('status', ''),
    attrs: params.getAll('attr'),
    minDuration: get('minDuration', ''),
    maxDuration: get('maxDuration', ''),
    lookback: get('lookback', DEFAULT_SEARCH.lookback),
    start: get('start', ''),
    end: get('end', ''),
    limit: get('limit', DEFAULT_SEARCH.limit),
    sort: isSort(sort) ? sort : 'recent',
  };
}

/** The page's URL query: only what differs from the defaults, in a stable order. */
export function searchStateToUrl(s: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.service !== '') p.set('service', s.service);
  if (s.operation !== '') p.set('operation', s.operation);
  if (s.spanKind !== '') p.set('spanKind', s.spanKind);
  if (s.status !== '') p.set('status', s.status);
  for (const a of s.attrs) if (a.trim() !== '') p.append('attr', a.trim());
  if (s.minDuration !== '') p.set('minDuration', s.minDuration.trim());
  if (s.maxDuration !== '') p.set('maxDuration', s.maxDuration.trim());
  p.set('lookback', s.lookback);
  if (s.lookback === 'custom') {
    if (s.start !== '') p.set('start', s.start);
    if (s.end !== '') p.set('end', s.end);
  }
  if (s.limit !== '' && s.limit !== DEFAULT_SEARCH.limit) p.set('limit', s.limit);
  if (s.sort !== 'recent') p.set('sort', s.sort);
  return p;
}

/** The API query of a page state: the URL's parameters without the page-only ones. */
export function searchApiQuery(s: SearchState): URLSearchParams {
  const p = searchStateToUrl(s);
  p.delete('sort');
  if (s.lookback === 'custom') p.delete('lookback');
  return p;
}

/** Problems the form can point at before asking the server; empty when none. */
export function validateSearch(s: SearchState): string[] {
  const problems: string[] = [];
  for (const a of s.attrs) {
    if (a.trim() === '') continue;
    if (a.indexOf('=') <= 0) problems.push(`Attribute filter "${a}" must look like key=value.`);
  }
  const duration = /^\s*$|^\s*(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+\s*$/;
  if (!duration.test(s.minDuration)) problems.push(`Min duration "${s.minDuration}" is not a duration like 100ms, 1.5s or 2m.`);
  if (!duration.test(s.maxDuration)) problems.push(`Max duration "${s.maxDuration}" is not a duration like 100ms, 1.5s or 2m.`);
  if (s.limit !== '' && !/^\d+$/.test(s.limit)) problems.push('Limit must be a whole number.');
  if (s.lookback === 'custom' && (s.start === '' || s.end === '')) problems.push('A custom range needs a start and an end.');
  if (s.lookback === 'custom' && s.start !== '' && s.end !== '' && Number(s.start) > Number(s.end)) problems.push('The range starts after it ends.');
  return problems;
}
