import { describe, expect, it } from 'vitest';
import { parseGoDuration } from '../../src/query/duration.js';

const MS = 1_000_000n;
const S = 1_000_000_000n;

describe('parseGoDuration', () => {
  const valid: [name: string, text: string, ns: bigint][] = [
    ['zero without unit', '0', 0n],
    ['signed zero', '-0', 0n],
    ['plus zero', '+0', 0n],
    ['nanoseconds', '5ns', 5n],
    ['microseconds us', '500us', 500_000n],
    ['microseconds micro sign', '500\u00b5s', 500_000n],
    ['microseconds greek mu', '500\u03bcs', 500_000n],
    ['milliseconds', '100ms', 100n * MS],
    ['seconds', '3s', 3n * S],
    ['fractional seconds', '1.5s', 1_500n * MS],
    ['leading dot', '.5s', 500n * MS],
    ['trailing dot', '1.s', S],
    ['minutes', '2m', 120n * S],
    ['hours', '1h', 3600n * S],
    ['compound', '2h45m30.5s', (2n * 3600n + 45n * 60n) * S + 30_500n * MS],
    ['negative', '-1.5h', -5400n * S],
    ['plus sign', '+10s', 10n * S],
    ['fraction finer than a nanosecond is truncated', '1.0000000019s', S + 1n],
    ['many fraction digits', '0.123456789123ms', 123_456n],
    ['largest', '9223372036854775807ns', (1n << 63n) - 1n],
    ['most negative', '-9223372036854775808ns', -(1n << 63n)],
    ['units repeat', '1s1s', 2n * S],
  ];
  it.each(valid)('%s: %s', (name, text, ns) => {
    expect(parseGoDuration(text), name).toBe(ns);
  });

  const invalid: [name: string, text: string][] = [
    ['empty', ''],
    ['sign only', '-'],
    ['number without unit', '100'],
    ['double zero without unit', '00'],
    ['unknown unit', '12parsecs'],
    ['days are not Go units', '2d'],
    ['unit only', 's'],
    ['dot only', '.s'],
    ['two dots', '1.2.3s'],
    ['space inside', '1 s'],
    ['uppercase unit', '1S'],
    ['trailing number', '1s2'],
    ['overflow', '9223372036854775808ns'],
    ['overflow in hours', '2562048h'],
    ['double sign', '--1s'],
    ['letters first', 'ms100'],
  ];
  it.each(invalid)('%s: %j', (name, text) => {
    expect(parseGoDuration(text), name).toBeNull();
  });
});
