import { describe, expect, it } from 'vitest';
import { buildTraceModel, collapseAll, localMatches, matchesInOrder, revealSpan, rowOf, spanName, visibleRows, type TraceModel } from './trace-model';
import { compactTrace, sid, type SpanRow } from './test-trace';

const names = (m: TraceModel, spans: ArrayLike<number>): string[] => Array.from(spans, (i) => spanName(m, i));
const displayed = (m: TraceModel): string[] => names(m, m.order);

//  root ─┬─ a ── a1
//        └─ b ── b1 ── b2        (children sorted by start, whatever the row order)
const TREE: SpanRow[] = [
  [sid(1), '', 'root', 'front', 0, 100],
  [sid(3), sid(1), 'b', 'back', 40, 50],
  [sid(2), sid(1), 'a', 'front', 10, 20, 2],
  [sid(4), sid(2), 'a1', 'db', 12, 5],
  [sid(5), sid(3), 'b1', 'back', 45, 30],
  [sid(6), sid(5), 'b2', 'db', 50, 10],
];

describe('buildTraceModel', () => {
  it('orders spans depth first with their subtrees, and knows depth, parents and sizes', () => {
    // Rows arrive in start order from the server; here b precedes a to show the order is by index (start) among siblings.
    const m = buildTraceModel(compactTrace([...TREE].sort((x, y) => x[4] - y[4])));
    expect(displayed(m)).toEqual(['root', 'a', 'a1', 'b', 'b1', 'b2']);
    const byName = (n: string): number => m.indexById.get(TREE.find((r) => r[2] === n)![0])!;
    expect(m.depth[byName('b2')]).toBe(3);
    expect(m.parent[byName('a1')]).toBe(byName('a'));
    expect(m.subtreeSize[byName('root')]).toBe(6);
    expect(m.subtreeSize[byName('b')]).toBe(3);
    expect(m.childCount[byName('root')]).toBe(2);
    expect(m.maxDepth).toBe(3);
    expect(m.durationNs).toBe(100);
    expect(m.errorCount).toBe(1);
    expect(m.extraRoots).toBe(0);
    expect(m.services.map((s) => [s.name, s.spanCount, s.errorCount])).toEqual([
      ['back', 2, 0],
      ['db', 2, 0],
      ['front', 2, 1],
    ]);
  });

  it('shows a span whose parent never arrived as an extra root, in start order', () => {
    const m = buildTraceModel(
      compactTrace([
        [sid(1), '', 'root', 's', 0, 10],
        [sid(2), sid(99), 'orphan', 's', 5, 1],
        [sid(3), sid(1), 'child', 's', 6, 1],
      ]),
    );
    expect(displayed(m)).toEqual(['root', 'child', 'orphan']);
    expect(m.extraRoots).toBe(1);
  });

  it('cuts a parent cycle instead of looping or losing spans', () => {
    const m = buildTraceModel(
      compactTrace([
        [sid(1), sid(2), 'x', 's', 0, 10],
        [sid(2), sid(1), 'y', 's', 1, 5],
        [sid(3), sid(3), 'self', 's', 2, 1],
      ]),
    );
    expect([...m.order].sort()).toEqual([0, 1, 2]);
    expect(displayed(m)).toEqual(['self', 'x', 'y']);
    expect(m.depth[m.indexById.get(sid(2))!]).toBe(1);
  });

  it('handles a 200,000-deep chain without recursion, quickly', () => {
    const n = 200_000;
    const rows: SpanRow[] = Array.from({ length: n }, (_, i) => [sid(i + 1), i === 0 ? '' : sid(i), `op${i % 10}`, `svc${i % 5}`, i, n - i]);
    const trace = compactTrace(rows);
    const t0 = performance.now();
    const m = buildTraceModel(trace);
    const ms = performance.now() - t0;
    expect(m.maxDepth).toBe(n - 1);
    expect(m.order[n - 1]).toBe(n - 1);
    expect(m.subtreeSize[0]).toBe(n);
    expect(visibleRows(m, new Uint8Array(n)).length).toBe(n);
    expect(ms).toBeLessThan(2000);
  });

  it('lays out a wide 100,000-span trace in well under a second', () => {
    const n = 100_000;
    const rows: SpanRow[] = Array.from({ length: n }, (_, i) => [sid(i + 1), i === 0 ? '' : sid(Math.floor(i / 10) + 1), `op${i % 50}`, `svc${i % 7}`, i * 10, 100]);
    const trace = compactTrace(rows);
    const t0 = performance.now();
    const m = buildTraceModel(trace);
    const rows2 = visibleRows(m, new Uint8Array(n));
    const ms = performance.now() - t0;
    expect(rows2.length).toBe(n);
    expect(ms).toBeLessThan(1000);
  });
});

describe('visible rows, collapse and reveal', () => {
  const m = buildTraceModel(compactTrace([...TREE].sort((x, y) => x[4] - y[4])));
  const idx = (n: string): number => m.indexById.get(TREE.find((r) => r[2] === n)![0])!;

  it('skips the subtree of a collapsed span', () => {
    const collapsed = new Uint8Array(m.size);
    collapsed[idx('b')] = 1;
    expect(names(m, visibleRows(m, collapsed))).toEqual(['root', 'a', 'a1', 'b']);
    expect(names(m, visibleRows(m, collapseAll(m)))).toEqual(['root']);
  });

  it('finds a row by binary search, -1 when hidden', () => {
    const collapsed = new Uint8Array(m.size);
    collapsed[idx('a')] = 1;
    const rows = visibleRows(m, collapsed);
    expect(rowOf(m, rows, idx('b1'))).toBe(3);
    expect(rowOf(m, rows, idx('a1'))).toBe(-1);
  });

  it('reveals a hidden span by expanding its ancestors only', () => {
    const all = collapseAll(m);
    const shown = revealSpan(m, all, idx('b2'));
    expect(names(m, visibleRows(m, shown))).toEqual(['root', 'a', 'b', 'b1', 'b2']);
    expect(shown[idx('a')]).toBe(1);
    expect(all[idx('b')]).toBe(1); // the input is not changed
    const none = new Uint8Array(m.size);
    expect(revealSpan(m, none, idx('b2'))).toBe(none);
  });
});

describe('localMatches', () => {
  const m = buildTraceModel(compactTrace([...TREE].sort((x, y) => x[4] - y[4])));

  const cases: { name: string; q: string; want: string[] }[] = [
    { name: 'span name, ignoring case', q: 'B1', want: ['b1'] },
    { name: 'service name', q: 'db', want: ['a1', 'b2'] },
    { name: 'span id', q: sid(5), want: ['b1'] },
    { name: 'blank matches nothing', q: '  ', want: [] },
    { name: 'no match', q: 'zzz', want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(names(m, matchesInOrder(m, localMatches(m, c.q))), c.name).toEqual(c.want);
    });
  }
});
