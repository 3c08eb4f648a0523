/**
 * The Logs page: search log records by service, minimum severity, body text and time.
 * A record with a trace id links to its trace and span. The form lives in the URL.
 */
import { useState, type FormEvent } from 'react';
import { signalsApi } from '../api/signals';
import { LogLine } from '../components/span-logs';
import { ErrorState, Loading } from '../components/states';
import { useAsync } from '../lib/use-async';
import { Link, navigate, type Location } from '../router';

const LOOKBACKS: readonly [string, number][] = [
  ['Last 15 minutes', 15 * 60_000],
  ['Last hour', 3_600_000],
  ['Last 6 hours', 6 * 3_600_000],
  ['Last 24 hours', 24 * 3_600_000],
  ['Last 7 days', 7 * 24 * 3_600_000],
];

export function LogsPage({ location }: { readonly location: Location }) {
  const p = location.search;
  const [service, setService] = useState(p.get('service') ?? '');
  const [severity, setSeverity] = useState(p.get('severity') ?? '');
  const [text, setText] = useState(p.get('q') ?? '');
  const [lookback, setLookback] = useState(p.get('lookback') ?? String(3_600_000));

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (service !== '') q.set('service', service);
    if (severity !== '') q.set('severity', severity);
    if (text !== '') q.set('q', text);
    q.set('lookback', lookback);
    navigate(`/logs?${q.toString()}`);
  };

  const searched = p.has('lookback');
  const query = new URLSearchParams();
  for (const k of ['service', 'severity', 'q']) {
    const v = p.get(k);
    if (v) query.set(k, v);
  }
  const lb = Number(p.get('lookback') ?? 3_600_000);
  const now = Date.now();
  query.set('start', String(Math.floor((now - (Number.isFinite(lb) ? lb : 3_600_000)) * 1000)));
  query.set('limit', '200');
  // The URL (not the clock) keys the load, so typing does not refetch.
  const logs = useAsync(searched ? `logs:${location.href}` : null, (signal) => signalsApi.searchLogs(query, signal));

  return (
    <div className="logs-page">
      <form className="logs-form" onSubmit={submit} role="search" aria-label="Search logs">
        <label>
          Service
          <input value={service} onChange={(e) => setService(e.target.value)} placeholder="any" data-testid="logs-service" />
        </label>
        <label>
          Severity at least
          <select value={severity} onChange={(e) => setSeverity(e.target.value)} data-testid="logs-severity">
            <option value="">any</option>
            {['trace', 'debug', 'info', 'warn', 'error', 'fatal'].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Body contains
          <input value={text} onChange={(e) => setText(e.target.value)} placeholder="text" data-testid="logs-text" />
        </label>
        <label>
          Time
          <select value={lookback} onChange={(e) => setLookback(e.target.value)}>
            {LOOKBACKS.map(([label, ms]) => (
              <option key={ms} value={String(ms)}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" data-testid="logs-submit">
          Find logs
        </button>
      </form>
      {!searched && <p className="muted">Search log records; a record with a trace id links to its trace and span.</p>}
      {logs.status === 'loading' && <Loading what="Searching logs…" />}
      {logs.status === 'error' && <ErrorState title="Could not search the logs." error={logs.error} />}
      {logs.status === 'done' &&
        (logs.value.data.length === 0 ? (
          <p className="muted">No log records match.</p>
        ) : (
          <ol className="log-lines" data-testid="logs-results">
            {logs.value.data.map((r, i) => (
              <LogLine key={i} record={r}>
                {r.traceId !== '' && (
                  <Link to={`/trace/${r.traceId}${r.spanId !== '' ? `?span=${r.spanId}` : ''}`} className="log-trace-link" data-testid="log-trace-link">
                    Trace {r.traceId.slice(0, 16)}…{r.spanId !== '' ? ` · span ${r.spanId}` : ''}
                  </Link>
                )}
              </LogLine>
            ))}
          </ol>
        ))}
    </div>
  );
}
