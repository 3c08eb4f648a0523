import { describe, expect, it } from 'vitest';
import { parseRfc3339Nano } from '../../src/query/rfc3339.js';

describe('parseRfc3339Nano', () => {
  const valid: [name: string, text: string, ns: bigint][] = [
    ['epoch', '1970-01-01T00:00:00Z', 0n],
    ['whole seconds', '2024-01-02T15:04:05Z', 1_704_207_845_000_000_000n],
    ['nanoseconds exact', '2024-01-02T15:04:05.123456789Z', 1_704_207_845_123_456_789n],
    ['one fraction digit', '2024-01-02T15:04:05.1Z', 1_704_207_845_100_000_000n],
    ['positive offset', '2024-01-02T17:04:05+02:00', 1_704_207_845_000_000_000n],
    ['negative offset', '2024-01-02T10:04:05.5-05:00', 1_704_207_845_500_000_000n],
    ['leap day', '2024-02-29T00:00:00Z', 1_709_164_800_000_000_000n],
    ['end of day', '2023-12-31T23:59:59.999999999Z', 1_704_067_199_999_999_999n],
  ];
  it.each(valid)('%s: %s', (name, text, ns) => {
    expect(parseRfc3339Nano(text), name).toBe(ns);
  });

  const invalid: [name: string, text: string][] = [
    ['empty', ''],
    ['date only', '2024-01-02'],
    ['no offset', '2024-01-02T15:04:05'],
    ['space separator', '2024-01-02 15:04:05Z'],
    ['lowercase t', '2024-01-02t15:04:05Z'],
    ['ten fraction digits', '2024-01-02T15:04:05.1234567891Z'],
    ['empty fraction', '2024-01-02T15:04:05.Z'],
    ['month 13', '2024-13-02T15:04:05Z'],
    ['day 0', '2024-01-00T15:04:05Z'],
    ['feb 30', '2024-02-30T15:04:05Z'],
    ['feb 29 not leap', '2023-02-29T15:04:05Z'],
    ['hour 24', '2024-01-02T24:00:00Z'],
    ['leap second', '2024-01-02T23:59:60Z'],
    ['offset without colon', '2024-01-02T15:04:05+0200'],
    ['offset hour 24', '2024-01-02T15:04:05+24:00'],
    ['unix seconds', '1704207845'],
  ];
  it.each(invalid)('%s: %j', (name, text) => {
    expect(parseRfc3339Nano(text), name).toBeNull();
  });
});
