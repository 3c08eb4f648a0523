/**
 * The waterfall's layout, computed once per trace: display order (depth first,
 * siblings by start time), depth and subtree size, in typed arrays indexed by span.
 *
 * Iterative with an explicit stack and index arrays throughout: a 100,000-deep chain of
 * spans must not overflow the call stack, and no step looks a span up by searching
 * (no array.find in a loop): parents are indexes already (the server resolved them),
 * children are found through one counting pass (CSR offsets).
 *
 * Broken traces are shown, not hidden: a span whose parent never arrived is a root of
 * its own, and spans in a parent cycle (A's parent is B, B's parent is A) are cut at
 * the earliest one.
 */
import type { CompactTrace } from '../api/types';

export const STATUS_ERROR = 2;

export interface ServiceCount {
  readonly name: string;
  readonly spanCount: number;
  readonly errorCount: number;
}

export interface TraceModel {
  readonly trace: CompactTrace;
  readonly size: number;
  /** Display position -> span index: a span, then its whole subtree. */
  readonly order: Int32Array;
  /** Span index -> display position. */
  readonly position: Int32Array;
  /** Span index -> parent in the displayed tree, -1 for a root. */
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  /** Span index -> spans in its subtree, itself included: positions [position, position + subtreeSize). */
  readonly subtreeSize: Int32Array;
  readonly childCount: Int32Array;
  readonly maxDepth: number;
  /** Latest span end after the trace start, ns; at least 1 so scales never divide by zero. */
  readonly durationNs: number;
  readonly errorCount: number;
  /** Most spans first. */
  readonly services: readonly ServiceCount[];
  /** Roots other than the first: spans whose parent is missing or in a cycle. */
  readonly extraRoots: number;
  readonly indexById: ReadonlyMap<string, number>;
}

export function buildTraceModel(trace: CompactTrace): TraceModel {
  const n = trace.spanCount;
  const s = trace.spans;
  const parentIn = new Int32Array(n);
  const childTotal = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const p = s.parent[i] ?? -1;
    const valid = p >= 0 && p < n && p !== i;
    parentIn[i] = valid ? p : -1;
    if (valid) childTotal[p + 1]! += 1;
  }
  // CSR: children of v are children[childStart[v] .. childStart[v + 1]), in span (start-time) order.
  const childStart = childTotal;
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!;
  const fill = childStart.slice(0, n);
  const children = new Int32Array(Math.max(0, childStart[n] ?? 0));
  for (let i = 0; i < n; i++) {
    const p = parentIn[i]!;
    if (p >= 0) children[fill[p]!++] = i;
  }

  const order = new Int32Array(n);
  const position = new Int32Array(n);
  const parent = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n);
  const visited = new Uint8Array(n);
  const stack = new Int32Array(n);
  let next = 0;
  let maxDepth = 0;
  let roots = 0;

  const walk = (root: number): void => {
    roots++;
    let top = 0;
    stack[top++] = root;
    visited[root] = 1;
    depth[root] = 0;
    while (top > 0) {
      const v = stack[--top]!;
      order[next] = v;
      position[v] = next++;
      const d = depth[v]! + 1;
      // Pushed latest first, so the earliest child is taken next: siblings stay in start order.
      for (let k = childStart[v + 1]! - 1; k >= childStart[v]!; k--) {
        const c = children[k]!;
        if (visited[c]) continue;
        visited[c] = 1;
        parent[c] = v;
        depth[c] = d;
        if (d > maxDepth) maxDepth = d;
        stack[top++] = c;
      }
    }
  };
  for (let i = 0; i < n; i++) if (parentIn[i] === -1) walk(i);
  // What is left hangs off a parent cycle: start it at its earliest span.
  for (let i = 0; i < n; i++) if (!visited[i]) walk(i);

  const subtreeSize = new Int32Array(n);
  const childCount = new Int32Array(n);
  // Reverse display order finishes every child before its parent.
  for (let pos = n - 1; pos >= 0; pos--) {
    const v = order[pos]!;
    subtreeSize[v]! += 1;
    const p = parent[v]!;
    if (p >= 0) {
      subtreeSize[p]! += subtreeSize[v]!;
      childCount[p]! += 1;
    }
  }

  let end = 1;
  let errorCount = 0;
  const perService = new Int32Array(trace.strings.length);
  const errorsPerService = new Int32Array(trace.strings.length);
  const indexById = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const e = (s.start[i] ?? 0) + Math.max(0, s.duration[i] ?? 0);
    if (e > end) end = e;
    const svc = s.service[i] ?? 0;
    perService[svc]! += 1;
    if (s.status[i] === STATUS_ERROR) {
      errorCount++;
      errorsPerService[svc]! += 1;
    }
    const id = s.spanId[i];
    if (id !== undefined && !indexById.has(id)) indexById.set(id, i);
  }
  const services: ServiceCount[] = [];
  for (let k = 0; k < perService.length; k++) {
    if (perService[k]! > 0) services.push({ name: trace.strings[k] ?? '', spanCount: perService[k]!, errorCount: errorsPerService[k]! });
  }
  services.sort((a, b) => b.spanCount - a.spanCount || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  return {
    trace,
    size: n,
    order,
    position,
    parent,
    depth,
    subtreeSize,
    childCount,
    maxDepth,
    durationNs: end,
    errorCount,
    services,
    extraRoots: Math.max(0, roots - 1),
    indexById,
  };
}

/** Span index -> its texts, for rows and search. */
export function spanName(m: TraceModel, i: number): string {
  return m.trace.strings[m.trace.spans.name[i] ?? -1] ?? '';
}

export function spanService(m: TraceModel, i: number): string {
  return m.trace.strings[m.trace.spans.service[i] ?? -1] ?? '';
}

/** Rows on screen: display order, skipping the subtrees of collapsed spans. O(rows + collapsed). */
export function visibleRows(m: TraceModel, collapsed: Uint8Array): Int32Array {
  const out = new Int32Array(m.size);
  let k = 0;
  for (let pos = 0; pos < m.size; ) {
    const v = m.order[pos]!;
    out[k++] = v;
    pos += collapsed[v] ? m.subtreeSize[v]! : 1;
  }
  return out.subarray(0, k);
}

/** Row number of a span among the visible rows (binary search: rows are in display order), -1 when hidden. */
export function rowOf(m: TraceModel, rows: Int32Array, span: number): number {
  const want = m.position[span] ?? -1;
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const p = m.position[rows[mid]!]!;
    if (p === want) return mid;
    if (p < want) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** A copy of `collapsed` with every ancestor of `span` expanded, so the span is visible. */
export function revealSpan(m: TraceModel, collapsed: Uint8Array, span: number): Uint8Array {
  let changed: Uint8Array | undefined;
  for (let p = m.parent[span] ?? -1; p >= 0; p = m.parent[p]!) {
    if (collapsed[p]) {
      changed ??= collapsed.slice();
      changed[p] = 0;
    }
  }
  return changed ?? collapsed;
}

/** Every span with children collapsed (only roots stay visible), or none. */
export function collapseAll(m: TraceModel): Uint8Array {
  const out = new Uint8Array(m.size);
  for (let i = 0; i < m.size; i++) if (m.childCount[i]! > 0) out[i] = 1;
  return out;
}

/**
 * Spans whose name or service contains `query` (ignoring case), or whose id starts
 * with it. Each distinct string is tested once, not once per span.
 */
export function localMatches(m: TraceModel, query: string): Uint8Array {
  const flags = new Uint8Array(m.size);
  const q = query.trim().toLowerCase();
  if (q === '') return flags;
  const strings = m.trace.strings;
  const hit = new Uint8Array(strings.length);
  for (let k = 0; k < strings.length; k++) if (strings[k]!.toLowerCase().includes(q)) hit[k] = 1;
  const s = m.trace.spans;
  for (let i = 0; i < m.size; i++) {
    if (hit[s.name[i]!] || hit[s.service[i]!] || s.spanId[i]!.startsWith(q)) flags[i] = 1;
  }
  return flags;
}

/** Flagged spans in display order. */
export function matchesInOrder(m: TraceModel, flags: Uint8Array): number[] {
  const out: number[] = [];
  for (let pos = 0; pos < m.size; pos++) if (flags[m.order[pos]!]) out.push(m.order[pos]!);
  return out;
}
