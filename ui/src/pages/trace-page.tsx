/**
 * /trace/{traceId}?span={spanId}: the trace's header, minimap, waterfall and, when a
 * span is chosen, its details. The chosen span lives in the URL, so a reload or a
 * shared link opens the same view.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { api, downloadUrls } from '../api/client';
import type { CompactTrace } from '../api/types';
import { Minimap } from '../components/minimap';
import { SpanDetailPanel } from '../components/span-detail';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { TraceHeader } from '../components/trace-header';
import { TimeAxis, Waterfall, type ScrollRequest } from '../components/waterfall';
import { registerServices } from '../lib/colors';
import { normalizeTraceId } from '../lib/safe-url';
import {
  buildTraceModel,
  collapseAll,
  localMatches,
  matchesInOrder,
  revealSpan,
  rowOf,
  visibleRows,
  type TraceModel,
} from '../lib/trace-model';
import { useAsync, useDebounced, useStableCallback } from '../lib/use-async';
import { ApiError } from '../api/client';
import { signalsApi } from '../api/signals';
import { Link, navigate, type Location } from '../router';

const PAGE_ROWS = 20;

export function TracePage({ traceIdText, location }: { readonly traceIdText: string; readonly location: Location }) {
  const traceId = normalizeTraceId(traceIdText);
  const [retry, setRetry] = useState(0);
  const data = useAsync(traceId === null ? null : `trace:${traceId}`, (signal) => api.trace(traceId ?? '', signal), retry);
  if (traceId === null) {
    return <ErrorState title="This is not a trace id." error={new Error(`"${traceIdText}" is not 1 to 32 hex digits.`)} />;
  }
  if (data.status === 'loading' || data.status === 'idle') return <Loading what={`Loading trace ${traceId}…`} />;
  if (data.status === 'error') {
    if (data.error instanceof ApiError && data.error.notFound) {
      return (
        <EmptyState title={`Trace ${traceId} was not found.`}>
          <p>The store holds no span of it: it may be older than the retention period, or its spans have not arrived yet.</p>
          <p>
            <button type="button" onClick={() => setRetry((n) => n + 1)}>
              Look again
            </button>{' '}
            or go back to <Link to="/search">Search</Link>.
          </p>
        </EmptyState>
      );
    }
    return <ErrorState title="Could not load the trace." error={data.error} onRetry={() => setRetry((n) => n + 1)} />;
  }
  return <TraceView trace={data.value} location={location} />;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return el !== null && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT');
}

function TraceView({ trace, location }: { readonly trace: CompactTrace; readonly location: Location }) {
  // Which spans have logs, and the worst severity among them: the waterfall's log marks.
  const traceLogs = useAsync(`trace-logs:${trace.traceId}`, (signal) => signalsApi.traceLogs(trace.traceId, null, signal));
  const logSeverity = useMemo(() => {
    const m = new Map<string, number>();
    if (traceLogs.status !== 'done') return m;
    for (const r of traceLogs.value.data) if (r.spanId !== '') m.set(r.spanId, Math.max(m.get(r.spanId) ?? 0, r.severityNumber));
    return m;
  }, [traceLogs]);
  const model: TraceModel = useMemo(() => {
    const m = buildTraceModel(trace);
    registerServices(m.services.map((s) => s.name));
    return m;
  }, [trace]);
  const urlSpanId = location.search.get('span');
  const urlSpan = urlSpanId === null ? -1 : (model.indexById.get(urlSpanId.toLowerCase()) ?? -1);
  const detailsOpen = urlSpan >= 0;

  const [collapsed, setCollapsed] = useState<Uint8Array>(() => {
    const none = new Uint8Array(model.size);
    return urlSpan >= 0 ? revealSpan(model, none, urlSpan) : none;
  });
  const [selected, setSelected] = useState<number>(urlSpan >= 0 ? urlSpan : (model.order[0] ?? -1));
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | null>(urlSpan >= 0 ? { span: urlSpan, nonce: 0 } : null);
  const [view, setView] = useState({ start: 0, end: model.durationNs });
  const [nameWidth, setNameWidth] = useState(380);
  const rows = useMemo(() => visibleRows(model, collapsed), [model, collapsed]);
  const searchBox = useRef<HTMLInputElement>(null);

  const setUrlSpan = (span: number): void => {
    const params = new URLSearchParams(location.search);
    if (span >= 0) params.set('span', model.trace.spans.spanId[span] ?? '');
    else params.delete('span');
    const query = params.toString();
    navigate(`${location.pathname}${query === '' ? '' : `?${query}`}`, { replace: true });
  };

  const goTo = (span: number, open = detailsOpen): void => {
    if (span < 0) return;
    setCollapsed((c) => revealSpan(model, c, span));
    setSelected(span);
    setScrollRequest({ span, nonce: performance.now() });
    if (open) setUrlSpan(span);
  };

  // Back/forward or a link to another span of this trace: follow the URL.
  useEffect(() => {
    if (urlSpan >= 0 && urlSpan !== selected) goTo(urlSpan, false);
  }, [urlSpan]); // eslint-disable-line react-hooks/exhaustive-deps

  // Search within the trace: names, services and ids here at once; attribute values from the server.
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 150);
  const local = useMemo(() => (q === '' ? null : localMatches(model, q)), [model, q]);
  const remote = useAsync(q.length >= 2 ? `tsearch:${trace.traceId}:${q}` : null, (signal) => api.searchInTrace(trace.traceId, q, signal));
  const matchFlags = useMemo(() => {
    if (local === null) return null;
    if (remote.status !== 'done') return local;
    const flags = local.slice();
    for (const id of remote.value.spanIds) {
      const i = model.indexById.get(id);
      if (i !== undefined) flags[i] = 1;
    }
    return flags;
  }, [local, remote, model]);
  const matches = useMemo(() => (matchFlags === null ? [] : matchesInOrder(model, matchFlags)), [model, matchFlags]);
  const [matchAt, setMatchAt] = useState(-1);
  useEffect(() => setMatchAt(-1), [q]);
  const currentMatch = matchAt >= 0 && matchAt < matches.length ? matches[matchAt]! : -1;
  const stepMatch = (delta: number): void => {
    if (matches.length === 0) return;
    const next = matchAt < 0 ? (delta > 0 ? 0 : matches.length - 1) : (matchAt + delta + matches.length) % matches.length;
    setMatchAt(next);
    goTo(matches[next]!);
  };

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (e.key === '/' && !isTyping(e.target) && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        searchBox.current?.focus();
        searchBox.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const toggle = useStableCallback((span: number): void =>
    setCollapsed((c) => {
      const next = c.slice();
      next[span] = c[span] ? 0 : 1;
      return next;
    }),
  );
  const selectRow = useStableCallback((span: number): void => {
    setSelected(span);
    setUrlSpan(span);
  });

  const onTreeKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (rows.length === 0) return;
    const row = Math.max(0, rowOf(model, rows, selected));
    const at = (r: number): number => rows[Math.max(0, Math.min(rows.length - 1, r))]!;
    const hasChildren = selected >= 0 && model.childCount[selected]! > 0;
    switch (e.key) {
      case 'ArrowDown':
        goTo(at(row + 1));
        break;
      case 'ArrowUp':
        goTo(at(row - 1));
        break;
      case 'PageDown':
        goTo(at(row + PAGE_ROWS));
        break;
      case 'PageUp':
        goTo(at(row - PAGE_ROWS));
        break;
      case 'Home':
        goTo(at(0));
        break;
      case 'End':
        goTo(at(rows.length - 1));
        break;
      case 'Enter':
      case ' ':
        setUrlSpan(detailsOpen ? -1 : selected);
        break;
      case 'ArrowLeft':
        if (hasChildren && !collapsed[selected]) toggle(selected);
        else if (model.parent[selected]! >= 0) goTo(model.parent[selected]!);
        break;
      case 'ArrowRight':
        if (hasChildren && collapsed[selected]) toggle(selected);
        else if (hasChildren) goTo(model.order[model.position[selected]! + 1]!);
        break;
      case 'Escape':
        if (detailsOpen) setUrlSpan(-1);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const rootMissing = useMemo(() => trace.orphans.some(([i]) => i === model.order[0]), [trace, model]);
  const zoomed = view.start > 0 || view.end < model.durationNs;
  const focusTree = (): void => document.querySelector<HTMLElement>('[data-testid="waterfall"]')?.focus();

  return (
    <div className="trace-page">
      <TraceHeader model={model} rootMissing={rootMissing} />
      <div className="trace-toolbar">
        <div className="in-trace-search" role="search">
          <input
            ref={searchBox}
            type="search"
            value={query}
            placeholder="Find in trace: name, service, attribute value  ( / )"
            aria-label="Find in trace"
            data-testid="trace-search"
            spellCheck={false}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                stepMatch(e.shiftKey ? -1 : 1);
              } else if (e.key === 'Escape') {
                e.preventDefault();
                focusTree();
              }
            }}
          />
          <span className="match-count" aria-live="polite" data-testid="match-count">
            {q === '' ? '' : matches.length === 0 ? (remote.status === 'loading' ? 'searching…' : 'no matches') : `${matchAt >= 0 ? matchAt + 1 : '–'} / ${matches.length.toLocaleString('en-US')}`}
            {q !== '' && remote.status === 'loading' && matches.length > 0 && ' (searching attributes…)'}
            {remote.status === 'done' && remote.value.truncated && ' (first 10,000 from attributes)'}
          </span>
          <button type="button" onClick={() => stepMatch(-1)} disabled={matches.length === 0} aria-label="Previous match">
            ↑
          </button>
          <button type="button" onClick={() => stepMatch(1)} disabled={matches.length === 0} aria-label="Next match">
            ↓
          </button>
        </div>
        <div className="toolbar-actions">
          <button type="button" onClick={() => setCollapsed(new Uint8Array(model.size))}>
            Expand all
          </button>
          <button type="button" onClick={() => setCollapsed(collapseAll(model))}>
            Collapse all
          </button>
          {zoomed && (
            <button type="button" onClick={() => setView({ start: 0, end: model.durationNs })}>
              Reset zoom
            </button>
          )}
          <a className="button" href={downloadUrls.traceOtlp(trace.traceId)} download={`trace-${trace.traceId}.json`}>
            Download JSON
          </a>
        </div>
      </div>
      <Minimap model={model} viewStart={view.start} viewEnd={view.end} onZoom={(start, end) => setView({ start, end })} />
      <div className={detailsOpen ? 'trace-main with-detail' : 'trace-main'}>
        <div className="waterfall-pane">
          <TimeAxis viewStart={view.start} viewEnd={view.end} nameWidth={nameWidth} onNameWidth={setNameWidth} />
          <Waterfall
            model={model}
            rows={rows}
            collapsed={collapsed}
            selected={selected}
            matchFlags={matchFlags}
            currentMatch={currentMatch}
            viewStart={view.start}
            viewEnd={view.end}
            nameWidth={nameWidth}
            scrollRequest={scrollRequest}
            onSelect={selectRow}
            onToggle={toggle}
            onKeyDown={onTreeKey}
            onNameWidth={setNameWidth}
            logSeverity={logSeverity}
            autoFocus
          />
        </div>
        {detailsOpen && (
          <SpanDetailPanel
            key={urlSpan}
            model={model}
            span={urlSpan}
            onClose={() => {
              setUrlSpan(-1);
              focusTree();
            }}
            onSelectSpan={(span) => goTo(span, true)}
          />
        )}
      </div>
      {urlSpanId !== null && urlSpan < 0 && <p className="notice">Span {urlSpanId} is not in this trace.</p>}
    </div>
  );
}
