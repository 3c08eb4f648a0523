/** The proxy's protobuf writer writes the same bytes as protobufjs' Writer, operation by operation. */
import { describe, expect, it } from 'vitest';
import protobuf from 'protobufjs/minimal.js';
import { bits64, Writer } from '../../src/mesh/export/proto-writer.js';

type Op = (w: Writer, p: protobuf.Writer) => void;

const long = (v: bigint): protobuf.Long => {
  const b = bits64(v);
  return { low: b.low | 0, high: b.high | 0, unsigned: true } as protobuf.Long;
};

describe('Writer', () => {
  it.each<{ name: string; op: Op }>([
    { name: 'uint32, small and large', op: (w, p) => (w.uint32(1).uint32(300).uint32(2 ** 32 - 1), p.uint32(1).uint32(300).uint32(2 ** 32 - 1)) },
    { name: 'int64, positive', op: (w, p) => (w.int64(bits64(1_700_000_000_000_000_000n)), p.int64(long(1_700_000_000_000_000_000n))) },
    { name: 'int64, negative (ten bytes)', op: (w, p) => (w.int64(bits64(-5n)), p.int64(long(-5n))) },
    { name: 'fixed64 from bigint and number', op: (w, p) => (w.fixed64(bits64(2n ** 63n + 7n)).fixed64(12345678901), p.fixed64(long(2n ** 63n + 7n)).fixed64(12345678901)) },
    { name: 'sfixed64, negative', op: (w, p) => (w.sfixed64(bits64(-2n)), p.sfixed64(long(-2n))) },
    { name: 'fixed32, double, bool', op: (w, p) => (w.fixed32(0xdeadbeef).double(-0.25).bool(true).bool(false), p.fixed32(0xdeadbeef).double(-0.25).bool(true).bool(false)) },
    { name: 'string, ASCII and not', op: (w, p) => (w.string('').string('hello').string('héllo ✓ 𝄞'), p.string('').string('hello').string('héllo ✓ 𝄞')) },
    { name: 'bytes', op: (w, p) => (w.bytes(new Uint8Array([1, 2, 3])).bytes(new Uint8Array(0)), p.bytes(new Uint8Array([1, 2, 3])).bytes(new Uint8Array(0))) },
    {
      name: 'nested forks, one longer than 127 bytes',
      op: (w, p) => {
        for (const x of [w, p] as const) {
          x.uint32(10).fork().uint32(18).fork();
          x.string('x'.repeat(200));
          x.ldelim().uint32(7).ldelim().uint32(1);
        }
      },
    },
    {
      name: 'a buffer that has to grow',
      op: (w, p) => {
        for (const x of [w, p] as const) {
          x.fork();
          for (let i = 0; i < 100; i++) x.string(`attribute-${i}-${'v'.repeat(i)}`);
          x.ldelim();
        }
      },
    },
  ])('$name', ({ op }) => {
    const w = new Writer(16);
    const p = protobuf.Writer.create();
    op(w, p);
    expect(Buffer.from(w.finish()).toString('hex')).toBe(Buffer.from(p.finish()).toString('hex'));
  });

  it('starts over after finish()', () => {
    const w = new Writer();
    w.uint32(1).fork().uint32(2);
    w.ldelim();
    w.finish();
    expect(Array.from(w.uint32(5).finish())).toEqual([5]);
  });
});
