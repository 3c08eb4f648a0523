/**
 * W3C Trace Context Level 1 `tracestate`: an immutable, ordered list of vendor entries.
 * https://www.w3.org/TR/trace-context/#tracestate-header
 */
import { combinedHeader, trimOws, type HeaderValue } from './headers.js';

/** "There can be a maximum of 32 list-members in a list." */
export const MAX_TRACE_STATE_MEMBERS = 32;

// https://www.w3.org/TR/trace-context/#key
//   simple-key       = lcalpha 0*255( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
//   multi-tenant-key = tenant-id "@" system-id
//   tenant-id        = ( lcalpha / DIGIT ) 0*240( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
//   system-id        = lcalpha 0*13( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
const KEY_CHAR = '[a-z0-9_\\-*/]';
const SIMPLE_KEY = `[a-z]${KEY_CHAR}{0,255}`;
const TENANT_ID = `[a-z0-9]${KEY_CHAR}{0,240}`;
const SYSTEM_ID = `[a-z]${KEY_CHAR}{0,13}`;
const KEY = new RegExp(`^(?:${SIMPLE_KEY}|${TENANT_ID}@${SYSTEM_ID})$`);

// https://www.w3.org/TR/trace-context/#value
//   value    = 0*255(chr) nblk-chr
//   nblk-chr = %x21-2B / %x2D-3C / %x3E-7E      ; printable ASCII except "," and "="
//   chr      = %x20 / nblk-chr
const NBLK_CHR = '[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]';
const CHR = '[\\x20\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]';
const VALUE = new RegExp(`^${CHR}{0,255}${NBLK_CHR}$`);

export function isValidTraceStateKey(key: string): boolean {
  return KEY.test(key);
}

export function isValidTraceStateValue(value: string): boolean {
  return VALUE.test(value);
}

type Entry = readonly [key: string, value: string];

export class TraceState {
  static readonly EMPTY = new TraceState([]);

  /** Entries left to right; the left-most is the vendor that last wrote traceparent. */
  private constructor(private readonly list: readonly Entry[]) {}

  /**
   * Parses one or more `tracestate` fields (combined in order). Any invalid member,
   * a duplicate key, or more than 32 members makes the whole header invalid, and
   * the result is empty; failure to parse tracestate never affects traceparent.
   * Empty and whitespace-only members are allowed and skipped.
   */
  static parse(header: HeaderValue): TraceState {
    const combined = combinedHeader(header);
    if (combined === undefined) return TraceState.EMPTY;
    const list: Entry[] = [];
    const seen = new Set<string>();
    for (const raw of combined.split(',')) {
      // "Spaces and horizontal tabs surrounding list-members are ignored."
      const member = trimOws(raw);
      if (member === '') continue;
      if (list.length === MAX_TRACE_STATE_MEMBERS) return TraceState.EMPTY;
      const eq = member.indexOf('=');
      if (eq === -1) return TraceState.EMPTY;
      const key = member.slice(0, eq);
      const value = member.slice(eq + 1);
      if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) return TraceState.EMPTY;
      // "Only one entry per key is allowed."
      if (seen.has(key)) return TraceState.EMPTY;
      seen.add(key);
      list.push([key, value]);
    }
    return list.length === 0 ? TraceState.EMPTY : new TraceState(list);
  }

  /** Builds a TraceState from entries, left to right; null when any is invalid or keys repeat. */
  static fromEntries(entries: Iterable<readonly [string, string]>): TraceState | null {
    const list: Entry[] = [];
    const seen = new Set<string>();
    for (const [key, value] of entries) {
      if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value) || seen.has(key)) return null;
      seen.add(key);
      list.push([key, value]);
    }
    if (list.length > MAX_TRACE_STATE_MEMBERS) return null;
    return list.length === 0 ? TraceState.EMPTY : new TraceState(list);
  }

  get size(): number {
    return this.list.length;
  }

  get(key: string): string | undefined {
    for (const [k, v] of this.list) if (k === key) return v;
    return undefined;
  }

  /**
   * A new TraceState with `key` set and moved to the front: "Modified keys MUST be
   * moved to the beginning (left) of the list", and new keys are added there too.
   * Past 32 members the right-most entries are dropped ("entries SHOULD be removed
   * starting from the end"). An invalid key or value leaves the state unchanged;
   * check with isValidTraceStateKey / isValidTraceStateValue first when that matters.
   * https://www.w3.org/TR/trace-context/#mutating-the-tracestate-field
   */
  set(key: string, value: string): TraceState {
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) return this;
    const rest = this.list.filter(([k]) => k !== key);
    return new TraceState([[key, value] as const, ...rest].slice(0, MAX_TRACE_STATE_MEMBERS));
  }

  delete(key: string): TraceState {
    const rest = this.list.filter(([k]) => k !== key);
    if (rest.length === this.list.length) return this;
    return rest.length === 0 ? TraceState.EMPTY : new TraceState(rest);
  }

  entries(): ReadonlyArray<readonly [string, string]> {
    return this.list;
  }

  /** The `tracestate` header value, without optional whitespace; '' when empty. */
  serialize(): string {
    return this.list.map(([k, v]) => `${k}=${v}`).join(',');
  }
}
