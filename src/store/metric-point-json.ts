/**
 * The `point` column: a point's type-specific data as JSON, exact. bigints are written
 * as "123n" and non-finite doubles as "NaN"/"Infinity"/"-Infinity"; no other string in
 * the data (type names, 'int', 'double') has either shape, so reading is unambiguous.
 */
import type { MetricPointData } from '../model/index.js';

const BIGINT_TEXT = /^-?\d+n$/;

export function encodePointData(d: MetricPointData): string {
  return JSON.stringify(d, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    return v;
  });
}

export function decodePointData(text: string): MetricPointData {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v !== 'string') return v;
    if (BIGINT_TEXT.test(v)) return BigInt(v.slice(0, -1));
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    return v;
  }) as MetricPointData;
}
