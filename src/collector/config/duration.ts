/**
 * Go `time.Duration` text, as the OpenTelemetry Collector's config takes it: "200ms",
 * "5s", "1m30s", "1.5h". Units ns, us (µs), ms, s, m, h. A bare number is nanoseconds,
 * as mapstructure decodes one; 0 means zero. Returns milliseconds (fractional), or null.
 */
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

export function parseDurationMs(x: unknown): number | null {
  if (typeof x === 'number') return Number.isFinite(x) && x >= 0 ? x / 1e6 : null;
  if (typeof x !== 'string') return null;
  const text = x.trim();
  if (text === '0') return 0;
  if (text === '') return null;
  let total = 0;
  PART.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    PART.lastIndex = at;
    const m = PART.exec(text);
    if (!m) return null;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    at = PART.lastIndex;
  }
  return total;
}

/** Milliseconds as Go would print them, for messages: 1500 -> "1.5s". */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0s';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${ms / 1000}s`;
  return `${ms}ms`;
}
