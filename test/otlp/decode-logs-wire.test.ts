/**
 * The hand-written logs decoder against protobufjs (decodeLogsRequestProtobufjs), the
 * oracle: the same records for every body protobufjs reads, including field orders and
 * encodings an SDK may use that Ariadne's own encoders never produce; and a decode
 * error, never a throw of another kind or a hang, for truncated or corrupted bodies.
 * As decode-proto-wire.test.ts does for traces.
 */
import { describe, expect, it } from 'vitest';
import type { AnyValue, InstrumentationScope, LogRecord, Resource } from '../../src/model/index.js';
import { decodeLogsRequestProtobufjs, decodeLogsRequestProto } from '../../src/otlp/decode-logs-proto.js';
import { encodeLogsRequestProto } from '../../src/otlp/encode-logs-proto.js';
import { OtlpDecodeError } from '../../src/otlp/errors.js';
import { LOGS_REQUEST, otlpType } from '../../src/otlp/proto-root.js';
import { checkCorruptions, checkTruncations, field, id16, id8, seeded, UNKNOWN_FIELDS } from './wire-checks.js';

type Pb = Record<string, any>;
const oracle = decodeLogsRequestProtobufjs;
const decode = decodeLogsRequestProto;

/** Records as plain JSON (bigints and bytes spelled out), resource and scope included. */
const plain = (records: readonly LogRecord[]): unknown[] =>
  records.map((r) => JSON.parse(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v))));

/** Bodies written by protobufjs from plain objects: shapes our encoders never write. */
function pbBody(obj: Pb): Uint8Array {
  const type = otlpType(LOGS_REQUEST);
  return type.encode(type.fromObject(obj)).finish();
}

const str = (value: string): AnyValue => ({ type: 'string', value });
const resourceA: Resource = { attributes: [{ key: 'service.name', value: str('checkout') }, { key: 'k8s.pod.name', value: str('pod-1') }], droppedAttributesCount: 2, schemaUrl: 'https://opentelemetry.io/schemas/1.21.0' };
const resourceB: Resource = { attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
const scopeA: InstrumentationScope = { name: 'logger', version: '2.0', attributes: [{ key: 'lib', value: { type: 'bool', value: true } }], droppedAttributesCount: 1, schemaUrl: 'scope-schema' };
const scopeB: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

/** Every field set, every AnyValue type, two resources and scopes (Ariadne's encoder). */
function fullFidelityLogs(): LogRecord[] {
  const base = {
    timeUnixNano: 1732000000123456789n,
    observedTimeUnixNano: 1732000000123456999n,
    severityNumber: 17,
    severityText: 'ERROR',
    attributes: [],
    droppedAttributesCount: 0,
    flags: 1,
    traceId: new Uint8Array(id16),
    spanId: new Uint8Array(id8),
    eventName: '',
  };
  return [
    {
      ...base,
      body: str('payment failed: card déclinée ✗'),
      attributes: [
        { key: 'i', value: { type: 'int', value: -9223372036854775808n } },
        { key: 'i2', value: { type: 'int', value: 9223372036854775807n } },
        { key: 'i3', value: { type: 'int', value: 1023n } },
        { key: 'd', value: { type: 'double', value: -0.5 } },
        { key: 'y', value: { type: 'bytes', value: new Uint8Array([0, 1, 255]) } },
        { key: 'a', value: { type: 'array', value: [str('x'), { type: 'int', value: 2n }, { type: 'array', value: [] }] } },
        { key: 'kv', value: { type: 'kvlist', value: [{ key: 'k', value: { type: 'double', value: 1.5 } }] } },
      ],
      droppedAttributesCount: 3,
      flags: 0xffffffff,
      eventName: 'payment.failed',
      resource: resourceA,
      scope: scopeA,
    },
    { ...base, body: { type: 'kvlist', value: [{ key: 'msg', value: str('structured') }, { key: 'n', value: { type: 'int', value: 7n } }] }, severityNumber: 9, severityText: 'INFO', resource: resourceA, scope: scopeA },
    { ...base, body: { type: 'bytes', value: new Uint8Array([9, 8, 7]) }, traceId: new Uint8Array(0), spanId: new Uint8Array(0), resource: resourceA, scope: scopeB },
    { ...base, body: { type: 'double', value: 3.25 }, timeUnixNano: 0n, observedTimeUnixNano: 18446744073709551615n, resource: resourceB, scope: scopeA },
    { ...base, body: { type: 'bool', value: false }, severityNumber: 0, severityText: '', flags: 0, resource: resourceB, scope: scopeB },
    { ...base, body: { type: 'int', value: -1n }, resource: resourceB, scope: scopeB },
    { ...base, body: { type: 'empty' }, resource: resourceB, scope: scopeB },
  ];
}

/** Seeded records of random shape: many resources, scopes, values and sizes. */
function generatedLogs(seed: number, n: number): LogRecord[] {
  const rand = seeded(seed);
  const words = ['', 'a', 'GET /api/items', 'ünïcode ✓', 'x'.repeat(70), 'ascii string longer than the js fast path', '日本語のログ'];
  const value = (depth: number): AnyValue => {
    switch (rand(depth > 1 ? 6 : 8)) {
      case 0:
        return str(words[rand(words.length)]!);
      case 1:
        return { type: 'bool', value: rand(2) === 1 };
      case 2:
        return { type: 'int', value: BigInt.asIntN(64, (BigInt(rand(1 << 30)) << 34n) ^ BigInt(rand(1 << 30))) - BigInt(rand(2000)) };
      case 3:
        return { type: 'double', value: (rand(1 << 30) - (1 << 29)) / 7 };
      case 4:
        return { type: 'bytes', value: new Uint8Array(rand(5)).fill(rand(256)) };
      case 5:
        return { type: 'empty' };
      case 6:
        return { type: 'array', value: Array.from({ length: rand(4) }, () => value(depth + 1)) };
      default:
        return { type: 'kvlist', value: Array.from({ length: rand(4) }, (_, i) => ({ key: `k${i}`, value: value(depth + 1) })) };
    }
  };
  const attrs = () => Array.from({ length: rand(5) }, (_, i) => ({ key: `${words[rand(words.length)]}.${i}`, value: value(0) }));
  const resources: Resource[] = Array.from({ length: 3 }, (_, i) => ({ attributes: attrs(), droppedAttributesCount: rand(3), schemaUrl: i === 0 ? '' : `r${i}` }));
  const scopes: InstrumentationScope[] = Array.from({ length: 3 }, (_, i) => ({ name: `s${i}`, version: i === 1 ? '' : '1.0', attributes: attrs(), droppedAttributesCount: rand(3), schemaUrl: '' }));
  return Array.from({ length: n }, () => ({
    timeUnixNano: BigInt.asUintN(64, BigInt(rand(1 << 30)) << BigInt(rand(35))),
    observedTimeUnixNano: BigInt(rand(1 << 30)),
    severityNumber: rand(25),
    severityText: ['', 'INFO', 'WARN', 'ERROR'][rand(4)]!,
    body: value(0),
    attributes: attrs(),
    droppedAttributesCount: rand(3),
    flags: rand(3) === 0 ? 0 : rand(256),
    traceId: rand(4) === 0 ? new Uint8Array(0) : new Uint8Array(16).fill(rand(256)),
    spanId: rand(4) === 0 ? new Uint8Array(0) : new Uint8Array(8).fill(rand(256)),
    eventName: rand(3) === 0 ? words[rand(words.length)]! : '',
    resource: resources[rand(resources.length)]!,
    scope: scopes[rand(scopes.length)]!,
  }));
}

const cases: { name: string; body: () => Uint8Array }[] = [
  { name: 'full-fidelity logs', body: () => encodeLogsRequestProto(fullFidelityLogs()) },
  { name: 'generated logs', body: () => encodeLogsRequestProto(generatedLogs(7, 300)) },
  { name: 'empty request', body: () => new Uint8Array(0) },
  { name: 'resource logs without resource or scope', body: () => pbBody({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ traceId: id16, spanId: id8 }, {}] }] }] }) },
  { name: 'empty resource and scope messages', body: () => pbBody({ resourceLogs: [{ resource: {}, scopeLogs: [{ scope: {}, logRecords: [{ body: {} }] }, {}] }, {}] }) },
  {
    name: 'every value type, int64 edges, unicode, negative and unknown severities',
    body: () =>
      pbBody({
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }], droppedAttributesCount: 3 },
            schemaUrl: 'https://opentelemetry.io/schemas/1.21.0',
            scopeLogs: [
              {
                scope: { name: 'lib', version: '1.2', attributes: [{ key: 'x', value: { boolValue: true } }], droppedAttributesCount: 1 },
                schemaUrl: 'scope-schema',
                logRecords: [
                  {
                    timeUnixNano: '18446744073709551615',
                    observedTimeUnixNano: '1732000000123456789',
                    severityNumber: 21,
                    severityText: 'FATAL',
                    body: { stringValue: 'héllo wörld ✓ — a body longer than the js string fast path and the string cache, so decoded natively' },
                    attributes: [
                      { key: 's', value: { stringValue: 'ünïcode' } },
                      { key: 'b', value: { boolValue: false } },
                      { key: 'i', value: { intValue: '-9223372036854775808' } },
                      { key: 'i2', value: { intValue: '9223372036854775807' } },
                      { key: 'i3', value: { intValue: -1 } },
                      { key: 'i4', value: { intValue: 1023 } },
                      { key: 'i5', value: { intValue: 1024 } },
                      { key: 'd', value: { doubleValue: -0.5 } },
                      { key: 'nan', value: { doubleValue: Number.NaN } },
                      { key: 'y', value: { bytesValue: Buffer.from([0, 1, 2, 255]) } },
                      { key: 'empty', value: {} },
                      { key: 'novalue' },
                      { key: 'a', value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: 2 }, { arrayValue: { values: [] } }, {}] } } },
                      { key: 'kv', value: { kvlistValue: { values: [{ key: 'k', value: { doubleValue: 1.5 } }, { key: 'n', value: { kvlistValue: {} } }] } } },
                    ],
                    droppedAttributesCount: 7,
                    flags: 0xffffffff,
                    traceId: id16,
                    spanId: id8,
                    eventName: 'ev.name',
                  },
                  { severityNumber: -3, body: { arrayValue: { values: [{ kvlistValue: { values: [{ key: 'deep', value: { bytesValue: Buffer.from([]) } }] } }] } } },
                  { severityNumber: 99, body: { intValue: '-9223372036854775808' } },
                  { severityNumber: -2147483648, body: { kvlistValue: {} } },
                  { body: { boolValue: true }, flags: 1 },
                ],
              },
              { logRecords: [] },
            ],
          },
          {},
        ],
      }),
  },
  {
    // Fields in reverse order: resource and scope after their records, as the wire allows.
    name: 'resource and scope after the records',
    body: () => {
      const rec = Buffer.concat([Buffer.from([0x1a, 4]), Buffer.from('WARN'), Buffer.from([0x10, 13]), Buffer.from([0x52, 8]), id8, Buffer.from([0x4a, 16]), id16]);
      const scope = Buffer.concat([Buffer.from([0x0a, 3]), Buffer.from('lib')]);
      const scopeLogs = Buffer.concat([field(0x12, rec), field(0x12, rec), field(0x0a, scope)]);
      const kv = Buffer.concat([Buffer.from([0x0a, 12]), Buffer.from('service.name'), Buffer.from([0x12, 5, 0x0a, 3]), Buffer.from('svc')]);
      const resource = field(0x0a, kv);
      const rl = Buffer.concat([Buffer.from([0x1a, 1]), Buffer.from('u'), field(0x12, scopeLogs), field(0x0a, resource)]);
      return field(0x0a, rl);
    },
  },
  {
    // Unknown fields of every wire type (as a newer proto's fields would be) are skipped,
    // and the reserved LogRecord field 4 with them.
    name: 'unknown fields of every wire type',
    body: () => {
      const unknown = Buffer.concat([UNKNOWN_FIELDS, Buffer.from([0x22, 1, 0x41])]); // and the reserved field 4, len
      const rec = Buffer.concat([unknown, Buffer.from([0x4a, 16]), id16, Buffer.from([0x52, 8]), id8, Buffer.from([0x45, 1, 0, 0, 0]), unknown]);
      const scopeLogs = Buffer.concat([field(0x12, rec), unknown]);
      const rl = Buffer.concat([field(0x12, scopeLogs), unknown]);
      return Buffer.concat([unknown, field(0x0a, rl)]);
    },
  },
];

describe('decodeLogsRequestProto (hand-written) against protobufjs', () => {
  for (const c of cases) {
    it(c.name, () => {
      const body = c.body();
      const ours = decode(body);
      expect(plain(ours), c.name).toEqual(plain(oracle(body)));
      expect(ours, c.name).toEqual(oracle(body));
    });
  }

  it('gives the records of the encoder back, ids as copies of the body', () => {
    const records = generatedLogs(11, 200);
    const body = Buffer.from(encodeLogsRequestProto(records));
    const ours = decode(body);
    expect(ours.length).toBe(records.length);
    for (const r of ours) {
      if (r.traceId.length > 0) expect(r.traceId.buffer).not.toBe(body.buffer);
      if (r.spanId.length > 0) expect(r.spanId.buffer).not.toBe(body.buffer);
    }
    // The encoder groups records by resource and scope; within a group the order holds.
    const key = (r: LogRecord): string => JSON.stringify(plain([r]));
    expect(ours.map(key).sort()).toEqual(records.map(key).sort());
  });

  it('keeps a repeated singular field last, as protobufjs does', () => {
    const rec = Buffer.concat([Buffer.from([0x1a, 1]), Buffer.from('a'), Buffer.from([0x10, 5, 0x1a, 1]), Buffer.from('b'), Buffer.from([0x10, 9])]);
    const body = field(0x0a, field(0x12, field(0x12, rec)));
    expect(decode(body)[0]).toMatchObject({ severityText: 'b', severityNumber: 9 });
    expect(decode(body)).toEqual(oracle(body));
  });

  it('refuses a known field of the wrong wire type', () => {
    // severity_text (3) as a varint.
    const body = field(0x0a, field(0x12, field(0x12, Buffer.from([0x18, 1]))));
    expect(() => decode(body)).toThrow(OtlpDecodeError);
    expect(() => decode(body)).toThrow(/^body is not a valid protobuf ExportLogsServiceRequest: field 3 has wire type 0, expected 2/);
  });

  it('refuses every truncation of a valid body with a decode error', () => {
    checkTruncations(encodeLogsRequestProto(fullFidelityLogs()), (b) => plain(decode(b)), (b) => plain(oracle(b)));
  });

  it('answers corrupted bodies with records or a decode error, the oracle records whenever protobufjs reads them', () => {
    checkCorruptions(encodeLogsRequestProto(fullFidelityLogs()), (b) => plain(decode(b)), (b) => plain(oracle(b)), 54321);
  });

  it('reads a oneof member repeated after another as protobuf says (the last wins), not as protobufjs does', () => {
    // body: string 'a', int 5, string 'b'. protobufjs reports the member first set last
    // (int 5); the trace decoder reads AnyValue the same way as this one.
    const body = field(0x0a, field(0x12, field(0x12, field(0x2a, Buffer.from([0x0a, 1, 0x61, 0x18, 5, 0x0a, 1, 0x62])))));
    expect(decode(body)[0]!.body).toEqual({ type: 'string', value: 'b' });
    expect(oracle(body)[0]!.body).toEqual({ type: 'int', value: 5n });
  });
});
