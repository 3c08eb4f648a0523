/**
 * A small inline SVG line chart: several series over one time axis, an interval
 * shaded (the span), min/max labels. No library: a few dozen points per series.
 * Labels are React text nodes, never HTML.
 */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  /** [unix ms, value] in time order. */
  readonly points: readonly (readonly [number, number])[];
}

const W = 320;
const H = 110;
const PAD = { left: 44, right: 6, top: 8, bottom: 18 };

export function LineChart({
  title,
  series,
  startMs,
  endMs,
  markStartMs,
  markEndMs,
  format,
}: {
  readonly title: string;
  readonly series: readonly ChartSeries[];
  readonly startMs: number;
  readonly endMs: number;
  readonly markStartMs: number;
  readonly markEndMs: number;
  readonly format: (v: number) => string;
}) {
  let max = 0;
  let min = 0;
  for (const s of series) for (const [, v] of s.points) if (Number.isFinite(v)) {
    max = Math.max(max, v);
    min = Math.min(min, v);
  }
  if (max === min) max = min + 1;
  const x = (t: number): number => PAD.left + ((t - startMs) / Math.max(1, endMs - startMs)) * (W - PAD.left - PAD.right);
  const y = (v: number): number => PAD.top + (1 - (v - min) / (max - min)) * (H - PAD.top - PAD.bottom);
  const markX1 = x(markStartMs);
  const markX2 = Math.max(markX1 + 2, x(markEndMs));
  return (
    <figure className="mini-chart" data-testid="infra-chart" aria-label={title}>
      <figcaption>
        {title}
        {series.map((s) => (
          <span key={s.label} className="legend">
            <span className="legend-swatch" style={{ backgroundColor: s.color }} aria-hidden="true" />
            {s.label}
          </span>
        ))}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${title} chart`}>
        <rect x={markX1} y={PAD.top} width={markX2 - markX1} height={H - PAD.top - PAD.bottom} className="chart-mark" data-testid="chart-span-mark">
          <title>This span</title>
        </rect>
        <line x1={PAD.left} x2={W - PAD.right} y1={y(min)} y2={y(min)} className="chart-axis" />
        <text x={PAD.left - 4} y={y(max) + 4} textAnchor="end" className="chart-label">
          {format(max)}
        </text>
        <text x={PAD.left - 4} y={y(min)} textAnchor="end" className="chart-label">
          {format(min)}
        </text>
        <text x={PAD.left} y={H - 4} className="chart-label">
          {new Date(startMs).toLocaleTimeString()}
        </text>
        <text x={W - PAD.right} y={H - 4} textAnchor="end" className="chart-label">
          {new Date(endMs).toLocaleTimeString()}
        </text>
        {series.map((s) => (
          <polyline
            key={s.label}
            fill="none"
            stroke={s.color}
            strokeWidth={1.5}
            points={s.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
            data-testid="chart-line"
          />
        ))}
        {series.map((s) =>
          s.points.length === 1 ? <circle key={`${s.label}-dot`} cx={x(s.points[0]![0])} cy={y(s.points[0]![1])} r={2.5} fill={s.color} /> : null,
        )}
      </svg>
    </figure>
  );
}
