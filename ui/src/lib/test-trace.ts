/** Compact traces for unit tests: spans given as [id, parent id or '', name, service, start, duration, status?]. */
import type { CompactTrace } from '../api/types';

export type SpanRow = readonly [id: string, parent: string, name: string, service: string, start: number, duration: number, status?: number];

export function compactTrace(rows: readonly SpanRow[]): CompactTrace {
  const strings: string[] = [];
  const ref = new Map<string, number>();
  const intern = (t: string): number => {
    let i = ref.get(t);
    if (i === undefined) {
      i = strings.length;
      strings.push(t);
      ref.set(t, i);
    }
    return i;
  };
  const byId = new Map<string, number>();
  rows.forEach(([id], i) => {
    if (!byId.has(id)) byId.set(id, i);
  });
  const orphans: [number, string][] = [];
  const parent = rows.map(([, p], i) => {
    if (p === '') return -1;
    const at = byId.get(p);
    if (at === undefined) orphans.push([i, p]);
    return at ?? -1;
  });
  return {
    format: 1,
    traceId: 'ab'.repeat(16),
    startTimeUnixNano: '1700000000000000000',
    spanCount: rows.length,
    strings,
    spans: {
      spanId: rows.map((r) => r[0]),
      parent,
      service: rows.map((r) => intern(r[3])),
      name: rows.map((r) => intern(r[2])),
      kind: rows.map(() => 1),
      start: rows.map((r) => r[4]),
      duration: rows.map((r) => r[5]),
      status: rows.map((r) => r[6] ?? 0),
      statusMessage: rows.map(() => intern('')),
    },
    orphans,
  };
}

/** A 16-hex-digit span id from a number. */
export function sid(n: number): string {
  return n.toString(16).padStart(16, '0');
}
