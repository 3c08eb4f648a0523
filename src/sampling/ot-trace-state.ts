/**
 * The OpenTelemetry entry of tracestate, `ot=th:...;rv:...`.
 * https://opentelemetry.io/docs/specs/otel/trace/tracestate-handling/
 */
import { TraceState } from '../propagation/trace-state.js';
import { parseThreshold, formatThreshold } from './threshold.js';
import { formatRandomness, parseRandomness } from './randomness-value.js';

export const OT_TRACE_STATE_KEY = 'ot';
/** "The complete list length MUST NOT exceed 256 characters." */
export const MAX_OT_VALUE_LENGTH = 256;

//   list        = list-member *( ";" list-member )
//   list-member = key ":" value
//   key         = lcalpha *(lcalpha / DIGIT )
//   value       = *(chr) ; chr = ucalpha / lcalpha / DIGIT / "." / "_" / "-"
const SUB_KEY = '[a-z][a-z0-9]*';
const SUB_VALUE = '[A-Za-z0-9._\\-]*';
const LIST_MEMBER = new RegExp(`^(${SUB_KEY}):(${SUB_VALUE})$`);

const TH = 'th';
const RV = 'rv';

export interface OtTraceState {
  /** `th`: the rejection threshold of the sampling applied so far. */
  readonly threshold?: bigint;
  /** `rv`: explicit randomness, used instead of the trace id's. */
  readonly randomness?: bigint;
  /** Other sub-keys, in order, preserved as received. */
  readonly others: ReadonlyArray<readonly [string, string]>;
}

export const EMPTY_OT_TRACE_STATE: OtTraceState = { others: [] };

/**
 * Parses an `ot` value. A member that does not fit the grammar is skipped, as is a
 * repeated key ("the used keys MUST be unique"; the first is kept). An invalid `th`
 * or `rv` is ignored, so it is absent, and is not written back.
 */
export function parseOtValue(value: string): OtTraceState {
  let threshold: bigint | undefined;
  let randomness: bigint | undefined;
  const others: Array<readonly [string, string]> = [];
  const seen = new Set<string>();
  for (const member of value.split(';')) {
    const m = LIST_MEMBER.exec(member);
    if (m === null) continue;
    const [, key = '', v = ''] = m;
    if (seen.has(key)) continue;
    seen.add(key);
    if (key === TH) threshold = parseThreshold(v) ?? undefined;
    else if (key === RV) randomness = parseRandomness(v) ?? undefined;
    else others.push([key, v]);
  }
  return {
    ...(threshold === undefined ? {} : { threshold }),
    ...(randomness === undefined ? {} : { randomness }),
    others,
  };
}

/** The `ot` value: th, rv, then the others; '' when empty, null past 256 characters. */
export function formatOtValue(ot: OtTraceState): string | null {
  const parts: string[] = [];
  const th = ot.threshold === undefined ? null : formatThreshold(ot.threshold);
  if (th !== null) parts.push(`${TH}:${th}`);
  const rv = ot.randomness === undefined ? null : formatRandomness(ot.randomness);
  if (rv !== null) parts.push(`${RV}:${rv}`);
  for (const [k, v] of ot.others) parts.push(`${k}:${v}`);
  const value = parts.join(';');
  return value.length > MAX_OT_VALUE_LENGTH ? null : value;
}

export function otTraceStateOf(traceState: TraceState): OtTraceState {
  const value = traceState.get(OT_TRACE_STATE_KEY);
  return value === undefined ? EMPTY_OT_TRACE_STATE : parseOtValue(value);
}

/**
 * `traceState` with its `ot` entry replaced, moved to the front as W3C requires of a
 * modified entry, or removed when `ot` is empty. Null when the value would exceed 256
 * characters: the spec advises aborting such an update.
 */
export function withOtTraceState(traceState: TraceState, ot: OtTraceState): TraceState | null {
  const value = formatOtValue(ot);
  if (value === null) return null;
  return value === '' ? traceState.delete(OT_TRACE_STATE_KEY) : traceState.set(OT_TRACE_STATE_KEY, value);
}
