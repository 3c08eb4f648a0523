/**
 * A protobuf wire writer with the part of protobufjs' Writer API the proxy's OTLP
 * writers use (uint32, int64, fixed32/64, double, bool, string, bytes, fork/ldelim).
 * protobufjs is CommonJS: loading it, and with it node's CommonJS loader, cost every
 * proxy ~7 MiB of RSS for a few dozen lines of encoding.
 *
 * Bytes go into one growing buffer. fork() notes where a length-delimited field's
 * content starts; ldelim() learns the length only at its end, so it moves the content
 * right by the size of the length's varint and writes the length in front:
 *
 *   fork()        |content.........|
 *   ldelim()  |len|content.........|
 *
 * The moves copy each nested message once per level; the proxy's messages nest four
 * levels deep at most.
 */

/** A 64-bit integer as its two 32-bit halves, two's complement. */
export interface Bits64 {
  readonly low: number;
  readonly high: number;
}

export function bits64(v: bigint): Bits64 {
  const u = BigInt.asUintN(64, v);
  return { low: Number(u & 0xffffffffn), high: Number(u >> 32n) };
}

const TWO_32 = 2 ** 32;

function bitsOf(v: Bits64 | number): Bits64 {
  if (typeof v !== 'number') return v;
  if (v >= 0 && Number.isSafeInteger(v)) return { low: v % TWO_32, high: Math.floor(v / TWO_32) };
  return bits64(BigInt(Math.trunc(v)));
}

function varintSize(n: number): number {
  let size = 1;
  while (n > 127) {
    n >>>= 7;
    size++;
  }
  return size;
}

export class Writer {
  private buf: Buffer;
  private pos = 0;
  private readonly forks: number[] = [];

  constructor(initialSize = 512) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  uint32(v: number): this {
    v >>>= 0;
    this.ensure(5);
    while (v > 127) {
      this.buf[this.pos++] = (v & 127) | 128;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
    return this;
  }

  /** As a varint of its 64-bit two's complement (negative values take ten bytes). */
  int64(v: Bits64 | number): this {
    let { low: lo, high: hi } = bitsOf(v);
    lo >>>= 0;
    hi >>>= 0;
    this.ensure(10);
    while (hi !== 0 || lo > 127) {
      this.buf[this.pos++] = (lo & 127) | 128;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.buf[this.pos++] = lo;
    return this;
  }

  bool(v: boolean): this {
    return this.uint32(v ? 1 : 0);
  }

  fixed32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }

  fixed64(v: Bits64 | number): this {
    const b = bitsOf(v);
    this.ensure(8);
    this.buf.writeUInt32LE(b.low >>> 0, this.pos);
    this.buf.writeUInt32LE(b.high >>> 0, this.pos + 4);
    this.pos += 8;
    return this;
  }

  /** The same bytes as fixed64: the two's complement halves carry the sign. */
  sfixed64(v: Bits64 | number): this {
    return this.fixed64(v);
  }

  double(v: number): this {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.uint32(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  string(s: string): this {
    const len = Buffer.byteLength(s, 'utf8');
    this.uint32(len);
    this.ensure(len);
    this.pos += this.buf.write(s, this.pos, len, 'utf8');
    return this;
  }

  /** Starts a length-delimited field's content (its tag is already written). */
  fork(): this {
    this.forks.push(this.pos);
    return this;
  }

  /** Ends the content fork() started and puts its length in front of it. */
  ldelim(): this {
    const start = this.forks.pop();
    if (start === undefined) throw new Error('ldelim() without fork()');
    const len = this.pos - start;
    const n = varintSize(len);
    this.ensure(n);
    this.buf.copyWithin(start + n, start, this.pos);
    const end = this.pos + n;
    this.pos = start;
    this.uint32(len);
    this.pos = end;
    return this;
  }

  /** The bytes written, in a buffer of their own. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.pos);
    out.set(this.buf.subarray(0, this.pos));
    this.pos = 0;
    this.forks.length = 0;
    return out;
  }
}
