/**
 * The `b3multi` propagator: one `X-B3-*` header per field.
 * https://github.com/openzipkin/b3-propagation#multiple-headers
 */
import { bytesToHex } from '../model/ids.js';
import { b3Context, parseB3SpanId, parseB3TraceId, type B3Extraction } from './b3-context.js';
import { firstHeader, trimOws, type HeaderGetter, type HeaderSetter } from './headers.js';
import { samplingStateOf, type B3SamplingState, type SpanContext } from './span-context.js';

export const X_B3_TRACE_ID = 'x-b3-traceid';
export const X_B3_SPAN_ID = 'x-b3-spanid';
export const X_B3_PARENT_SPAN_ID = 'x-b3-parentspanid';
export const X_B3_SAMPLED = 'x-b3-sampled';
export const X_B3_FLAGS = 'x-b3-flags';

/** The first value, OWS trimmed; an empty header carries nothing and counts as absent. */
function header(getter: HeaderGetter, name: string): string | undefined {
  const v = firstHeader(getter.get(name));
  const trimmed = v === undefined ? '' : trimOws(v);
  return trimmed === '' ? undefined : trimmed;
}

/**
 * "Debug is encoded as X-B3-Flags: 1" and implies accept. X-B3-Sampled is 1 or 0;
 * `true` / `false` are accepted too, as the README allows for old tracers. Any other
 * value, or none, defers the decision.
 */
function samplingState(sampled: string | undefined, flags: string | undefined): B3SamplingState {
  if (flags === '1') return 'debug';
  switch (sampled?.toLowerCase()) {
    case '1':
    case 'true':
      return 'accept';
    case '0':
    case 'false':
      return 'deny';
    default:
      return 'defer';
  }
}

/**
 * The context in `X-B3-*` headers; null when TraceId or SpanId is missing or any id
 * is invalid. With neither id, a Sampled or Flags header alone is a sampling state
 * sent on its own ("valid to propagate only a reject sampling decision").
 */
export function extractB3Multi(getter: HeaderGetter): B3Extraction | null {
  const traceHex = header(getter, X_B3_TRACE_ID);
  const spanHex = header(getter, X_B3_SPAN_ID);
  const parentHex = header(getter, X_B3_PARENT_SPAN_ID);
  const state = samplingState(header(getter, X_B3_SAMPLED), header(getter, X_B3_FLAGS));
  if (traceHex === undefined && spanHex === undefined) {
    return state === 'defer' ? null : { context: null, samplingState: state };
  }
  if (traceHex === undefined || spanHex === undefined) return null;
  const traceId = parseB3TraceId(traceHex);
  const spanId = parseB3SpanId(spanHex);
  if (traceId === null || spanId === null) return null;
  let parentSpanId: Uint8Array | undefined;
  if (parentHex !== undefined) {
    const parsed = parseB3SpanId(parentHex);
    if (parsed === null) return null;
    parentSpanId = parsed;
  }
  return { context: b3Context(traceId, spanId, parentSpanId, state), samplingState: state };
}

/** Writes the X-B3-* headers; debug is sent as Flags alone ("don't also send X-B3-Sampled"). */
export function injectB3Multi(ctx: SpanContext, setter: HeaderSetter): void {
  setter.set(X_B3_TRACE_ID, bytesToHex(ctx.traceId));
  setter.set(X_B3_SPAN_ID, bytesToHex(ctx.spanId));
  if (ctx.parentSpanId !== undefined) setter.set(X_B3_PARENT_SPAN_ID, bytesToHex(ctx.parentSpanId));
  injectB3MultiSamplingState(samplingStateOf(ctx), setter);
}

/** Only the sampling headers; alone, they propagate a decision without ids. */
export function injectB3MultiSamplingState(state: B3SamplingState, setter: HeaderSetter): void {
  if (state === 'debug') setter.set(X_B3_FLAGS, '1');
  else if (state !== 'defer') setter.set(X_B3_SAMPLED, state === 'accept' ? '1' : '0');
}
