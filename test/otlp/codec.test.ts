import { describe, expect, it } from 'vitest';
import { decodeTraceRequestProto } from '../../src/otlp/decode-proto.js';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import { encodeTraceRequestProto } from '../../src/otlp/encode-proto.js';
import { OtlpDecodeError } from '../../src/otlp/errors.js';
import { BIG_INT64, fullFidelityTrace, plain } from '../helpers/span-fixture.js';

describe('OTLP protobuf codec', () => {
  it('round-trips every field of the model exactly', () => {
    const spans = fullFidelityTrace();
    const decoded = decodeTraceRequestProto(encodeTraceRequestProto(spans));
    expect(plain(decoded)).toEqual(plain(spans));
    const big = decoded[1]!.attributes.find((a) => a.key === 'int.big')!.value;
    expect(big).toEqual({ type: 'int', value: BIG_INT64 });
  });

  it('decodes ids into plain Uint8Arrays that do not alias the body', () => {
    const body = encodeTraceRequestProto(fullFidelityTrace());
    const [root] = decodeTraceRequestProto(body);
    const before = Buffer.from(root!.traceId).toString('hex');
    body.fill(0);
    expect(Buffer.from(root!.traceId).toString('hex')).toBe(before);
  });

  it('gives every span id its own bytes, sharing none with another id', () => {
    const decoded = decodeTraceRequestProto(encodeTraceRequestProto(fullFidelityTrace()));
    const ids = decoded.flatMap((s) => [s.traceId, s.spanId, s.parentSpanId]).filter((id) => id.length > 0);
    const hex = (id: Uint8Array): string => Buffer.from(id).toString('hex');
    const expected = ids.map(hex);
    for (let i = 0; i < ids.length; i++) {
      ids[i]!.fill(0xff);
      for (let j = i + 1; j < ids.length; j++) expect(hex(ids[j]!), `id ${j} after overwriting id ${i}`).toBe(expected[j]);
    }
  });

  it('refuses a body that is not protobuf with a decode error', () => {
    expect(() => decodeTraceRequestProto(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toThrow(OtlpDecodeError);
  });
});

describe('OTLP/JSON decoding', () => {
  const traceId = '5b8efff798038103d269b633813fc60c';
  const spanId = 'eee19b7ec3c1b174';
  const body = (span: Record<string, unknown>) =>
    JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeSpans: [{ scope: { name: 'lib', version: '1' }, spans: [span] }],
        },
      ],
    });

  it('reads hex ids, int64 as string or number, enums as integers or names', () => {
    const [s] = decodeTraceRequestJson(
      body({
        traceId,
        spanId,
        name: 'op',
        kind: 2,
        startTimeUnixNano: '1544712660000000000',
        endTimeUnixNano: 1544712661000000000,
        attributes: [
          { key: 'big', value: { intValue: '9007199254740993' } },
          { key: 'small', value: { intValue: 42 } },
          { key: 'nan', value: { doubleValue: 'NaN' } },
          { key: 'bytes', value: { bytesValue: 'AAEC' } },
        ],
        status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
      }),
    );
    expect(Buffer.from(s!.traceId).toString('hex')).toBe(traceId);
    expect(s!.kind).toBe(2);
    expect(s!.startTimeUnixNano).toBe(1544712660000000000n);
    expect(s!.statusCode).toBe(2);
    expect(s!.attributes[0]!.value).toEqual({ type: 'int', value: BIG_INT64 });
    expect(s!.attributes[1]!.value).toEqual({ type: 'int', value: 42n });
    expect(Number.isNaN((s!.attributes[2]!.value as { value: number }).value)).toBe(true);
    expect(s!.attributes[3]!.value).toEqual({ type: 'bytes', value: new Uint8Array([0, 1, 2]) });
    expect(s!.resource.attributes[0]!.value).toEqual({ type: 'string', value: 'svc' });
  });

  const invalid: [name: string, input: string, message: RegExp][] = [
    ['not JSON at all', '{"resourceSpans": [', /not valid JSON/],
    ['resourceSpans is not an array', '{"resourceSpans": 5}', /resourceSpans: must be an array/],
    ['a span is not an object', body(3 as never).replace('"spans":[3]', '"spans":[3]'), /spans\[0\]: must be an object/],
    ['startTimeUnixNano is a float', body({ traceId, spanId, startTimeUnixNano: 1.5 }), /startTimeUnixNano: must be a non-negative integer/],
    ['intValue is out of int64 range', body({ traceId, spanId, attributes: [{ key: 'k', value: { intValue: '9223372036854775808' } }] }), /intValue: is out of int64 range/],
    ['unknown AnyValue field', body({ traceId, spanId, attributes: [{ key: 'k', value: { fooValue: 1 } }] }), /fooValue: is not an AnyValue field/],
    ['kind is an unknown name', body({ traceId, spanId, kind: 'SPAN_KIND_WEIRD' }), /kind: must be an integer enum value/],
  ];
  it.each(invalid)('refuses: %s', (_name, input, message) => {
    expect(() => decodeTraceRequestJson(input)).toThrow(message);
  });
});
