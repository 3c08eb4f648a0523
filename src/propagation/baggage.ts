/**
 * Baggage: user key/value pairs propagated with a request, in an immutable map.
 * https://www.w3.org/TR/baggage/
 */

/** `;key=value` or `;key` after a member; opaque to the spec, kept verbatim. */
export interface BaggageProperty {
  readonly key: string;
  readonly value?: string;
}

export interface BaggageEntry {
  /** The decoded value (the header carries it percent-encoded). */
  readonly value: string;
  readonly properties: readonly BaggageProperty[];
}

// https://www.w3.org/TR/baggage/#definition
//   key           = token   (RFC 7230 section 3.2.6)
//   tchar         = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
//                   "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
//   baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
const TCHAR = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]";
const TOKEN = new RegExp(`^${TCHAR}+$`);
const BAGGAGE_OCTET = '[\\x21\\x23-\\x2b\\x2d-\\x3a\\x3c-\\x5b\\x5d-\\x7e]';
const OCTETS = new RegExp(`^${BAGGAGE_OCTET}*$`);

export function isValidBaggageKey(key: string): boolean {
  return TOKEN.test(key);
}

/** A raw (encoded) value or property value: baggage-octets only, possibly empty. */
export function isValidBaggageOctets(s: string): boolean {
  return OCTETS.test(s);
}

function validProperty(p: BaggageProperty): boolean {
  return isValidBaggageKey(p.key) && (p.value === undefined || isValidBaggageOctets(p.value));
}

export class Baggage {
  static readonly EMPTY = new Baggage(new Map());

  private constructor(private readonly map: ReadonlyMap<string, BaggageEntry>) {}

  /** Builds baggage from entries in order; an invalid key or property is skipped. */
  static fromEntries(entries: Iterable<readonly [string, BaggageEntry]>): Baggage {
    let b = Baggage.EMPTY;
    for (const [key, entry] of entries) b = b.set(key, entry.value, entry.properties);
    return b;
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): BaggageEntry | undefined {
    return this.map.get(key);
  }

  /**
   * A new Baggage with `key` set; an existing key keeps its position. A key that is
   * not an RFC 7230 token, or a property that does not fit the grammar, leaves the
   * baggage unchanged: it could not be written to the header.
   */
  set(key: string, value: string, properties: readonly BaggageProperty[] = []): Baggage {
    if (!isValidBaggageKey(key) || !properties.every(validProperty)) return this;
    const next = new Map(this.map);
    next.set(key, { value, properties: properties.map((p) => ({ ...p })) });
    return new Baggage(next);
  }

  delete(key: string): Baggage {
    if (!this.map.has(key)) return this;
    const next = new Map(this.map);
    next.delete(key);
    return new Baggage(next);
  }

  entries(): ReadonlyArray<readonly [string, BaggageEntry]> {
    return [...this.map];
  }
}
