/** The trace's facts above its waterfall. */
import { formatDateTime, formatDuration, nsTextToMs, plural } from '../lib/format';
import { spanName, spanService, type TraceModel } from '../lib/trace-model';
import { ServiceChip, ServiceDot } from './service-chip';

export function TraceHeader({ model, rootMissing }: { readonly model: TraceModel; readonly rootMissing: boolean }) {
  const first = model.order[0] ?? 0;
  const service = spanService(model, first);
  return (
    <header className="trace-header">
      <h1>
        <ServiceDot service={service} />
        <span className="trace-root-service">{service}</span>
        <span className="trace-root-name">{spanName(model, first)}</span>
        {rootMissing && <span className="badge badge-warning">root span not received</span>}
      </h1>
      <dl className="trace-facts">
        <div>
          <dt>Trace ID</dt>
          <dd>
            <code data-testid="trace-id">{model.trace.traceId}</code>
          </dd>
        </div>
        <div>
          <dt>Start</dt>
          <dd>{formatDateTime(nsTextToMs(model.trace.startTimeUnixNano))}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(model.durationNs)}</dd>
        </div>
        <div>
          <dt>Services</dt>
          <dd>{model.services.length}</dd>
        </div>
        <div>
          <dt>Depth</dt>
          <dd>{model.maxDepth + 1}</dd>
        </div>
        <div>
          <dt>Spans</dt>
          <dd data-testid="span-count">{model.size.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd className={model.errorCount > 0 ? 'error-text' : undefined}>{model.errorCount.toLocaleString('en-US')}</dd>
        </div>
      </dl>
      <div className="trace-services">
        {model.services.map((s) => (
          <ServiceChip key={s.name} service={s.name} count={s.spanCount} />
        ))}
      </div>
      {model.extraRoots > 0 && (
        <p className="notice">
          {plural(model.extraRoots, 'span')} {model.extraRoots === 1 ? 'has' : 'have'} no parent in this trace (the parent was not received, or the
          parent ids form a loop); {model.extraRoots === 1 ? 'it is' : 'they are'} shown as extra roots.
        </p>
      )}
    </header>
  );
}
