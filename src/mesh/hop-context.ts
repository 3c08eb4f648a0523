/**
 * The trace context of one proxy hop: continue the incoming context or start a trace,
 * decide sampling, and give the next hop our span as its parent.
 *
 * "If the vendor failed to parse traceparent, it MUST NOT attempt to parse
 * tracestate" and restarts the trace (https://www.w3.org/TR/trace-context/#a-traceparent-is-received);
 * the propagator already returns no context for a bad traceparent, and an empty
 * TraceState for a bad tracestate alone, so both rules hold here by construction.
 */
import {
  Baggage,
  B3_HEADER,
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
  TRACE_FLAG_SAMPLED,
  X_B3_FLAGS,
  X_B3_PARENT_SPAN_ID,
  X_B3_SAMPLED,
  X_B3_SPAN_ID,
  X_B3_TRACE_ID,
  extractB3Multi,
  extractB3Single,
  randomSpanId,
  randomTraceId,
  type HeaderGetter,
  type HeaderRecord,
  type Propagator,
  type SpanContext,
} from '../propagation/index.js';
import type { ConsistentProbabilitySampler } from '../sampling/index.js';
import type { HeaderMap } from './hop-by-hop.js';

export interface HopTracer {
  readonly propagator: Propagator;
  readonly sampler: ConsistentProbabilitySampler;
}

export interface Hop {
  /** The incoming context, null when there was none or it was invalid. */
  readonly parent: SpanContext | null;
  /** This hop's span: its id is the parent id the next hop receives. */
  readonly context: SpanContext;
  readonly sampled: boolean;
  readonly baggage: Baggage;
}

/** Every context field of every format: stale ones must not reach the next hop. */
const CONTEXT_FIELDS = [
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
  B3_HEADER,
  X_B3_TRACE_ID,
  X_B3_SPAN_ID,
  X_B3_PARENT_SPAN_ID,
  X_B3_SAMPLED,
  X_B3_FLAGS,
];

/**
 * B3's debug flag has no W3C equivalent. A hop that wrote both formats (as every hop here
 * does) sent it in B3 only, and W3C is read first, so look for it in B3 for the same trace.
 */
function b3Debug(headers: HeaderRecord, traceId: Uint8Array): boolean {
  const getter = nodeHeaderGetter(headers);
  for (const found of [extractB3Single(getter), extractB3Multi(getter)]) {
    if (found?.context?.debug === true && Buffer.compare(found.context.traceId, traceId) === 0) return true;
  }
  return false;
}

/**
 * Node's IncomingHttpHeaders has lowercase keys, and repeated fields already combined
 * (joined with ", ", which a W3C parser rejects for traceparent as the spec wants), so a
 * direct lookup replaces the generic case-insensitive scan of every key per field.
 */
function nodeHeaderGetter(headers: HeaderRecord): HeaderGetter {
  return { get: (name) => headers[name] };
}

export function beginHop(headers: HeaderRecord, tracer: HopTracer): Hop {
  const extracted = tracer.propagator.extract(nodeHeaderGetter(headers));
  const parent = extracted.context;
  const traceId = parent?.traceId ?? randomTraceId();
  const decision = tracer.sampler.shouldSample({
    traceId,
    parent,
    ...(extracted.samplingState !== undefined ? { samplingState: extracted.samplingState } : {}),
  });
  const debug =
    parent === null ? extracted.samplingState === 'debug' : parent.debug === true || (parent.sampled === true && b3Debug(headers, parent.traceId));
  const context: SpanContext = {
    traceId,
    spanId: randomSpanId(),
    // Other flag bits (W3C Level 2 "random") are the trace's, not ours to drop.
    traceFlags: ((parent?.traceFlags ?? 0) & ~TRACE_FLAG_SAMPLED) | (decision.sampled ? TRACE_FLAG_SAMPLED : 0),
    traceState: decision.traceState,
    isRemote: false,
    sampled: decision.sampled,
    ...(debug && decision.sampled ? { debug: true } : {}),
    ...(parent !== null ? { parentSpanId: parent.spanId } : {}),
  };
  return { parent, context, sampled: decision.sampled, baggage: extracted.baggage };
}

/** Removes stale context fields from `headers` and writes this hop's context in the configured formats. */
export function injectHop(hop: Hop, headers: HeaderMap, propagator: Propagator): void {
  for (const f of CONTEXT_FIELDS) delete headers[f];
  propagator.inject(
    { context: hop.context, ...(hop.baggage.size > 0 ? { baggage: hop.baggage } : {}) },
    { set: (name, value) => void (headers[name] = value) },
  );
}
