/**
 * A minimal protobuf wire-format reader (https://protobuf.dev/programming-guides/encoding/)
 * for the hand-written OTLP decoders: no message objects, no Long, just the scalars a
 * decoder asks for at the position it is at. Every read is bounds-checked against the
 * end of the buffer; a decoder checks that each nested message ends where its length
 * said. Malformed input throws ProtoWireError, which decoders turn into their own error.
 */

export class ProtoWireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtoWireError';
  }
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

/** Short strings are decoded in JS: cheaper than a native call for the keys and names OTLP is full of. */
const JS_STRING_MAX = 24;
/** Slots of the repeated-string cache (a power of two) and the longest string it holds. */
const CACHE_SLOTS = 4096;
const CACHE_MAX_LENGTH = 64;

/**
 * Attribute keys and span names repeat from span to span. A direct-mapped cache of
 * ASCII strings, looked up by the bytes themselves, returns the one string already
 * made: no new string per occurrence (less garbage, and a queued span shares it).
 * Bounded: CACHE_SLOTS strings of at most CACHE_MAX_LENGTH characters.
 */
export const CACHE_SLOTS_COUNT = CACHE_SLOTS;
const cache: string[] = new Array<string>(CACHE_SLOTS).fill('');

/** Buffer's native UTF-8 slice, undocumented but what toString('utf8', ...) calls (protobufjs uses it too). */
type Utf8Buffer = Buffer & { utf8Slice(start: number, end: number): string };

export class ProtoReader {
  pos = 0;
  readonly buf: Utf8Buffer;
  readonly len: number;
  private readonly view: DataView;

  constructor(body: Uint8Array) {
    // A view, not a copy: Buffer gives the native utf8 decoder.
    this.buf = (Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)) as Utf8Buffer;
    this.len = this.buf.length;
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  private truncated(): never {
    throw new ProtoWireError(`truncated message at byte ${this.pos}`);
  }

  /** A varint's low 32 bits, unsigned (uint32, and a tag). */
  uint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos >= this.len) this.truncated();
    let b = buf[pos++]!;
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let v = b & 0x7f;
    for (let shift = 7; shift < 70; shift += 7) {
      if (pos >= this.len) this.truncated();
      b = buf[pos++]!;
      // Bits past the 32nd are dropped, as protobuf does for uint32.
      if (shift < 32) v |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return v >>> 0;
      }
    }
    throw new ProtoWireError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** A varint's low 32 bits, signed (int32, enums). */
  int32(): number {
    return this.uint32() | 0;
  }

  bool(): boolean {
    // As protobufjs: the low 32 bits decide.
    return this.uint32() !== 0;
  }

  /** A 64-bit varint, exact: int64 when `signed`, else uint64. */
  varint64(signed: boolean): bigint {
    const buf = this.buf;
    let pos = this.pos;
    // Up to 7 bytes (49 bits) fit a double exactly: the usual small values take this path.
    let small = 0;
    let mul = 1;
    for (let i = 0; i < 7; i++) {
      if (pos >= this.len) this.truncated();
      const b = buf[pos++]!;
      small += (b & 0x7f) * mul;
      if (b < 0x80) {
        this.pos = pos;
        return BigInt(small);
      }
      mul *= 128;
    }
    let v = BigInt(small);
    let shift = 49n;
    for (let i = 7; i < 10; i++) {
      if (pos >= this.len) this.truncated();
      const b = buf[pos++]!;
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        v = BigInt.asUintN(64, v);
        return signed ? BigInt.asIntN(64, v) : v;
      }
      shift += 7n;
    }
    throw new ProtoWireError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  fixed32(): number {
    if (this.pos + 4 > this.len) this.truncated();
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  fixed64(): bigint {
    if (this.pos + 8 > this.len) this.truncated();
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  double(): number {
    if (this.pos + 8 > this.len) this.truncated();
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** Reads a length prefix; returns where the length-delimited field ends. */
  lenEnd(): number {
    const n = this.uint32();
    const end = this.pos + n;
    if (end > this.len) this.truncated();
    return end;
  }

  /** A length-delimited UTF-8 string (invalid sequences become U+FFFD, as protobufjs and Buffer do). */
  string(): string {
    const end = this.lenEnd();
    const start = this.pos;
    this.pos = end;
    const n = end - start;
    if (n === 0) return '';
    if (n <= JS_STRING_MAX) {
      const buf = this.buf;
      let s = '';
      for (let i = start; i < end; i++) {
        const c = buf[i]!;
        if (c >= 0x80) return buf.utf8Slice(start, end);
        s += String.fromCharCode(c);
      }
      return s;
    }
    return this.buf.utf8Slice(start, end);
  }

  /**
   * The cache slot the last cachedString() came from, or -1: lets a decoder keep its
   * own objects per slot (the AnyValue of a repeated string value).
   */
  lastSlot = -1;

  /** As string(), through the cache of repeated strings: for keys, names and short values. */
  cachedString(): string {
    const end = this.lenEnd();
    const start = this.pos;
    this.pos = end;
    const n = end - start;
    this.lastSlot = -1;
    if (n === 0) return '';
    if (n > CACHE_MAX_LENGTH) return this.buf.utf8Slice(start, end);
    const buf = this.buf;
    let h = n;
    for (let i = start; i < end; i++) h = (Math.imul(h, 31) + buf[i]!) | 0;
    const slot = h & (CACHE_SLOTS - 1);
    const seen = cache[slot]!;
    if (seen.length === n) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (seen.charCodeAt(i) !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        this.lastSlot = slot;
        return seen;
      }
    }
    let s = '';
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      // Not ASCII: decoded natively and not cached (bytes and char codes would differ).
      if (c >= 0x80) return buf.utf8Slice(start, end);
      s += String.fromCharCode(c);
    }
    cache[slot] = s;
    this.lastSlot = slot;
    return s;
  }

  /** Skips a field of the given wire type whose tag was just read. */
  skip(wireType: number, fieldNumber: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint64(false);
        return;
      case WIRE_FIXED64:
        if (this.pos + 8 > this.len) this.truncated();
        this.pos += 8;
        return;
      case WIRE_LEN:
        this.pos = this.lenEnd();
        return;
      case WIRE_START_GROUP:
        for (;;) {
          const tag = this.uint32();
          const wt = tag & 7;
          if (wt === WIRE_END_GROUP) {
            if (tag >>> 3 !== fieldNumber) throw new ProtoWireError(`group ${fieldNumber} ended by an end tag of field ${tag >>> 3}`);
            return;
          }
          this.skip(wt, tag >>> 3);
        }
      case WIRE_FIXED32:
        if (this.pos + 4 > this.len) this.truncated();
        this.pos += 4;
        return;
      default:
        throw new ProtoWireError(`invalid wire type ${wireType} for field ${fieldNumber} at byte ${this.pos}`);
    }
  }

  /** Throws unless the field's wire type is the one its schema declares. */
  expect(wireType: number, want: number, fieldNumber: number): void {
    if (wireType !== want) throw new ProtoWireError(`field ${fieldNumber} has wire type ${wireType}, expected ${want}`);
  }

  /** Throws unless a nested message ended exactly at its declared end. */
  endAt(end: number): void {
    if (this.pos !== end) throw new ProtoWireError(`nested message overruns its length at byte ${this.pos}`);
  }
}
