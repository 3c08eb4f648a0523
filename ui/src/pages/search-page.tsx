/** /search?...: the form, then the traces it finds as a scatter plot and a list. */
import { useState } from 'react';
import { api } from '../api/client';
import { ResultsList } from '../components/results-list';
import { ScatterPlot } from '../components/scatter-plot';
import { SearchForm } from '../components/search-form';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { registerServices } from '../lib/colors';
import { LOOKBACKS, searchApiQuery, searchStateFromUrl, searchStateToUrl, SORTS, type SortKey } from '../lib/search-params';
import { sortSummaries } from '../lib/sort';
import { useAsync } from '../lib/use-async';
import { navigate, type Location } from '../router';

function describe(state: ReturnType<typeof searchStateFromUrl>): string {
  const parts: string[] = [];
  parts.push(state.service !== '' ? `service ${state.service}` : 'any service');
  if (state.operation !== '') parts.push(`operation ${state.operation}`);
  if (state.spanKind !== '') parts.push(`kind ${state.spanKind}`);
  if (state.status !== '') parts.push(`status ${state.status}`);
  for (const a of state.attrs) parts.push(a);
  if (state.minDuration !== '') parts.push(`at least ${state.minDuration}`);
  if (state.maxDuration !== '') parts.push(`at most ${state.maxDuration}`);
  const range = LOOKBACKS.find((l) => l.value === state.lookback)?.label.toLowerCase() ?? `last ${state.lookback}`;
  parts.push(state.lookback === 'custom' ? 'in the chosen range' : `in the ${range}`);
  return parts.join(', ');
}

export function SearchPage({ location }: { readonly location: Location }) {
  const state = searchStateFromUrl(location.search);
  const query = searchApiQuery(state).toString();
  const [refresh, setRefresh] = useState(0);
  const result = useAsync(`search:${query}`, (signal) => api.search(new URLSearchParams(query), signal), refresh);

  if (result.status === 'done') registerServices(result.value.traces.flatMap((t) => t.services.map((s) => s.service)));

  const setSort = (sort: SortKey): void => navigate(`/search?${searchStateToUrl({ ...state, sort }).toString()}`, { replace: true });

  return (
    <div className="search-page">
      <aside className="search-side">
        <h1>Search</h1>
        <SearchForm key={location.href} initial={state} />
      </aside>
      <section className="search-results" aria-label="Search results">
        {result.status === 'loading' && <Loading what="Searching traces…" />}
        {result.status === 'error' && <ErrorState title="The search failed." error={result.error} onRetry={() => setRefresh((n) => n + 1)} />}
        {result.status === 'done' && result.value.traces.length === 0 && (
          <EmptyState title="No traces found.">
            <p>Nothing matched {describe(state)}.</p>
            <p>Try a longer time range, fewer attribute filters, or another service. Spans can take a moment to arrive after a request.</p>
          </EmptyState>
        )}
        {result.status === 'done' && result.value.traces.length > 0 && (
          <>
            <div className="results-toolbar">
              <h2 data-testid="result-count">
                {result.value.traces.length.toLocaleString('en-US')} {result.value.traces.length === 1 ? 'trace' : 'traces'}
                {result.value.traces.length >= result.value.limit && <span className="muted"> (the limit; narrow the search or raise it)</span>}
              </h2>
              <label className="inline-label">
                Sort
                <select value={state.sort} onChange={(e) => setSort(e.target.value as SortKey)} aria-label="Sort traces" name="sort">
                  {SORTS.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" onClick={() => setRefresh((n) => n + 1)}>
                Refresh
              </button>
            </div>
            <ScatterPlot traces={result.value.traces} onOpen={(id) => navigate(`/trace/${id}`)} />
            <ResultsList traces={sortSummaries(result.value.traces, state.sort)} nowMs={Date.now()} />
          </>
        )}
      </section>
    </div>
  );
}
