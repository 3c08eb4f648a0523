/**
 * W3C Trace Context Level 1 `traceparent`.
 * https://www.w3.org/TR/trace-context/#traceparent-header
 */
import { bytesToHex } from '../model/ids.js';
import { trimOws } from './headers.js';
import { parseLowerHexId } from './lower-hex.js';
import { isSampled, type SpanContext } from './span-context.js';

// value = version "-" version-format; all fields are HEXDIGLC (lowercase hex).
const VERSION = '[0-9a-f]{2}';
const TRACE_ID = '[0-9a-f]{32}';
const PARENT_ID = '[0-9a-f]{16}';
const TRACE_FLAGS = '[0-9a-f]{2}';
// A higher version may append fields, each after a "-"; nothing is assumed about them.
// https://www.w3.org/TR/trace-context/#versioning-of-traceparent
const FUTURE_FIELDS = '-.*';
const TRACEPARENT = new RegExp(
  `^(${VERSION})-(${TRACE_ID})-(${PARENT_ID})-(${TRACE_FLAGS})(${FUTURE_FIELDS})?$`,
);

/** "Version ff is invalid." */
const FORBIDDEN_VERSION = 'ff';
/** The version this implementation knows; it is the one written. */
const KNOWN_VERSION = '00';

export interface Traceparent {
  readonly version: number;
  readonly traceId: Uint8Array;
  readonly parentId: Uint8Array;
  readonly traceFlags: number;
}

/**
 * Parses one `traceparent` value; null when invalid. Surrounding OWS is trimmed.
 * Version 00 allows nothing after trace-flags; a higher version may carry more
 * fields after a "-", which are ignored while the known ones are still validated.
 */
export function parseTraceparent(value: string): Traceparent | null {
  const m = TRACEPARENT.exec(trimOws(value));
  if (m === null) return null;
  const [, version, traceIdHex, parentIdHex, flagsHex, future] = m as unknown as [
    string, string, string, string, string, string | undefined,
  ];
  if (version === FORBIDDEN_VERSION) return null;
  if (version === KNOWN_VERSION && future !== undefined) return null;
  // "All bytes as zero is considered an invalid value" (trace-id and parent-id).
  const traceId = parseLowerHexId(traceIdHex, 16);
  const parentId = parseLowerHexId(parentIdHex, 8);
  if (traceId === null || parentId === null) return null;
  return { version: parseInt(version, 16), traceId, parentId, traceFlags: parseInt(flagsHex, 16) };
}

/**
 * The version-00 `traceparent` for a context ("Downgrade the version" is the allowed
 * mutation for a higher version received). Only the sampled flag is written: Level 1
 * says of the other flag bits "Vendors MUST set those to zero"
 * (https://www.w3.org/TR/trace-context/#other-flags). A B3 debug context is sampled;
 * a deferred one is written as not sampled, the W3C default for an undecided trace.
 */
export function formatTraceparent(
  ctx: Pick<SpanContext, 'traceId' | 'spanId' | 'traceFlags' | 'sampled' | 'debug'>,
): string {
  const flags = isSampled(ctx) ? '01' : '00';
  return `${KNOWN_VERSION}-${bytesToHex(ctx.traceId)}-${bytesToHex(ctx.spanId)}-${flags}`;
}
