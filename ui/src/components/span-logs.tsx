/**
 * The span detail's Logs tab: the span's log records (joined by trace and span id), or
 * the whole trace's with a switch. Every field is rendered as text.
 */
import { useState, type ReactNode } from 'react';
import { signalsApi, type LogRecordJson } from '../api/signals';
import { formatDateTime } from '../lib/format';
import { logTimeMs, otlpValueText, severityClass, severityLabel } from '../lib/log-format';
import { useAsync } from '../lib/use-async';
import { ErrorState, Loading } from './states';

export function LogLine({ record, showIds = false, children }: { readonly record: LogRecordJson; readonly showIds?: boolean; readonly children?: ReactNode }) {
  const sev = severityLabel(record);
  return (
    <li className={`log-line ${severityClass(record.severityNumber)}`} data-testid="log-line" data-severity={record.severityNumber}>
      <div className="log-head">
        <span className="log-time">{formatDateTime(logTimeMs(record))}</span>
        <span className="log-severity">{sev}</span>
        <span className="log-service">{record.serviceName}</span>
        {showIds && record.spanId !== '' && <code className="muted">span {record.spanId}</code>}
      </div>
      <div className="log-body">{otlpValueText(record.body)}</div>
      {record.attributes.length > 0 && (
        <dl className="log-attrs">
          {record.attributes.map((a, i) => (
            <div key={i} className="log-attr">
              <dt>{a.key}</dt>
              <dd>{otlpValueText(a.value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {children}
    </li>
  );
}

export function SpanLogs({ traceId, spanId }: { readonly traceId: string; readonly spanId: string }) {
  const [wholeTrace, setWholeTrace] = useState(false);
  const logs = useAsync(`logs:${traceId}:${wholeTrace ? '' : spanId}`, (signal) => signalsApi.traceLogs(traceId, wholeTrace ? null : spanId, signal));
  return (
    <section className="detail-section span-logs" aria-label="Logs" data-testid="span-logs">
      <label className="logs-scope">
        <input type="checkbox" checked={wholeTrace} onChange={(e) => setWholeTrace(e.target.checked)} data-testid="logs-whole-trace" />
        Show the whole trace's logs
      </label>
      {logs.status === 'loading' && <Loading what="Loading logs…" />}
      {logs.status === 'error' && <ErrorState title="Could not load the logs." error={logs.error} />}
      {logs.status === 'done' &&
        (logs.value.data.length === 0 ? (
          <p className="muted" data-testid="logs-empty">
            No log records with trace_id {traceId}
            {wholeTrace ? '' : ` and span_id ${spanId}`}. Logs are joined to spans by these ids: the logger must run inside the span's context
            (the OpenTelemetry logs SDK or a logger bridge sets them).
          </p>
        ) : (
          <ol className="log-lines">
            {logs.value.data.map((r, i) => (
              <LogLine key={i} record={r} showIds={wholeTrace} />
            ))}
          </ol>
        ))}
    </section>
  );
}
