/**
 * The `b3` propagator: B3 single header.
 *   b3: {TraceId}-{SpanId}[-{SamplingState}[-{ParentSpanId}]]   or   b3: {SamplingState}
 * https://github.com/openzipkin/b3-propagation#single-header
 */
import { bytesToHex } from '../model/ids.js';
import { B3_STATE_CODE, b3Context, parseB3SpanId, parseB3TraceId, type B3Extraction } from './b3-context.js';
import { firstHeader, trimOws, type HeaderGetter, type HeaderSetter } from './headers.js';
import { samplingStateOf, type B3SamplingState, type SpanContext } from './span-context.js';

export const B3_HEADER = 'b3';

const TRACE_ID = '[0-9a-f]{32}|[0-9a-f]{16}';
const SPAN_ID = '[0-9a-f]{16}';
/** "Accept: 1, Deny: 0, Debug: d"; Defer is the absence of the field. */
const SAMPLING_STATE = '[01d]';
const PARENT_SPAN_ID = '[0-9a-f]{16}';
const B3_WITH_IDS = new RegExp(
  `^(${TRACE_ID})-(${SPAN_ID})(?:-(${SAMPLING_STATE})(?:-(${PARENT_SPAN_ID}))?)?$`,
);
const B3_STATE_ONLY = new RegExp(`^${SAMPLING_STATE}$`);

const STATE_BY_CODE: Readonly<Record<string, Exclude<B3SamplingState, 'defer'>>> = {
  '0': 'deny',
  '1': 'accept',
  d: 'debug',
};

/** Parses one `b3` value; null when invalid. Surrounding OWS is trimmed. */
export function parseB3Single(value: string): B3Extraction | null {
  const v = trimOws(value);
  if (B3_STATE_ONLY.test(v)) {
    const samplingState = STATE_BY_CODE[v];
    return samplingState === undefined ? null : { context: null, samplingState };
  }
  const m = B3_WITH_IDS.exec(v);
  if (m === null) return null;
  const [, traceHex = '', spanHex = '', code, parentHex] = m;
  const traceId = parseB3TraceId(traceHex);
  const spanId = parseB3SpanId(spanHex);
  if (traceId === null || spanId === null) return null;
  let parentSpanId: Uint8Array | undefined;
  if (parentHex !== undefined) {
    const parsed = parseB3SpanId(parentHex);
    if (parsed === null) return null;
    parentSpanId = parsed;
  }
  const samplingState = code === undefined ? 'defer' : (STATE_BY_CODE[code] ?? 'defer');
  return { context: b3Context(traceId, spanId, parentSpanId, samplingState), samplingState };
}

/** The single-header value for a context: 128-bit trace id; the parent only after a state. */
export function formatB3Single(ctx: SpanContext): string {
  const base = `${bytesToHex(ctx.traceId)}-${bytesToHex(ctx.spanId)}`;
  const state = samplingStateOf(ctx);
  if (state === 'defer') return base;
  const code = B3_STATE_CODE[state];
  const parent = ctx.parentSpanId === undefined ? '' : `-${bytesToHex(ctx.parentSpanId)}`;
  return `${base}-${code}${parent}`;
}

export function extractB3Single(getter: HeaderGetter): B3Extraction | null {
  const value = firstHeader(getter.get(B3_HEADER));
  return value === undefined ? null : parseB3Single(value);
}

export function injectB3Single(ctx: SpanContext, setter: HeaderSetter): void {
  setter.set(B3_HEADER, formatB3Single(ctx));
}

/** A sampling state sent on its own, e.g. `b3: 0`. */
export function injectB3SingleSamplingState(state: Exclude<B3SamplingState, 'defer'>, setter: HeaderSetter): void {
  setter.set(B3_HEADER, B3_STATE_CODE[state]);
}
