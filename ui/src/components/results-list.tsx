/** Search results: one row per trace, linking to its waterfall. */
import type { TraceSummary } from '../api/types';
import { formatAgo, formatDateTime, formatDuration, nsTextToMs, plural } from '../lib/format';
import { Link } from '../router';
import { ServiceChip, ServiceDot } from './service-chip';

export function ResultsList({ traces, nowMs }: { readonly traces: readonly TraceSummary[]; readonly nowMs: number }) {
  let longest = 1;
  for (const t of traces) if (t.durationNs > longest) longest = t.durationNs;
  return (
    <ol className="results" aria-label="Traces found">
      {traces.map((t) => {
        const startMs = nsTextToMs(t.startTimeUnixNano);
        return (
          <li key={t.traceId} className="result" data-testid="search-result" data-trace-id={t.traceId}>
            <Link to={`/trace/${t.traceId}`} className="result-link">
              <div className="result-head">
                <span className="result-title">
                  {t.rootServiceName !== null ? (
                    <>
                      <ServiceDot service={t.rootServiceName} />
                      <span className="result-service">{t.rootServiceName}</span>
                      <span className="result-operation">{t.rootSpanName}</span>
                    </>
                  ) : (
                    <span className="muted">Root span not received yet</span>
                  )}
                </span>
                <span className="result-duration">{formatDuration(t.durationNs)}</span>
              </div>
              <div className="result-bar" aria-hidden="true">
                <span className={t.errorCount > 0 ? 'bar-error' : undefined} style={{ width: `${Math.max(0.5, (t.durationNs / longest) * 100)}%` }} />
              </div>
              <div className="result-meta">
                <span>{plural(t.spanCount, 'span')}</span>
                {t.errorCount > 0 && <span className="badge badge-error">{plural(t.errorCount, 'error')}</span>}
                <span className="result-services">
                  {t.services.map((s) => (
                    <ServiceChip key={s.service} service={s.service} count={s.spanCount} />
                  ))}
                </span>
                <span className="result-time" title={formatDateTime(startMs)}>
                  {formatAgo(startMs, nowMs)} · {formatDateTime(startMs)}
                </span>
                <code className="trace-id">{t.traceId.slice(0, 16)}</code>
              </div>
            </Link>
          </li>
        );
      })}
    </ol>
  );
}
