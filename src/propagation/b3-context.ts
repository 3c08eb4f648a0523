/**
 * What the two B3 encodings share: padding of 64-bit trace ids and the mapping of
 * B3 sampling states onto a SpanContext.
 * https://github.com/openzipkin/b3-propagation
 */
import { parseLowerHexId } from './lower-hex.js';
import { TRACE_FLAG_SAMPLED, type B3SamplingState, type SpanContext } from './span-context.js';
import { TraceState } from './trace-state.js';

/**
 * A B3 extraction: a context, or a sampling state sent on its own ("When only
 * propagating a sampling decision, the header is still named b3, but only contains
 * the sampling state"), in which case `context` is null.
 */
export type B3Extraction =
  | { readonly context: SpanContext; readonly samplingState: B3SamplingState }
  | { readonly context: null; readonly samplingState: Exclude<B3SamplingState, 'defer'> };

/** Single-header codes: "Accept: 1, Deny: 0, Debug: d"; Defer is the absence of the field. */
export const B3_STATE_CODE: Readonly<Record<Exclude<B3SamplingState, 'defer'>, string>> = {
  accept: '1',
  deny: '0',
  debug: 'd',
};

const ZERO_HIGH_BITS = '0000000000000000';

/**
 * "The TraceId is 64 or 128-bit": 16 or 32 lower-hex characters. A 64-bit id is
 * left-padded with zeros to 128 bits. Null when invalid or all zero.
 */
export function parseB3TraceId(hex: string): Uint8Array | null {
  if (hex.length === 16) return parseLowerHexId(ZERO_HIGH_BITS + hex, 16);
  return parseLowerHexId(hex, 16);
}

/** SpanId and ParentSpanId: 16 lower-hex characters, not all zero. */
export function parseB3SpanId(hex: string): Uint8Array | null {
  return parseLowerHexId(hex, 8);
}

export function b3Context(
  traceId: Uint8Array,
  spanId: Uint8Array,
  parentSpanId: Uint8Array | undefined,
  state: B3SamplingState,
): SpanContext {
  const sampled = state === 'defer' ? undefined : state !== 'deny';
  return {
    traceId,
    spanId,
    traceFlags: sampled === true ? TRACE_FLAG_SAMPLED : 0,
    traceState: TraceState.EMPTY,
    isRemote: true,
    ...(sampled === undefined ? {} : { sampled }),
    ...(state === 'debug' ? { debug: true } : {}),
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
  };
}
