/**
 * The `tracecontext` propagator: W3C Trace Context Level 1 headers.
 * https://www.w3.org/TR/trace-context/
 */
import { singleHeader, type HeaderGetter, type HeaderSetter } from './headers.js';
import { TRACE_FLAG_SAMPLED, type SpanContext } from './span-context.js';
import { formatTraceparent, parseTraceparent } from './traceparent.js';
import { TraceState } from './trace-state.js';

export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

/**
 * The remote context in `traceparent` / `tracestate`, or null. "If the vendor failed
 * to parse traceparent, it MUST NOT attempt to parse tracestate"; a bad tracestate
 * only empties the trace state.
 */
export function extractTraceContext(getter: HeaderGetter): SpanContext | null {
  const value = singleHeader(getter.get(TRACEPARENT_HEADER));
  if (value === undefined || value === null) return null;
  const tp = parseTraceparent(value);
  if (tp === null) return null;
  return {
    traceId: tp.traceId,
    spanId: tp.parentId,
    traceFlags: tp.traceFlags,
    traceState: TraceState.parse(getter.get(TRACESTATE_HEADER)),
    isRemote: true,
    sampled: (tp.traceFlags & TRACE_FLAG_SAMPLED) !== 0,
  };
}

/** Writes `traceparent`, and `tracestate` when it has entries (empty ones SHOULD NOT be sent). */
export function injectTraceContext(ctx: SpanContext, setter: HeaderSetter): void {
  setter.set(TRACEPARENT_HEADER, formatTraceparent(ctx));
  const state = ctx.traceState.serialize();
  if (state !== '') setter.set(TRACESTATE_HEADER, state);
}
