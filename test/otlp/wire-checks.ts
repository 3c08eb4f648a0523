/**
 * What the wire-decoder tests (decode-proto-wire.test.ts for traces, decode-logs-wire.test.ts
 * for logs) share: hand-built fields, and the truncation and corruption checks of a
 * hand-written decoder against its protobufjs oracle.
 */
import { expect } from 'vitest';
import { OtlpDecodeError } from '../../src/otlp/errors.js';

/** A length-delimited field: tag byte, varint length, payload. */
export function field(tag: number, payload: Buffer): Buffer {
  const len: number[] = [];
  let n = payload.length;
  while (n >= 0x80) {
    len.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  len.push(n);
  return Buffer.concat([Buffer.from([tag, ...len]), payload]);
}

export const id16 = Buffer.from('5b8efff798038103d269b633813fc60c', 'hex');
export const id8 = Buffer.from('eee19b7ec3c1b174', 'hex');

/** Unknown fields of every wire type, as a newer proto's fields would be. */
export const UNKNOWN_FIELDS = Buffer.from([
  0xa8, 0x1f, 0x96, 0x01, // field 501 varint
  0xb1, 0x1f, 1, 2, 3, 4, 5, 6, 7, 8, // field 502 fixed64
  0xba, 0x1f, 2, 0xaa, 0xbb, // field 503 len
  0xc5, 0x1f, 1, 2, 3, 4, // field 504 fixed32
  0xcb, 0x1f, 0x08, 0x01, 0xcc, 0x1f, // field 505 group holding a varint
]);

/** A fixed pseudo-random sequence: the same corruptions every run. */
export function seeded(seed: number): (n: number) => number {
  return (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
}

/** Both decoders' results as comparable plain values; `ours` must throw only OtlpDecodeError. */
type Decode = (body: Uint8Array) => unknown;

/** Every truncation of `body`: refused with a decode error, or (a cut between top-level fields) the oracle's result. */
export function checkTruncations(body: Uint8Array, ours: Decode, oracle: Decode): void {
  for (let n = 1; n < body.length; n++) {
    const cut = body.subarray(0, n);
    let oracleOk = true;
    try {
      oracle(cut);
    } catch {
      oracleOk = false;
    }
    let got: unknown;
    try {
      got = ours(cut);
    } catch (err) {
      expect(err, `cut at ${n}`).toBeInstanceOf(OtlpDecodeError);
      continue;
    }
    // A cut between top-level fields is a valid, shorter request.
    expect(oracleOk, `cut at ${n} accepted by us but not by protobufjs`).toBe(true);
    expect(got, `cut at ${n}`).toEqual(oracle(cut));
  }
}

/** `rounds` corruptions of 1-3 random bytes of `body`: a decode error, or the oracle's result whenever protobufjs reads one. */
export function checkCorruptions(body: Uint8Array, ours: Decode, oracle: Decode, seed: number, rounds = 2000): void {
  const rand = seeded(seed);
  for (let round = 0; round < rounds; round++) {
    const b = Buffer.from(body);
    for (let k = 0; k < 1 + rand(3); k++) b[rand(b.length)] = rand(256);
    let got: unknown;
    try {
      got = ours(b);
    } catch (err) {
      expect(err, `round ${round}`).toBeInstanceOf(OtlpDecodeError);
      continue;
    }
    let theirs: unknown;
    try {
      theirs = oracle(b);
    } catch {
      // protobufjs reads some malformed bodies its own way (a uint32 varint longer than
      // 5 bytes as if it were 10, no nested-length check): where it throws, the wire
      // reader may still read a model. Seen once with random ids, not reproduced.
      continue;
    }
    expect(got, `round ${round}`).toEqual(theirs);
  }
}
