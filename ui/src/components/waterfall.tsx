/**
 * The waterfall: a virtualized span tree (only the rows on screen exist in the DOM,
 * so 100,000 spans scroll like 100), each row a name cell and a duration bar on the
 * trace's time axis. The page owns the state (selection, collapsed spans, zoom); this
 * draws it and reports clicks.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, type CSSProperties, type KeyboardEvent, type PointerEvent } from 'react';
import { ERROR_COLOR, serviceColor } from '../lib/colors';
import { formatDuration, spanKindLabel } from '../lib/format';
import { niceTicks } from '../lib/ticks';
import { rowOf, spanName, spanService, STATUS_ERROR, type TraceModel } from '../lib/trace-model';

export const ROW_HEIGHT = 26;
const INDENT_PX = 14;
const MAX_INDENT_LEVELS = 30;

export interface ScrollRequest {
  readonly span: number;
  /** A new object per request, so asking twice for the same span scrolls twice. */
  readonly nonce: number;
}

export interface WaterfallProps {
  readonly model: TraceModel;
  readonly rows: Int32Array;
  readonly collapsed: Uint8Array;
  readonly selected: number;
  readonly matchFlags: Uint8Array | null;
  readonly currentMatch: number;
  readonly viewStart: number;
  readonly viewEnd: number;
  readonly nameWidth: number;
  readonly scrollRequest: ScrollRequest | null;
  readonly onSelect: (span: number) => void;
  readonly onToggle: (span: number) => void;
  readonly onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => void;
  readonly onNameWidth: (px: number) => void;
  readonly autoFocus?: boolean;
  /** Span id -> the highest severity number of its log records; spans without logs are absent. */
  readonly logSeverity?: ReadonlyMap<string, number>;
}

interface RowProps {
  readonly model: TraceModel;
  readonly span: number;
  readonly top: number;
  readonly collapsed: boolean;
  readonly selected: boolean;
  readonly match: boolean;
  readonly current: boolean;
  readonly viewStart: number;
  readonly viewEnd: number;
  readonly posInSet: number;
  readonly setSize: number;
  readonly onSelect: (span: number) => void;
  readonly onToggle: (span: number) => void;
  readonly logSeverity?: number | undefined;
}

const Row = memo(function Row({ model, span, top, collapsed, selected, match, current, viewStart, viewEnd, posInSet, setSize, onSelect, onToggle, logSeverity }: RowProps) {
  const s = model.trace.spans;
  const depth = model.depth[span]!;
  const children = model.childCount[span]!;
  const service = spanService(model, span);
  const name = spanName(model, span);
  const error = s.status[span] === STATUS_ERROR;
  const start = s.start[span] ?? 0;
  const duration = s.duration[span] ?? 0;
  const spanId = s.spanId[span] ?? '';
  const color = serviceColor(service);

  const width = viewEnd - viewStart;
  const left = ((start - viewStart) / width) * 100;
  const right = ((start + Math.max(0, duration) - viewStart) / width) * 100;
  const barLeft = Math.max(0, Math.min(100, left));
  const barRight = Math.max(0, Math.min(100, right));
  const inView = right >= 0 && left <= 100;
  // The duration label goes after the bar, else before it, else (a bar across the whole view) inside it.
  const labelPlace = barRight < 82 ? 'after' : barLeft > 18 ? 'before' : 'inside';
  const labelStyle: CSSProperties =
    labelPlace === 'after' ? { left: `calc(${barRight}% + 4px)` } : labelPlace === 'before' ? { right: `calc(${100 - barLeft}% + 4px)` } : { right: `calc(${100 - barRight}% + 4px)` };

  const className = ['span-row', selected && 'selected', match && 'match', current && 'current-match', error && 'has-error'].filter(Boolean).join(' ');
  return (
    <div
      role="treeitem"
      id={`span-row-${spanId}`}
      aria-level={depth + 1}
      aria-expanded={children > 0 ? !collapsed : undefined}
      aria-selected={selected}
      aria-posinset={posInSet}
      aria-setsize={setSize}
      className={className}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="span-row"
      data-span-id={spanId}
      data-depth={depth}
      onClick={() => onSelect(span)}
    >
      <div className="span-name-cell" style={{ paddingLeft: `${Math.min(depth, MAX_INDENT_LEVELS) * INDENT_PX + 4}px` }}>
        {depth > MAX_INDENT_LEVELS && <span className="depth-badge" title={`Depth ${depth + 1}`}>{depth + 1}</span>}
        {children > 0 ? (
          <button
            type="button"
            className="toggle"
            tabIndex={-1}
            aria-label={collapsed ? `Expand ${name}` : `Collapse ${name}`}
            onClick={(e) => {
              e.stopPropagation();
              onToggle(span);
            }}
          >
            {collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="toggle-spacer" />
        )}
        <span className="service-dot" style={{ backgroundColor: color }} aria-hidden="true" />
        <span className="span-service">{service}</span>
        <span className="span-name" title={name}>
          {name}
        </span>
        {error && (
          <span className="error-mark" title="Status: error" aria-label="error">
            !
          </span>
        )}
        {logSeverity !== undefined && (
          <span
            className={logSeverity >= 17 ? 'log-mark log-mark-error' : 'log-mark'}
            title={logSeverity >= 17 ? 'Has error-level logs' : 'Has logs'}
            aria-label={logSeverity >= 17 ? 'has error logs' : 'has logs'}
            data-testid="log-mark"
          >
            ≡
          </span>
        )}
        {collapsed && <span className="hidden-count" title="Spans hidden under this one">+{(model.subtreeSize[span]! - 1).toLocaleString('en-US')}</span>}
      </div>
      <div className="span-timeline-cell" title={`${spanKindLabel(s.kind[span] ?? 0)} · ${formatDuration(duration)}`}>
        {inView && (
          <div
            className="span-bar"
            style={{ left: `${barLeft}%`, width: `max(1px, ${barRight - barLeft}%)`, backgroundColor: error ? ERROR_COLOR : color }}
          />
        )}
        {inView && (
          <span className={labelPlace === 'inside' ? 'span-duration inside' : 'span-duration'} style={labelStyle}>
            {formatDuration(duration)}
          </span>
        )}
      </div>
    </div>
  );
});

export function TimeAxis({ viewStart, viewEnd, nameWidth, onNameWidth }: { viewStart: number; viewEnd: number; nameWidth: number; onNameWidth: (px: number) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const ticks = niceTicks(viewStart, viewEnd, 6);
  const drag = (e: PointerEvent<HTMLDivElement>): void => {
    const box = ref.current?.getBoundingClientRect();
    if (box === undefined || !(e.buttons & 1)) return;
    onNameWidth(Math.max(160, Math.min(box.width - 160, e.clientX - box.left)));
  };
  return (
    <div className="time-axis" ref={ref} style={{ '--name-width': `${nameWidth}px` } as CSSProperties}>
      <div className="time-axis-name">Service and operation</div>
      <div
        className="col-divider"
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize the name column"
        onPointerDown={(e) => e.currentTarget.setPointerCapture(e.pointerId)}
        onPointerMove={drag}
      />
      <div className="time-axis-ticks">
        {ticks.map((t) => (
          <span key={t} className="tick" style={{ left: `${((t - viewStart) / (viewEnd - viewStart)) * 100}%` }}>
            {formatDuration(t)}
          </span>
        ))}
      </div>
    </div>
  );
}

export function Waterfall(props: WaterfallProps) {
  const { model, rows, collapsed, selected, matchFlags, currentMatch, viewStart, viewEnd, nameWidth, scrollRequest } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
    initialRect: { width: 1200, height: 800 },
  });

  useEffect(() => {
    if (scrollRequest === null) return;
    const row = rowOf(model, rows, scrollRequest.span);
    if (row >= 0) virtualizer.scrollToIndex(row, { align: 'auto' });
    // Only a new request scrolls; rows changing on their own (collapse) must not.
  }, [scrollRequest]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (props.autoFocus) scrollRef.current?.focus({ preventScroll: true });
    // The time from navigation to the first rows on screen, for bench/ui.js.
    const frame = requestAnimationFrame(() => performance.mark('ariadne:waterfall-rows'));
    return () => cancelAnimationFrame(frame);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const ticks = niceTicks(viewStart, viewEnd, 6);
  const selectedId = selected >= 0 ? model.trace.spans.spanId[selected] : undefined;
  return (
    <div
      className="waterfall"
      ref={scrollRef}
      role="tree"
      aria-label="Spans"
      aria-activedescendant={selectedId !== undefined ? `span-row-${selectedId}` : undefined}
      tabIndex={0}
      onKeyDown={props.onKeyDown}
      data-testid="waterfall"
      style={{ '--name-width': `${nameWidth}px` } as CSSProperties}
    >
      <div className="waterfall-body" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        <div className="grid-overlay" aria-hidden="true">
          {ticks.map((t) => (
            <span key={t} className="grid-line" style={{ left: `${((t - viewStart) / (viewEnd - viewStart)) * 100}%` }} />
          ))}
        </div>
        {virtualizer.getVirtualItems().map((item) => {
          const span = rows[item.index]!;
          return (
            <Row
              key={span}
              model={model}
              span={span}
              top={item.start}
              collapsed={collapsed[span] === 1}
              selected={span === selected}
              match={matchFlags !== null && matchFlags[span] === 1}
              current={span === currentMatch}
              viewStart={viewStart}
              viewEnd={viewEnd}
              posInSet={item.index + 1}
              setSize={rows.length}
              onSelect={props.onSelect}
              onToggle={props.onToggle}
              logSeverity={props.logSeverity?.get(model.trace.spans.spanId[span] ?? '')}
            />
          );
        })}
      </div>
    </div>
  );
}
