/** Durations in flags and config ("300ms", "2s", "1m"): Go's syntax, as the query API takes it. */
import { parseGoDuration } from '../query/duration.js';

/** Whole milliseconds (at least 1 for any positive duration), or an error text. */
export function parseDurationMs(text: string): number | string {
  const ns = parseGoDuration(text.trim());
  if (ns === null || ns < 0n) return `'${text}' is not a duration (for example 250ms, 2s, 1m)`;
  if (ns === 0n) return 0;
  const ms = Number(ns / 1_000_000n);
  return ms === 0 ? 1 : ms;
}
