/**
 * The fast protobuf writer against protobufjs, the reference: operation by operation,
 * the same bytes as protobufjs' Writer; and the same log records encoded by both decode
 * (through protobufjs) to the same messages and the same model.
 */
import protobuf from 'protobufjs/minimal.js';
import { describe, expect, it } from 'vitest';
import type { AnyValue, Attributes, InstrumentationScope, LogRecord, Resource } from '../../src/model/index.js';
import { decodeLogsRequestProto } from '../../src/otlp/decode-logs-proto.js';
import { encodeLogsRequestProto } from '../../src/otlp/encode-logs-proto.js';
import { LOGS_REQUEST, otlpType } from '../../src/otlp/proto-root.js';
import { ProtoWriter } from '../../src/otlp/proto-writer.js';
import { beginLogsRequest, writeLogRecordField } from '../../src/otlp/write-logs-proto.js';
import { ALL_VALUE_TYPES } from '../store/fixtures.js';

/** A bigint as protobufjs' Long (two's complement halves). */
function long(v: bigint): protobuf.Long {
  const u = BigInt.asUintN(64, v);
  return { low: Number(u & 0xffffffffn) | 0, high: Number(u >> 32n) | 0, unsigned: true } as protobuf.Long;
}

type Op = (w: ProtoWriter, p: protobuf.Writer) => void;

describe('ProtoWriter operations against protobufjs Writer', () => {
  it.each<{ name: string; op: Op }>([
    {
      name: 'tag, small and large field numbers',
      op: (w, p) => {
        for (const [field, wire] of [[1, 0], [15, 2], [16, 1], [2047, 5], [536_870_911, 2]] as const) {
          w.tag(field, wire);
          p.uint32((field << 3) | wire);
        }
      },
    },
    {
      name: 'uint32, small and large',
      op: (w, p) => {
        for (const v of [0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 - 1]) {
          w.uint32(v);
          p.uint32(v);
        }
      },
    },
    {
      name: 'int32, negative (ten bytes)',
      op: (w, p) => {
        for (const v of [0, 1, -1, -5, 2 ** 31 - 1, -(2 ** 31)]) {
          w.int32(v);
          p.int32(v);
        }
      },
    },
    {
      name: 'int64, positive and negative (ten bytes)',
      op: (w, p) => {
        for (const v of [0n, 127n, 2n ** 31n, 1_700_000_000_000_000_000n, 2n ** 63n - 1n, -1n, -5n, -(2n ** 63n)]) {
          w.int64(v);
          p.int64(long(v));
        }
      },
    },
    {
      name: 'fixed64, also negative (as sfixed64)',
      op: (w, p) => {
        for (const v of [0n, 12_345_678_901n, 2n ** 63n + 7n, 2n ** 64n - 1n]) {
          w.fixed64(v);
          p.fixed64(long(v));
        }
        w.fixed64(-2n);
        p.sfixed64(long(-2n));
      },
    },
    {
      name: 'fixed32, double, bool',
      op: (w, p) => {
        w.fixed32(0xdeadbeef);
        w.double(-0.25);
        w.double(NaN);
        w.bool(true);
        w.bool(false);
        p.fixed32(0xdeadbeef).double(-0.25).double(NaN).bool(true).bool(false);
      },
    },
    {
      name: 'string, ASCII and not, around the one-byte length',
      op: (w, p) => {
        for (const s of ['', 'hello', 'héllo ✓ 𝄞', 'x'.repeat(127), 'x'.repeat(128), 'é'.repeat(64), 'w'.repeat(20_000)]) {
          w.string(s);
          p.string(s);
        }
      },
    },
    {
      name: 'bytes, short and long',
      op: (w, p) => {
        for (const b of [new Uint8Array([1, 2, 3]), new Uint8Array(0), Uint8Array.from({ length: 300 }, (_, i) => i & 255)]) {
          w.bytes(b);
          p.bytes(b);
        }
      },
    },
    {
      name: 'nested messages, one longer than 127 bytes',
      op: (w, p) => {
        w.uint32(10);
        const outer = w.begin();
        w.uint32(18);
        const inner = w.begin();
        w.string('x'.repeat(200));
        w.end(inner);
        w.uint32(7);
        w.end(outer);
        w.uint32(1);
        p.uint32(10).fork().uint32(18).fork().string('x'.repeat(200)).ldelim().uint32(7).ldelim().uint32(1);
      },
    },
    {
      name: 'a message whose length takes three bytes, in a buffer that has to grow',
      op: (w, p) => {
        const at = w.begin();
        p.fork();
        for (let i = 0; i < 400; i++) {
          const s = `attribute-${i}-${'v'.repeat(i)}`;
          w.string(s);
          p.string(s);
        }
        w.end(at);
        p.ldelim();
      },
    },
  ])('$name', ({ op }) => {
    const w = new ProtoWriter(16);
    const p = protobuf.Writer.create();
    op(w, p);
    expect(Buffer.from(w.finish()).toString('hex')).toBe(Buffer.from(p.finish()).toString('hex'));
  });

  it('starts over after reset(), and finish() copies', () => {
    const w = new ProtoWriter(16);
    w.uint32(1);
    const at = w.begin();
    w.uint32(2);
    w.end(at);
    const first = w.finish();
    w.reset();
    w.uint32(5);
    expect(Array.from(w.finish())).toEqual([5]);
    expect(Array.from(first)).toEqual([1, 1, 2]);
  });
});

/** A deterministic generator (xorshift32), so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

// Strings around the writer's boundaries: empty, ASCII, multi-byte, astral, and
// lengths whose UTF-8 size crosses one- and two-byte length prefixes.
const STRINGS = ['', 'a', 'INFO', 'é', 'ключ', '日本語のログ', '🙂 emoji', 'x'.repeat(42), 'é'.repeat(42), 'y'.repeat(127), 'z'.repeat(128), 'ü'.repeat(100), 'w'.repeat(20_000)];

function anyValue(next: () => number, depth: number): AnyValue {
  const pick = Math.floor(next() * (depth > 2 ? 6 : 8));
  switch (pick) {
    case 0:
      return { type: 'string', value: STRINGS[Math.floor(next() * STRINGS.length)]! };
    case 1:
      return { type: 'bool', value: next() < 0.5 };
    case 2: {
      const edges = [0n, 1n, -1n, 127n, 128n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)];
      return { type: 'int', value: edges[Math.floor(next() * edges.length)]! };
    }
    case 3: {
      const edges = [0, -0, 0.1, -2.5e300, NaN, Infinity, -Infinity, Number.MIN_VALUE];
      return { type: 'double', value: edges[Math.floor(next() * edges.length)]! };
    }
    case 4:
      return { type: 'bytes', value: Uint8Array.from({ length: Math.floor(next() * 40) }, () => Math.floor(next() * 256)) };
    case 5:
      return { type: 'empty' };
    case 6:
      return { type: 'array', value: Array.from({ length: Math.floor(next() * 4) }, () => anyValue(next, depth + 1)) };
    default:
      return { type: 'kvlist', value: attributes(next, depth + 1, 3) };
  }
}

function attributes(next: () => number, depth: number, max: number): Attributes {
  return Array.from({ length: Math.floor(next() * (max + 1)) }, (_, i) => ({ key: `${STRINGS[Math.floor(next() * 7)]}${i}`, value: anyValue(next, depth) }));
}

function ids(next: () => number, n: number): Uint8Array {
  return next() < 0.2 ? new Uint8Array(0) : Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
}

function records(seed: number, n: number, resource: Resource, scope: InstrumentationScope): LogRecord[] {
  const next = rng(seed);
  const times = [0n, 1n, 1_700_000_000_123_456_789n, 2n ** 64n - 1n];
  return Array.from({ length: n }, () => ({
    timeUnixNano: times[Math.floor(next() * times.length)]!,
    observedTimeUnixNano: times[Math.floor(next() * times.length)]!,
    severityNumber: [0, 9, 17, 24, 99, -3][Math.floor(next() * 6)]!,
    severityText: STRINGS[Math.floor(next() * 6)]!,
    body: anyValue(next, 0),
    attributes: attributes(next, 0, 6),
    droppedAttributesCount: [0, 1, 2 ** 32 - 1][Math.floor(next() * 3)]!,
    flags: [0, 1, 0x101, 2 ** 32 - 1][Math.floor(next() * 4)]!,
    traceId: ids(next, 16),
    spanId: ids(next, 8),
    eventName: STRINGS[Math.floor(next() * 6)]!,
    resource,
    scope,
  }));
}

function written(rs: readonly LogRecord[]): Uint8Array {
  const w = new ProtoWriter(16); // small, so every test also grows the buffer
  const close = beginLogsRequest(w, rs[0]!.resource, rs[0]!.scope);
  for (const r of rs) writeLogRecordField(w, r);
  close();
  return w.finish();
}

const RESOURCE: Resource = { attributes: ALL_VALUE_TYPES, droppedAttributesCount: 2, schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' };
const SCOPE: InstrumentationScope = { name: 'ünïcode.scope', version: '1.2.3', attributes: [{ key: 'k', value: { type: 'int', value: -7n } }], droppedAttributesCount: 1, schemaUrl: 'https://scope' };

describe('ProtoWriter (log records) against protobufjs', () => {
  it('writes requests that protobufjs decodes to the records written, every AnyValue type and edge included', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rs = records(seed, 25, RESOURCE, SCOPE);
      expect(decodeLogsRequestProto(written(rs)), `seed ${seed}`).toStrictEqual(rs);
    }
  });

  it('decodes to the same protobuf message as protobufjs encoding the same records', () => {
    const t = otlpType(LOGS_REQUEST);
    const asObject = (bytes: Uint8Array): unknown => t.toObject(t.decode(bytes), { longs: String, bytes: Array, defaults: true });
    for (let seed = 100; seed < 110; seed++) {
      const rs = records(seed, 10, RESOURCE, SCOPE);
      expect(asObject(written(rs)), `seed ${seed}`).toStrictEqual(asObject(encodeLogsRequestProto(rs)));
    }
  });

  it('keeps an empty resource and scope', () => {
    const empty: Resource = { attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
    const none: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
    const rs = records(7, 3, empty, none);
    expect(decodeLogsRequestProto(written(rs))).toStrictEqual(rs);
  });
});
