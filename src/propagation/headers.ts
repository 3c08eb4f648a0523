/**
 * Carriers: how propagators read and write headers. Node's IncomingHttpHeaders (a
 * record with lowercase keys, duplicates as arrays) is accepted as is; any other
 * transport adapts through HeaderGetter / HeaderSetter.
 */

export type HeaderValue = string | readonly string[] | undefined;

/** Node's IncomingHttpHeaders shape. Keys are matched case-insensitively. */
export type HeaderRecord = Readonly<Record<string, HeaderValue>>;

/** Reads one header. `name` is always lowercase; implementations match it case-insensitively. */
export interface HeaderGetter {
  get(name: string): HeaderValue;
}

/** Writes one header; propagators always pass lowercase names. */
export interface HeaderSetter {
  set(name: string, value: string): void;
}

export type Headers = HeaderRecord | HeaderGetter;

function isGetter(headers: Headers): headers is HeaderGetter {
  return typeof (headers as { get?: unknown }).get === 'function';
}

/**
 * A getter over a record, case-insensitive (header names are case-insensitive:
 * https://www.w3.org/TR/trace-context/#header-name). Keys that differ only in case
 * are different fields of the same header, so their values are collected in order.
 */
export function headerGetter(headers: Headers): HeaderGetter {
  if (isGetter(headers)) return headers;
  return {
    get(name: string): HeaderValue {
      const found: string[] = [];
      for (const key of Object.keys(headers)) {
        if (key.length !== name.length || key.toLowerCase() !== name) continue;
        const v = headers[key];
        if (typeof v === 'string') found.push(v);
        else if (Array.isArray(v)) for (const s of v) if (typeof s === 'string') found.push(s);
      }
      if (found.length === 0) return undefined;
      return found.length === 1 ? found[0] : found;
    },
  };
}

/** A setter that writes into a plain record (overwriting a previous value). */
export function recordSetter(target: Record<string, string>): HeaderSetter {
  return {
    set(name: string, value: string): void {
      target[name] = value;
    },
  };
}

/**
 * The value of a header that must occur once (traceparent): null when it occurs more
 * than once, which the W3C test suite treats as invalid ("test_traceparent_duplicated").
 */
export function singleHeader(v: HeaderValue): string | undefined | null {
  if (v === undefined || typeof v === 'string') return v;
  if (v.length === 0) return undefined;
  return v.length === 1 ? v[0] : null;
}

/**
 * Several fields of a list header combined in order, comma-separated, as RFC 7230
 * section 3.2.2 says (tracestate, baggage).
 */
export function combinedHeader(v: HeaderValue): string | undefined {
  if (v === undefined || typeof v === 'string') return v;
  return v.length === 0 ? undefined : v.join(',');
}

/**
 * The first value of a B3 header: "When extracting state headers, the first value
 * wins" (https://github.com/openzipkin/b3-propagation#multiple-headers). Node joins
 * repeated fields with ", ", and no B3 value contains a comma, so a joined string is
 * cut at its first comma.
 */
export function firstHeader(v: HeaderValue): string | undefined {
  const first = v === undefined || typeof v === 'string' ? v : v[0];
  if (first === undefined) return undefined;
  const comma = first.indexOf(',');
  return comma === -1 ? first : first.slice(0, comma);
}

/** Optional whitespace (RFC 7230 OWS): spaces and horizontal tabs only. */
const OWS_EDGES = /^[ \t]+|[ \t]+$/g;

export function trimOws(s: string): string {
  return s.replace(OWS_EDGES, '');
}
