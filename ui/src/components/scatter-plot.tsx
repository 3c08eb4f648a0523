/**
 * Duration over start time, one dot per trace (bigger with more spans, red with
 * errors); a click or Enter on a dot opens the trace. Plain SVG.
 */
import { useState } from 'react';
import type { TraceSummary } from '../api/types';
import { ERROR_COLOR, serviceColor } from '../lib/colors';
import { formatClock, formatDuration, nsTextToMs } from '../lib/format';
import { niceTicks } from '../lib/ticks';
import { useElementWidth } from '../lib/use-async';

const HEIGHT = 170;
const M = { left: 64, right: 16, top: 10, bottom: 26 };

export function ScatterPlot({ traces, onOpen }: { readonly traces: readonly TraceSummary[]; readonly onOpen: (traceId: string) => void }) {
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const width = useElementWidth(box);
  if (traces.length === 0) return null;

  const points = traces.map((t) => ({ t, x: nsTextToMs(t.startTimeUnixNano), y: t.durationNs }));
  let x0 = Infinity;
  let x1 = -Infinity;
  let yMax = 1;
  for (const p of points) {
    if (p.x < x0) x0 = p.x;
    if (p.x > x1) x1 = p.x;
    if (p.y > yMax) yMax = p.y;
  }
  const padX = Math.max((x1 - x0) * 0.04, 500);
  x0 -= padX;
  x1 += padX;
  yMax *= 1.1;
  const plotW = Math.max(50, width - M.left - M.right);
  const plotH = HEIGHT - M.top - M.bottom;
  const sx = (x: number): number => M.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number): number => M.top + plotH - (Math.max(0, y) / yMax) * plotH;

  return (
    <div className="scatter" ref={setBox}>
      <svg width={width} height={HEIGHT} role="img" aria-label="Trace durations over time">
        {niceTicks(0, yMax, 4).map((v) => (
          <g key={`y${v}`}>
            <line x1={M.left} x2={M.left + plotW} y1={sy(v)} y2={sy(v)} className="grid" />
            <text x={M.left - 6} y={sy(v) + 4} textAnchor="end" className="axis-label">
              {v === 0 ? '0' : formatDuration(v)}
            </text>
          </g>
        ))}
        {niceTicks(x0, x1, Math.max(2, Math.floor(plotW / 110))).map((v) => (
          <text key={`x${v}`} x={sx(v)} y={HEIGHT - 8} textAnchor="middle" className="axis-label">
            {formatClock(v)}
          </text>
        ))}
        {points.map(({ t, x, y }) => {
          const r = Math.min(10, 3 + Math.log2(Math.max(1, t.spanCount)) * 0.8);
          const label = `${t.rootServiceName ?? 'unknown root'}: ${t.rootSpanName ?? ''}, ${formatDuration(t.durationNs)}, ${t.spanCount} spans${t.errorCount > 0 ? `, ${t.errorCount} errors` : ''}`;
          return (
            <circle
              key={t.traceId}
              cx={sx(x)}
              cy={sy(y)}
              r={r}
              className={t.errorCount > 0 ? 'dot dot-error' : 'dot'}
              fill={t.errorCount > 0 ? ERROR_COLOR : serviceColor(t.rootServiceName ?? '')}
              role="link"
              tabIndex={0}
              aria-label={label}
              data-trace-id={t.traceId}
              onClick={() => onOpen(t.traceId)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') onOpen(t.traceId);
              }}
            >
              <title>{label}</title>
            </circle>
          );
        })}
      </svg>
    </div>
  );
}
