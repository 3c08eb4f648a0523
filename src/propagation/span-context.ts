import type { TraceState } from './trace-state.js';

/** trace-flags bit 0: "the caller may have recorded trace data". */
export const TRACE_FLAG_SAMPLED = 0x01;

/**
 * The part of a span that crosses process boundaries. W3C fills traceId, spanId,
 * traceFlags and traceState; B3 may add debug and parentSpanId, and may carry no
 * sampling decision at all ("defer").
 */
export interface SpanContext {
  /** 16 bytes, never all zero. 64-bit B3 ids are left-padded with zeros. */
  readonly traceId: Uint8Array;
  /** 8 bytes, never all zero. */
  readonly spanId: Uint8Array;
  /** The W3C trace-flags byte; bit 0 is "sampled". */
  readonly traceFlags: number;
  readonly traceState: TraceState;
  /** True when extracted from a carrier rather than created in this process. */
  readonly isRemote: boolean;
  /**
   * The upstream sampling decision; absent means deferred (only B3 can say that).
   * When absent, the sampled bit of traceFlags is the decision.
   */
  readonly sampled?: boolean;
  /** B3 debug ("force trace"); implies sampled. */
  readonly debug?: boolean;
  /** B3 ParentSpanId, when the carrier had one. */
  readonly parentSpanId?: Uint8Array;
}

/**
 * A sampling decision in B3's own words
 * (https://github.com/openzipkin/b3-propagation#sampling-state).
 */
export type B3SamplingState = 'defer' | 'deny' | 'accept' | 'debug';

/** The sampling state a context carries, whichever format it came from. */
export function samplingStateOf(
  ctx: Pick<SpanContext, 'traceFlags' | 'sampled' | 'debug'>,
): B3SamplingState {
  if (ctx.debug === true) return 'debug';
  if (ctx.sampled === true) return 'accept';
  if (ctx.sampled === false) return 'deny';
  return (ctx.traceFlags & TRACE_FLAG_SAMPLED) !== 0 ? 'accept' : 'defer';
}

/** True when the context carries an accept or debug decision. */
export function isSampled(ctx: Pick<SpanContext, 'traceFlags' | 'sampled' | 'debug'>): boolean {
  const state = samplingStateOf(ctx);
  return state === 'accept' || state === 'debug';
}
