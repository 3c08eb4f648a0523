/**
 * The whole trace in a strip: every span as a line (x: time, y: display order), the
 * zoomed window framed. Drag across it to zoom the waterfall into that time window;
 * double-click to see the whole trace again. A canvas, drawn once per trace and width,
 * one path per colour, so 100,000 spans draw in a few milliseconds.
 */
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { ERROR_COLOR, serviceColor } from '../lib/colors';
import { STATUS_ERROR, type TraceModel } from '../lib/trace-model';
import { useElementWidth } from '../lib/use-async';

const HEIGHT = 56;

export function Minimap({
  model,
  viewStart,
  viewEnd,
  onZoom,
}: {
  readonly model: TraceModel;
  readonly viewStart: number;
  readonly viewEnd: number;
  readonly onZoom: (start: number, end: number) => void;
}) {
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const width = useElementWidth(box, 1000);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (c === null || c === undefined || ctx === null || ctx === undefined) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(width * dpr);
    c.height = Math.round(HEIGHT * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    const s = model.trace.spans;
    const n = model.size;
    const scale = width / model.durationNs;
    const rowH = Math.max(1, HEIGHT / n);
    const paths = new Map<string, Path2D>();
    for (let pos = 0; pos < n; pos++) {
      const v = model.order[pos]!;
      const color = s.status[v] === STATUS_ERROR ? ERROR_COLOR : serviceColor(model.trace.strings[s.service[v]!] ?? '');
      let path = paths.get(color);
      if (path === undefined) {
        path = new Path2D();
        paths.set(color, path);
      }
      const x = (s.start[v] ?? 0) * scale;
      path.rect(x, (pos / n) * HEIGHT, Math.max(1, Math.max(0, s.duration[v] ?? 0) * scale), rowH);
    }
    for (const [color, path] of paths) {
      ctx.fillStyle = color;
      ctx.fill(path);
    }
  }, [model, width]);

  const toNs = (clientX: number): number => {
    const r = box?.getBoundingClientRect();
    if (r === undefined || r.width === 0) return 0;
    return Math.max(0, Math.min(1, (clientX - r.left) / r.width)) * model.durationNs;
  };
  const onDown = (e: PointerEvent<HTMLDivElement>): void => {
    e.currentTarget.setPointerCapture(e.pointerId);
    const at = toNs(e.clientX);
    setDrag({ from: at, to: at });
  };
  const onMove = (e: PointerEvent<HTMLDivElement>): void => {
    if (drag !== null) setDrag({ from: drag.from, to: toNs(e.clientX) });
  };
  const onUp = (): void => {
    if (drag !== null) {
      const a = Math.min(drag.from, drag.to);
      const b = Math.max(drag.from, drag.to);
      // A click is not a zoom: at least half a percent of the trace.
      if (b - a > model.durationNs * 0.005) onZoom(a, b);
    }
    setDrag(null);
  };

  const pct = (ns: number): string => `${(ns / model.durationNs) * 100}%`;
  const shown = drag !== null ? { a: Math.min(drag.from, drag.to), b: Math.max(drag.from, drag.to) } : { a: viewStart, b: viewEnd };
  const zoomed = viewStart > 0 || viewEnd < model.durationNs;
  return (
    <div
      className="minimap"
      ref={setBox}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onDoubleClick={() => onZoom(0, model.durationNs)}
      title="Drag to zoom into a time window; double-click to see the whole trace"
      data-testid="minimap"
    >
      <canvas ref={canvas} style={{ width: `${width}px`, height: `${HEIGHT}px` }} aria-label="Trace overview" role="img" />
      {(zoomed || drag !== null) && <div className="minimap-window" style={{ left: pct(shown.a), width: pct(shown.b - shown.a) }} />}
    </div>
  );
}
