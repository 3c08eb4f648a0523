/**
 * The span's details, in a side panel: what the outline already knows shows at once,
 * the rest (attributes, events, links, resource, scope, raw OTLP/JSON) arrives from
 * /api/v1/traces/{id}/spans/{spanId}. Everything from the span is rendered as text.
 */
import { useState, type ReactNode } from 'react';
import { api, downloadUrls } from '../api/client';
import type { SpanDetail, SpanEvent } from '../api/types';
import { ERROR_COLOR } from '../lib/colors';
import { formatDateTime, formatDuration, nsTextToMs, spanKindLabel, statusLabel } from '../lib/format';
import { spanName, spanService, STATUS_ERROR, type TraceModel } from '../lib/trace-model';
import { useAsync } from '../lib/use-async';
import { Link } from '../router';
import { ServiceDot } from './service-chip';
import { ErrorState, Loading } from './states';
import { AttributeTable } from './typed-value';
import { SpanInfrastructure } from './span-infra';
import { SpanLogs } from './span-logs';

type Tab = 'details' | 'logs' | 'infrastructure';
const TABS: readonly [Tab, string][] = [
  ['details', 'Details'],
  ['logs', 'Logs'],
  ['infrastructure', 'Infrastructure'],
];

function Section({ title, count, children }: { readonly title: string; readonly count?: number; readonly children: ReactNode }) {
  return (
    <section className="detail-section" aria-label={title}>
      <h3>
        {title}
        {count !== undefined && <span className="muted"> ({count.toLocaleString('en-US')})</span>}
      </h3>
      {children}
    </section>
  );
}

function EventsTimeline({ events, durationNs }: { readonly events: readonly SpanEvent[]; readonly durationNs: number }) {
  const d = Math.max(1, durationNs);
  return (
    <div className="events-timeline" aria-hidden="true">
      <div className="events-span-bar" />
      {events.map((e, i) => (
        <span
          key={i}
          className="event-marker"
          style={{ left: `${Math.max(0, Math.min(100, (e.offsetNs / d) * 100))}%` }}
          title={`${e.name} at +${formatDuration(e.offsetNs)}`}
        />
      ))}
    </div>
  );
}

function Details({ span, otlp, traceId }: { readonly span: SpanDetail; readonly otlp: unknown; readonly traceId: string }) {
  return (
    <>
      <Section title="Attributes" count={span.attributes.length}>
        <AttributeTable attributes={span.attributes} dropped={span.droppedAttributesCount} label="Span attributes" />
      </Section>
      <Section title="Events" count={span.events.length}>
        {span.events.length === 0 ? (
          <p className="muted">No events.</p>
        ) : (
          <>
            <EventsTimeline events={span.events} durationNs={span.durationNs} />
            <ol className="events">
              {span.events.map((e, i) => (
                <li key={i}>
                  <div className="event-head">
                    <span className="event-offset">+{formatDuration(e.offsetNs)}</span>
                    <span className="event-name">{e.name}</span>
                  </div>
                  {e.attributes.length > 0 && <AttributeTable attributes={e.attributes} dropped={e.droppedAttributesCount} label={`Attributes of event ${i + 1}`} />}
                </li>
              ))}
            </ol>
          </>
        )}
        {span.droppedEventsCount > 0 && <p className="muted">{span.droppedEventsCount} more events dropped by the sender.</p>}
      </Section>
      <Section title="Links" count={span.links.length}>
        {span.links.length === 0 ? (
          <p className="muted">No links.</p>
        ) : (
          <ul className="links">
            {span.links.map((l, i) => (
              <li key={i}>
                {l.trace !== null ? (
                  <Link to={`/trace/${l.traceId}?span=${l.spanId}`}>
                    Linked trace {l.traceId.slice(0, 16)}… ({l.trace.rootServiceName ?? '?'}: {l.trace.rootSpanName ?? '?'}, {l.trace.spanCount} spans)
                  </Link>
                ) : (
                  <span>
                    <code>{l.traceId}</code> <span className="muted">(not in this store)</span>
                  </span>
                )}
                <div className="muted">
                  span <code>{l.spanId}</code>
                  {l.traceState !== '' && <> · tracestate {l.traceState}</>}
                </div>
                {l.attributes.length > 0 && <AttributeTable attributes={l.attributes} dropped={l.droppedAttributesCount} label={`Attributes of link ${i + 1}`} />}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Resource" count={span.resource.attributes.length}>
        <AttributeTable attributes={span.resource.attributes} dropped={span.resource.droppedAttributesCount} label="Resource attributes" />
        {span.resource.schemaUrl !== '' && <p className="muted">Schema {span.resource.schemaUrl}</p>}
      </Section>
      <Section title="Instrumentation scope">
        <p>
          {span.scope.name === '' ? <span className="muted">(unnamed)</span> : span.scope.name}
          {span.scope.version !== '' && <span className="muted"> {span.scope.version}</span>}
        </p>
        {span.scope.attributes.length > 0 && <AttributeTable attributes={span.scope.attributes} dropped={span.scope.droppedAttributesCount} label="Scope attributes" />}
      </Section>
      <Section title="More">
        <dl className="facts">
          <dt>Trace state</dt>
          <dd>{span.traceState === '' ? <span className="muted">(none)</span> : span.traceState}</dd>
          <dt>Flags</dt>
          <dd>{`0x${span.flags.toString(16).padStart(2, '0')}`}</dd>
          <dt>Start (unix ns)</dt>
          <dd>
            <code>{span.startTimeUnixNano}</code>
          </dd>
          <dt>End (unix ns)</dt>
          <dd>
            <code>{span.endTimeUnixNano}</code>
          </dd>
        </dl>
      </Section>
      <RawJson traceId={traceId} spanId={span.spanId} otlp={otlp} />
    </>
  );
}

function RawJson({ traceId, spanId, otlp }: { readonly traceId: string; readonly spanId: string; readonly otlp: unknown }) {
  return (
    <details className="detail-section raw-json">
      <summary>Raw JSON (OTLP)</summary>
      <a href={downloadUrls.spanOtlp(traceId, spanId)} download={`span-${spanId}.json`}>
        Download this span
      </a>
      <pre>{JSON.stringify(otlp, null, 2)}</pre>
    </details>
  );
}

export function SpanDetailPanel({
  model,
  span,
  onClose,
  onSelectSpan,
}: {
  readonly model: TraceModel;
  readonly span: number;
  readonly onClose: () => void;
  readonly onSelectSpan: (span: number) => void;
}) {
  const s = model.trace.spans;
  const traceId = model.trace.traceId;
  const spanId = s.spanId[span] ?? '';
  const detail = useAsync(`span:${traceId}:${spanId}`, (signal) => api.span(traceId, spanId, signal));
  const [tab, setTab] = useState<Tab>('details');
  const service = spanService(model, span);
  const error = s.status[span] === STATUS_ERROR;
  const parent = model.parent[span] ?? -1;
  const statusMessage = model.trace.strings[s.statusMessage[span] ?? -1] ?? '';
  const traceStartMs = nsTextToMs(model.trace.startTimeUnixNano);
  const start = s.start[span] ?? 0;
  const orphanParent = parent < 0 ? model.trace.orphans.find(([i]) => i === span)?.[1] : undefined;

  return (
    <aside className="span-detail" aria-label="Span details" data-testid="span-detail">
      <header className="span-detail-head">
        <h2>
          <ServiceDot service={service} />
          <span className="detail-service">{service}</span>
          <span className="detail-name">{spanName(model, span)}</span>
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close span details" title="Close (Esc)">
          ×
        </button>
      </header>
      <dl className="facts">
        <dt>Span ID</dt>
        <dd>
          <code data-testid="detail-span-id">{spanId}</code>
        </dd>
        <dt>Parent</dt>
        <dd>
          {parent >= 0 ? (
            <button type="button" className="link-button" onClick={() => onSelectSpan(parent)}>
              {spanName(model, parent)} <code>{s.spanId[parent]}</code>
            </button>
          ) : orphanParent !== undefined ? (
            <span>
              <code>{orphanParent}</code> <span className="muted">(not in this trace)</span>
            </span>
          ) : (
            <span className="muted">none (root span)</span>
          )}
        </dd>
        <dt>Kind</dt>
        <dd>{spanKindLabel(s.kind[span] ?? 0)}</dd>
        <dt>Start</dt>
        <dd>
          +{formatDuration(start)} <span className="muted">({formatDateTime(traceStartMs + start / 1e6)})</span>
        </dd>
        <dt>Duration</dt>
        <dd>{formatDuration(s.duration[span] ?? 0)}</dd>
        <dt>Status</dt>
        <dd className={error ? 'status-error' : undefined} style={error ? { color: ERROR_COLOR } : undefined}>
          {statusLabel(s.status[span] ?? 0)}
          {statusMessage !== '' && <>: {statusMessage}</>}
        </dd>
      </dl>
      <div className="detail-tabs" role="tablist" aria-label="Span views">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'tab selected' : 'tab'} onClick={() => setTab(id)} data-testid={`tab-${id}`}>
            {label}
          </button>
        ))}
      </div>
      {tab === 'logs' && <SpanLogs traceId={traceId} spanId={spanId} />}
      {tab !== 'logs' && detail.status === 'loading' && <Loading what="Loading attributes…" />}
      {tab !== 'logs' && detail.status === 'error' && <ErrorState title="Could not load this span's details." error={detail.error} />}
      {tab === 'details' && detail.status === 'done' && <Details span={detail.value.span} otlp={detail.value.otlp} traceId={traceId} />}
      {tab === 'infrastructure' && detail.status === 'done' && (
        <SpanInfrastructure
          resource={detail.value.span.resource.attributes}
          spanStartMs={traceStartMs + start / 1e6}
          spanEndMs={traceStartMs + (start + Math.max(0, s.duration[span] ?? 0)) / 1e6}
        />
      )}
    </aside>
  );
}
