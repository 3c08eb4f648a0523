/**
 * RFC 3339 timestamps as Go's `time.Parse(time.RFC3339Nano, s)` accepts them, which
 * api_v3 uses for `query.start_time_min`/`query.start_time_max`:
 *
 *   2006-01-02T15:04:05Z   2006-01-02T15:04:05.999999999+07:00
 *
 * Up to nine fraction digits; offset `Z` or `±hh:mm`; fields range-checked (no leap second,
 * day within its month). https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 */

const DATE = '(\\d{4})-(\\d{2})-(\\d{2})';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?';
const OFFSET = '(Z|[+-]\\d{2}:\\d{2})';
const RFC3339 = new RegExp(`^${DATE}T${TIME}${OFFSET}$`);

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Unix nanoseconds, or null when the text is not an RFC 3339 timestamp. */
export function parseRfc3339Nano(text: string): bigint | null {
  const m = RFC3339.exec(text);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac = '', offset = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (offset.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0-99 to 1900-1999
  date.setUTCHours(hour, minute, second, 0);
  const ms = date.getTime() - offsetMinutes * 60_000;
  return BigInt(ms) * 1_000_000n + BigInt(frac.padEnd(9, '0') || '0');
}
