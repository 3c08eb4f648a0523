/** Durations, times and counts as people read them. Pure. */

const UNITS: readonly [number, string][] = [
  [3_600_000_000_000, 'h'],
  [60_000_000_000, 'min'],
  [1_000_000_000, 's'],
  [1_000_000, 'ms'],
  [1_000, 'µs'],
];

/** Fixed digits without trailing zeros after the point: 1.50 -> 1.5, 2.00 -> 2, 400 -> 400. */
function trim(n: number, digits: number): string {
  const text = n.toFixed(digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** 1.23 s, 45.6 ms, 789 µs, 12 ns: three significant digits, the largest unit that fits. */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '–';
  if (ns < 0) return `-${formatDuration(-ns)}`;
  if (ns >= 3_600_000_000_000) {
    const h = Math.floor(ns / 3_600_000_000_000);
    const m = Math.round((ns - h * 3_600_000_000_000) / 60_000_000_000);
    return m > 0 ? `${h} h ${m} min` : `${h} h`;
  }
  for (const [size, unit] of UNITS) {
    if (ns >= size) {
      const v = ns / size;
      return `${trim(v, v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${unit}`;
    }
  }
  return `${trim(ns, 0)} ns`;
}

/** Unix ns as a decimal string -> ms since the epoch (a float; ns precision is not needed to show it). */
export function nsTextToMs(text: string): number {
  const ns = Number(text);
  return Number.isFinite(ns) ? ns / 1e6 : NaN;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** 2026-11-25 19:51:13.123 in local time. */
export function formatDateTime(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** 19:51:13 in local time. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(ms: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  if (fraction === 0) return '0%';
  if (fraction < 0.001) return '<0.1%';
  return `${trim(fraction * 100, fraction < 0.1 ? 1 : 0)}%`;
}

export const SPAN_KIND_LABELS: readonly string[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

export function spanKindLabel(kind: number): string {
  return SPAN_KIND_LABELS[kind] ?? `kind ${kind}`;
}

export const STATUS_LABELS: readonly string[] = ['unset', 'ok', 'error'];

export function statusLabel(code: number): string {
  return STATUS_LABELS[code] ?? `status ${code}`;
}
