/**
 * Go's `time.ParseDuration` syntax, which Jaeger's query API uses for `minDuration`,
 * `maxDuration` and api_v3's `query.duration_min`/`query.duration_max`:
 *
 *   duration ::= sign? ( "0" | component+ )
 *   component ::= digits? ( "." digits? )? unit     -- at least one digit per component
 *   unit ::= "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h"
 *
 * e.g. "300ms", "-1.5h", "2h45m", "500us". https://pkg.go.dev/time#ParseDuration
 * Fractions are computed exactly (Go goes through a float64 there; results differ only
 * beyond nanosecond precision). Range is Go's: int64 nanoseconds.
 */

const NS_PER_UNIT: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // MICRO SIGN
  ['\u03bcs', 1_000n], // GREEK SMALL LETTER MU
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const INT64_MAX = (1n << 63n) - 1n;

// One component: integer digits, optional fraction, then the unit (everything up to the next digit or dot).
const COMPONENT = /^(\d*)(?:\.(\d*))?([^\d.]+)/;

/** Nanoseconds, or null when the text is not a Go duration (or overflows int64). */
export function parseGoDuration(text: string): bigint | null {
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return null;
  let total = 0n;
  while (s !== '') {
    const m = COMPONENT.exec(s);
    if (m === null) return null;
    const [whole, intDigits = '', fracDigits, unitName = ''] = m;
    if (intDigits === '' && (fracDigits === undefined || fracDigits === '')) return null;
    const unit = NS_PER_UNIT.get(unitName);
    if (unit === undefined) return null;
    let ns = (intDigits === '' ? 0n : BigInt(intDigits)) * unit;
    if (fracDigits !== undefined && fracDigits !== '') {
      ns += (BigInt(fracDigits) * unit) / 10n ** BigInt(fracDigits.length);
    }
    total += ns;
    if (total > INT64_MAX + 1n) return null;
    s = s.slice(whole.length);
  }
  if (negative) return -total;
  return total > INT64_MAX ? null : total;
}
