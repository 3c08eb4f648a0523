/**
 * Compact per-trace summaries for the sampling trade-off view: what a trace cost
 * (spans, bytes), whether it mattered (error, slow), who it belongs to (root service and
 * operation), the attribute values sampling policies read, and what the samplers did
 * with it. A bounded ring keeps the last `ring_size` of them: the window a what-if
 * evaluates proposed settings against.
 */
import type { AnyValue } from '../../model/index.js';

/** Attribute values kept per key in a summary (the first ones seen). */
export const MAX_VALUES_PER_KEY = 8;
/** Longest string value kept, characters. */
export const MAX_VALUE_LENGTH = 128;

export interface TraceSummary {
  /** 16 bytes. */
  readonly traceId: Uint8Array;
  /** When the first span was received, ms. */
  readonly firstSeenMs: number;
  spanCount: number;
  /** Estimated encoded size of the spans (OTLP protobuf), bytes. */
  bytes: number;
  /** First span start and last span end, ns (as numbers; ±256 ns). */
  minStart: number;
  maxEnd: number;
  /** Bit 1 << status code for each code seen. */
  statusMask: number;
  /** The first non-empty tracestate. */
  traceState: string;
  rootService: string | undefined;
  rootName: string | undefined;
  /** The first service seen, for traces whose root never arrived. */
  firstService: string;
  /** Tracked attribute (span or resource) -> distinct values seen. */
  readonly attributes: Map<string, AnyValue[]>;
  /** The head sampler that saw it and whether it kept any span. */
  head?: { sampler: string; kept: boolean };
  /** The tail sampler's decision and the policy that kept it. */
  tail?: { sampler: string; kept: boolean; policy?: string; votes: Record<string, boolean> };
}

export function durationMs(s: TraceSummary): number {
  return s.spanCount === 0 ? 0 : (s.maxEnd - s.minStart) / 1e6;
}

export function isError(s: TraceSummary): boolean {
  return (s.statusMask & 4) !== 0;
}

export function serviceOf(s: TraceSummary): string {
  return s.rootService ?? s.firstService;
}

/** Kept by everything that looked at it (head, then tail); true when nothing sampled it. */
export function keptNow(s: TraceSummary): boolean {
  return (s.head?.kept ?? true) && (s.tail?.kept ?? true);
}

export function addValue(s: TraceSummary, key: string, v: AnyValue): void {
  let list = s.attributes.get(key);
  if (!list) s.attributes.set(key, (list = []));
  if (list.length >= MAX_VALUES_PER_KEY) return;
  const value: AnyValue = v.type === 'string' && v.value.length > MAX_VALUE_LENGTH ? { type: 'string', value: v.value.slice(0, MAX_VALUE_LENGTH) } : v;
  for (const x of list) if (x.type === value.type && x.type !== 'array' && x.type !== 'kvlist' && (x as { value?: unknown }).value === (value as { value?: unknown }).value) return;
  list.push(value);
}

/** A fixed-size ring: the newest `capacity` summaries, oldest overwritten first. */
export class SummaryRing {
  private readonly items: (TraceSummary | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<TraceSummary | undefined>(capacity);
  }

  push(s: TraceSummary): void {
    this.items[this.next] = s;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** Oldest first. */
  toArray(): TraceSummary[] {
    const out: TraceSummary[] = [];
    const start = this.count < this.capacity ? 0 : this.next;
    for (let i = 0; i < this.count; i++) out.push(this.items[(start + i) % this.capacity]!);
    return out;
  }
}
