/**
 * The `baggage` header: parse and format, with its limits.
 * https://www.w3.org/TR/baggage/#header-content
 */
import { Baggage, isValidBaggageKey, isValidBaggageOctets, type BaggageEntry, type BaggageProperty } from './baggage.js';
import { combinedHeader, trimOws, type HeaderValue } from './headers.js';

export const BAGGAGE_HEADER = 'baggage';

/** "A platform MUST propagate at least 64 list-members." Ariadne propagates exactly that many. */
export const MAX_BAGGAGE_MEMBERS = 64;
/** "A platform MUST propagate a baggage-string of at least 8192 bytes." Likewise exact. */
export const MAX_BAGGAGE_BYTES = 8192;

export interface ParsedBaggage {
  readonly baggage: Baggage;
  /** Members skipped: invalid, or beyond the member or byte limit. */
  readonly dropped: number;
}

export interface FormattedBaggage {
  /** The header value; '' when nothing is left to send. */
  readonly header: string;
  /** Members left out to stay within the member and byte limits. */
  readonly dropped: number;
}

interface Member {
  readonly key: string;
  readonly entry: BaggageEntry;
  /** Length of the member as it appeared, OWS trimmed. */
  readonly bytes: number;
}

/** `key=value` or `key`, with OWS allowed around the key, the "=" and the value. */
function parseProperty(raw: string): BaggageProperty | null {
  const eq = raw.indexOf('=');
  if (eq === -1) {
    const key = trimOws(raw);
    return isValidBaggageKey(key) ? { key } : null;
  }
  const key = trimOws(raw.slice(0, eq));
  const value = trimOws(raw.slice(eq + 1));
  return isValidBaggageKey(key) && isValidBaggageOctets(value) ? { key, value } : null;
}

/** list-member = key OWS "=" OWS value *( OWS ";" OWS property ); null when invalid. */
function parseMember(raw: string): Member | null {
  const [head = '', ...rest] = raw.split(';');
  const eq = head.indexOf('=');
  if (eq === -1) return null;
  const key = trimOws(head.slice(0, eq));
  // The value may itself contain "=": only the first one separates key and value.
  const encoded = trimOws(head.slice(eq + 1));
  if (!isValidBaggageKey(key) || !isValidBaggageOctets(encoded)) return null;
  const value = percentDecode(encoded);
  if (value === null) return null;
  const properties: BaggageProperty[] = [];
  for (const p of rest) {
    const property = parseProperty(p);
    if (property === null) return null;
    properties.push(property);
  }
  return { key, entry: { value, properties }, bytes: raw.length };
}

/**
 * Parses one or more `baggage` fields (combined in order). Invalid members are
 * skipped and the valid ones kept. A repeated key keeps its first position and its
 * last value. Past 64 members or 8192 bytes members are dropped, as the spec allows
 * ("it MAY drop or truncate certain baggage entries").
 */
export function parseBaggage(header: HeaderValue): ParsedBaggage {
  const combined = combinedHeader(header);
  if (combined === undefined) return { baggage: Baggage.EMPTY, dropped: 0 };
  let dropped = 0;
  const byKey = new Map<string, Member>();
  for (const raw of combined.split(',')) {
    const trimmed = trimOws(raw);
    if (trimmed === '') continue;
    const member = parseMember(trimmed);
    if (member === null) {
      dropped++;
      continue;
    }
    if (byKey.has(member.key)) dropped++;
    byKey.set(member.key, member);
  }
  const kept: Array<readonly [string, BaggageEntry]> = [];
  let bytes = 0;
  for (const m of byKey.values()) {
    const cost = m.bytes + (kept.length === 0 ? 0 : 1);
    if (kept.length === MAX_BAGGAGE_MEMBERS || bytes + cost > MAX_BAGGAGE_BYTES) {
      dropped++;
      continue;
    }
    bytes += cost;
    kept.push([m.key, m.entry]);
  }
  return { baggage: Baggage.fromEntries(kept), dropped };
}

/**
 * The `baggage` header value, values percent-encoded. Members that would take it past
 * 64 members or 8192 bytes are left out (and counted); a later, smaller member may
 * still fit, so as much baggage as possible is propagated.
 */
export function formatBaggage(baggage: Baggage): FormattedBaggage {
  const parts: string[] = [];
  let bytes = 0;
  let dropped = 0;
  for (const [key, entry] of baggage.entries()) {
    let member = `${key}=${percentEncode(entry.value)}`;
    for (const p of entry.properties) member += p.value === undefined ? `;${p.key}` : `;${p.key}=${p.value}`;
    const cost = member.length + (parts.length === 0 ? 0 : 1);
    if (parts.length === MAX_BAGGAGE_MEMBERS || bytes + cost > MAX_BAGGAGE_BYTES) {
      dropped++;
      continue;
    }
    bytes += cost;
    parts.push(member);
  }
  return { header: parts.join(','), dropped };
}

/** Characters encodeURIComponent leaves alone; every other UTF-8 byte becomes %XX. */
const UNRESERVED = /[A-Za-z0-9\-_.!~*'()]/;

/**
 * "A value contains a URL encoded UTF-8 string." Encodes as encodeURIComponent does,
 * but over UTF-8 bytes so that a lone surrogate becomes U+FFFD instead of throwing.
 */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Decodes %XX escapes as UTF-8; null for a malformed escape or invalid UTF-8. */
export function percentDecode(encoded: string): string | null {
  if (!encoded.includes('%')) return encoded;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}
