/**
 * /services?lookback=1h: every service with its operations, span counts, error rate
 * and latency percentiles over the window (computed by the store), each linking
 * into a search for its traces, its failing ones and its slow ones.
 */
import { Fragment, useState } from 'react';
import { api } from '../api/client';
import type { SpanStats } from '../api/types';
import { ServiceDot } from '../components/service-chip';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { registerServices } from '../lib/colors';
import { formatCount, formatDuration, formatPercent } from '../lib/format';
import { LOOKBACKS } from '../lib/search-params';
import { useAsync } from '../lib/use-async';
import { Link, navigate, type Location } from '../router';

const WINDOWS = LOOKBACKS.filter((l) => l.value !== 'custom');

function searchLink(lookback: string, fields: Record<string, string>): string {
  const p = new URLSearchParams(fields);
  p.set('lookback', lookback);
  return `/search?${p.toString()}`;
}

/** Nanoseconds -> a Go duration the search form accepts, rounded down to the microsecond. */
function goDuration(ns: number): string {
  return `${Math.floor(ns / 1000)}us`;
}

function StatCells({ s, lookback, fields }: { readonly s: SpanStats; readonly lookback: string; readonly fields: Record<string, string> }) {
  const rate = s.spanCount > 0 ? s.errorCount / s.spanCount : 0;
  return (
    <>
      <td className="num">{formatCount(s.spanCount)}</td>
      <td className={`num${s.errorCount > 0 ? ' error-text' : ''}`}>
        {s.errorCount > 0 ? (
          <Link to={searchLink(lookback, { ...fields, status: 'error' })} title="Find the failing traces">
            {formatCount(s.errorCount)} ({formatPercent(rate)})
          </Link>
        ) : (
          '0'
        )}
      </td>
      <td className="num">{formatDuration(s.p50Ns)}</td>
      <td className="num">{formatDuration(s.p95Ns)}</td>
      <td className="num">
        <Link to={searchLink(lookback, { ...fields, minDuration: goDuration(s.p95Ns) })} title="Find the traces slower than p95">
          {formatDuration(s.p99Ns)}
        </Link>
      </td>
    </>
  );
}

export function ServicesPage({ location }: { readonly location: Location }) {
  const lookback = location.search.get('lookback') ?? '1h';
  const [refresh, setRefresh] = useState(0);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const stats = useAsync(`stats:${lookback}`, (signal) => api.serviceStats(new URLSearchParams({ lookback }), signal), refresh);

  if (stats.status === 'done') registerServices(stats.value.services.map((s) => s.service));

  const toggle = (service: string): void =>
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(service)) next.delete(service);
      else next.add(service);
      return next;
    });

  return (
    <div className="services-page">
      <div className="services-toolbar">
        <h1>Services</h1>
        <label className="inline-label">
          Window
          <select value={lookback} onChange={(e) => navigate(`/services?lookback=${encodeURIComponent(e.target.value)}`)} aria-label="Time window">
            {WINDOWS.map((w) => (
              <option key={w.value} value={w.value}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setRefresh((n) => n + 1)}>
          Refresh
        </button>
      </div>
      {stats.status === 'loading' && <Loading what="Computing service statistics…" />}
      {stats.status === 'error' && <ErrorState title="Could not load the services." error={stats.error} onRetry={() => setRefresh((n) => n + 1)} />}
      {stats.status === 'done' && stats.value.services.length === 0 && (
        <EmptyState title="No spans in this window.">
          <p>No service sent spans in the chosen window. Choose a longer window, or point an OpenTelemetry SDK at the OTLP receiver.</p>
        </EmptyState>
      )}
      {stats.status === 'done' && stats.value.services.length > 0 && (
        <table className="services-table" data-testid="services-table">
          <thead>
            <tr>
              <th scope="col">Service / operation</th>
              <th scope="col" className="num">
                Spans
              </th>
              <th scope="col" className="num">
                Errors
              </th>
              <th scope="col" className="num">
                p50
              </th>
              <th scope="col" className="num">
                p95
              </th>
              <th scope="col" className="num">
                p99
              </th>
            </tr>
          </thead>
          <tbody>
            {stats.value.services.map((s) => {
              const expanded = open.has(s.service);
              return (
                <Fragment key={s.service}>
                  <tr className="service-row" data-service={s.service}>
                    <th scope="row">
                      <button
                        type="button"
                        className="toggle"
                        aria-expanded={expanded}
                        aria-label={`${expanded ? 'Hide' : 'Show'} the operations of ${s.service}`}
                        onClick={() => toggle(s.service)}
                      >
                        {expanded ? '▾' : '▸'}
                      </button>
                      <ServiceDot service={s.service} />
                      <Link to={searchLink(lookback, { service: s.service })}>{s.service}</Link>
                      <span className="muted"> {s.operations.length} operations</span>
                    </th>
                    <StatCells s={s} lookback={lookback} fields={{ service: s.service }} />
                  </tr>
                  {expanded &&
                    s.operations.map((o) => (
                      <tr key={o.operation} className="operation-row">
                        <th scope="row">
                          <Link to={searchLink(lookback, { service: s.service, operation: o.operation })}>{o.operation}</Link>
                        </th>
                        <StatCells s={o} lookback={lookback} fields={{ service: s.service, operation: o.operation }} />
                      </tr>
                    ))}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
