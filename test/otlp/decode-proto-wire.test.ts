/**
 * The hand-written trace decoder against protobufjs, the oracle: the same model for
 * every body protobufjs reads, including field orders and encodings an SDK may use
 * that Ariadne's own encoder never produces; and a decode error, never a throw of
 * another kind or a hang, for truncated or corrupted bodies.
 */
import { describe, expect, it } from 'vitest';
import type { InstrumentationScope, Resource, Span } from '../../src/model/index.js';
import { attributes, decodeTraceRequestProto, type PbKeyValue } from '../../src/otlp/decode-proto.js';
import { encodeTraceRequestProto } from '../../src/otlp/encode-proto.js';
import { longToBigInt, type LongLike } from '../../src/otlp/long.js';
import { otlpType, TRACE_REQUEST } from '../../src/otlp/proto-root.js';
import { fullFidelityTrace, plain } from '../helpers/span-fixture.js';
import { checkCorruptions, checkTruncations, field, id16, id8, UNKNOWN_FIELDS } from './wire-checks.js';

/* The model from protobufjs's message objects: what decodeTraceRequestProto did before. */
type Pb = Record<string, any>;
const bytes = (b: Uint8Array | undefined): Uint8Array => (b && b.length > 0 ? new Uint8Array(b) : new Uint8Array(0));
const long = (v: LongLike | number | undefined): bigint => longToBigInt(v, false);

function oracle(body: Uint8Array): Span[] {
  const req = otlpType(TRACE_REQUEST).decode(body) as Pb;
  const out: Span[] = [];
  for (const rs of req.resourceSpans ?? []) {
    const resource: Resource = {
      attributes: attributes(rs.resource?.attributes as PbKeyValue[]),
      droppedAttributesCount: rs.resource?.droppedAttributesCount ?? 0,
      schemaUrl: rs.schemaUrl ?? '',
    };
    for (const ss of rs.scopeSpans ?? []) {
      const scope: InstrumentationScope = {
        name: ss.scope?.name ?? '',
        version: ss.scope?.version ?? '',
        attributes: attributes(ss.scope?.attributes as PbKeyValue[]),
        droppedAttributesCount: ss.scope?.droppedAttributesCount ?? 0,
        schemaUrl: ss.schemaUrl ?? '',
      };
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: bytes(s.traceId),
          spanId: bytes(s.spanId),
          parentSpanId: bytes(s.parentSpanId),
          traceState: s.traceState ?? '',
          flags: s.flags ?? 0,
          name: s.name ?? '',
          kind: s.kind ?? 0,
          startTimeUnixNano: long(s.startTimeUnixNano),
          endTimeUnixNano: long(s.endTimeUnixNano),
          attributes: attributes(s.attributes as PbKeyValue[]),
          droppedAttributesCount: s.droppedAttributesCount ?? 0,
          events: (s.events ?? []).map((e: Pb) => ({
            timeUnixNano: long(e.timeUnixNano),
            name: e.name ?? '',
            attributes: attributes(e.attributes as PbKeyValue[]),
            droppedAttributesCount: e.droppedAttributesCount ?? 0,
          })),
          droppedEventsCount: s.droppedEventsCount ?? 0,
          links: (s.links ?? []).map((l: Pb) => ({
            traceId: bytes(l.traceId),
            spanId: bytes(l.spanId),
            traceState: l.traceState ?? '',
            flags: l.flags ?? 0,
            attributes: attributes(l.attributes as PbKeyValue[]),
            droppedAttributesCount: l.droppedAttributesCount ?? 0,
          })),
          droppedLinksCount: s.droppedLinksCount ?? 0,
          statusCode: s.status?.code ?? 0,
          statusMessage: s.status?.message ?? '',
          resource,
          scope,
        });
      }
    }
  }
  return out;
}

const withResources = (spans: Span[]): unknown[] => plain(spans);

/** Bodies written by protobufjs from plain objects: shapes our encoder never writes. */
function pbBody(obj: Pb): Uint8Array {
  const type = otlpType(TRACE_REQUEST);
  return type.encode(type.fromObject(obj)).finish();
}

const cases: { name: string; body: () => Uint8Array }[] = [
  { name: 'full-fidelity trace', body: () => encodeTraceRequestProto(fullFidelityTrace()) },
  { name: 'empty request', body: () => new Uint8Array(0) },
  { name: 'resource spans without resource or scope', body: () => pbBody({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: id16, spanId: id8 }] }] }] }) },
  {
    name: 'every value type, nested arrays and kvlists, negative and 64-bit ints',
    body: () =>
      pbBody({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }], droppedAttributesCount: 3 },
            schemaUrl: 'https://opentelemetry.io/schemas/1.21.0',
            scopeSpans: [
              {
                scope: { name: 'lib', version: '1.2', attributes: [{ key: 'x', value: { boolValue: true } }], droppedAttributesCount: 1 },
                schemaUrl: 'scope-schema',
                spans: [
                  {
                    traceId: id16,
                    spanId: id8,
                    parentSpanId: id8,
                    traceState: 'a=b',
                    flags: 0xffffffff,
                    name: 'héllo wörld ✓ — a name longer than the js string fast path',
                    kind: 5,
                    startTimeUnixNano: '18446744073709551615',
                    endTimeUnixNano: '1732000000123456789',
                    attributes: [
                      { key: 's', value: { stringValue: 'ünïcode' } },
                      { key: 'b', value: { boolValue: false } },
                      { key: 'i', value: { intValue: '-9223372036854775808' } },
                      { key: 'i2', value: { intValue: '9223372036854775807' } },
                      { key: 'i3', value: { intValue: -1 } },
                      { key: 'i4', value: { intValue: 1023 } },
                      { key: 'i5', value: { intValue: 1024 } },
                      { key: 'd', value: { doubleValue: -0.5 } },
                      { key: 'y', value: { bytesValue: Buffer.from([0, 1, 2, 255]) } },
                      { key: 'empty', value: {} },
                      { key: 'novalue' },
                      { key: 'a', value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: 2 }, { arrayValue: { values: [] } }, {}] } } },
                      { key: 'kv', value: { kvlistValue: { values: [{ key: 'k', value: { doubleValue: 1.5 } }, { key: 'n', value: { kvlistValue: {} } }] } } },
                    ],
                    droppedAttributesCount: 7,
                    events: [{ timeUnixNano: '1732000000123456790', name: 'ev', attributes: [{ key: 'e', value: { stringValue: 'v' } }], droppedAttributesCount: 2 }, {}],
                    droppedEventsCount: 4,
                    links: [{ traceId: id16, spanId: id8, traceState: 'l=1', flags: 1, attributes: [{ key: 'l', value: { intValue: 5 } }], droppedAttributesCount: 1 }],
                    droppedLinksCount: 9,
                    status: { code: 2, message: 'boom' },
                  },
                  { traceId: id16, spanId: id8, kind: -3, status: {} },
                ],
              },
              { spans: [] },
            ],
          },
          {},
        ],
      }),
  },
  {
    // Fields in reverse order: resource and scope after their spans, as the wire allows.
    name: 'resource and scope after the spans',
    body: () => {
      const span = Buffer.concat([Buffer.from([0x2a, 2]), Buffer.from('op'), Buffer.from([0x12, 8]), id8, Buffer.from([0x0a, 16]), id16]);
      const scope = Buffer.concat([Buffer.from([0x0a, 3]), Buffer.from('lib')]);
      const scopeSpans = Buffer.concat([Buffer.from([0x12, span.length]), span, Buffer.from([0x0a, scope.length]), scope]);
      const kv = Buffer.concat([Buffer.from([0x0a, 12]), Buffer.from('service.name'), Buffer.from([0x12, 5, 0x0a, 3]), Buffer.from('svc')]);
      const resource = Buffer.concat([Buffer.from([0x0a, kv.length]), kv]);
      const rs = Buffer.concat([Buffer.from([0x1a, 1]), Buffer.from('u'), Buffer.from([0x12, scopeSpans.length]), scopeSpans, Buffer.from([0x0a, resource.length]), resource]);
      return Buffer.concat([Buffer.from([0x0a, rs.length]), rs]);
    },
  },
  {
    // Unknown fields of every wire type (as a newer proto's fields would be) are skipped.
    name: 'unknown fields of every wire type',
    body: () => {
      const unknown = UNKNOWN_FIELDS;
      const span = Buffer.concat([unknown, Buffer.from([0x0a, 16]), id16, Buffer.from([0x12, 8]), id8, unknown]);
      const scopeSpans = Buffer.concat([field(0x12, span), unknown]);
      const rs = Buffer.concat([field(0x12, scopeSpans), unknown]);
      return Buffer.concat([unknown, field(0x0a, rs)]);
    },
  },
];

describe('decodeTraceRequestProto (hand-written) against protobufjs', () => {
  for (const c of cases) {
    it(c.name, () => {
      const body = c.body();
      expect(withResources(decodeTraceRequestProto(body)), c.name).toEqual(withResources(oracle(body)));
    });
  }

  it('keeps a repeated singular field last, as protobufjs does', () => {
    const s1 = Buffer.concat([Buffer.from([0x2a, 1]), Buffer.from('a'), Buffer.from([0x2a, 1]), Buffer.from('b')]);
    const ss = Buffer.concat([Buffer.from([0x12, s1.length]), s1]);
    const rs = Buffer.concat([Buffer.from([0x12, ss.length]), ss]);
    const body = Buffer.concat([Buffer.from([0x0a, rs.length]), rs]);
    expect(decodeTraceRequestProto(body)[0]!.name).toBe('b');
    expect(oracle(body)[0]!.name).toBe('b');
  });

  it('refuses every truncation of a valid body with a decode error', () => {
    const body = encodeTraceRequestProto(fullFidelityTrace());
    checkTruncations(body, (b) => withResources(decodeTraceRequestProto(b)), (b) => withResources(oracle(b)));
  });

  it('answers corrupted bodies with a model or a decode error, the oracle model whenever protobufjs reads one', () => {
    // Fixed ids: the same body, so the same corruptions, every run.
    const spans = fullFidelityTrace().map((s, i) => ({ ...s, traceId: new Uint8Array(16).fill(7), spanId: new Uint8Array(8).fill(i + 1), parentSpanId: i === 0 ? s.parentSpanId : new Uint8Array(8).fill(1) }));
    checkCorruptions(encodeTraceRequestProto(spans), (b) => withResources(decodeTraceRequestProto(b)), (b) => withResources(oracle(b)), 12345);
  });
});
