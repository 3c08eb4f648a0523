/** The proxy's direct OTLP writer against the reference codec: same spans after a decode. */
import { describe, expect, it } from 'vitest';
import { writeTraceRequest } from '../../src/mesh/export/span-proto-writer.js';
import { encodeTraceRequestProto } from '../../src/otlp/encode-proto.js';
import { decodeTraceRequestProto } from '../../src/otlp/decode-proto.js';
import type { InstrumentationScope, Resource, Span } from '../../src/model/index.js';

const resource: Resource = {
  attributes: [{ key: 'service.name', value: { type: 'string', value: 'svc-é' } }],
  droppedAttributesCount: 1,
  schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
};
const otherResource: Resource = { attributes: [{ key: 'service.name', value: { type: 'string', value: 'other' } }], droppedAttributesCount: 0, schemaUrl: '' };
const scope: InstrumentationScope = { name: 'ariadne-mesh', version: '0.1.0', attributes: [{ key: 'k', value: { type: 'bool', value: true } }], droppedAttributesCount: 0, schemaUrl: 's' };

function span(i: number, over: Partial<Span> = {}): Span {
  return {
    traceId: new Uint8Array(16).fill(i + 1),
    spanId: new Uint8Array(8).fill(i + 2),
    parentSpanId: i === 0 ? new Uint8Array(0) : new Uint8Array(8).fill(1),
    traceState: i === 0 ? '' : 'ot=th:8,congo=t61rcWkgMzE',
    flags: 0x301,
    name: `GET /items/{id} ${i}`,
    kind: 2,
    startTimeUnixNano: 1_700_000_000_123_456_789n + BigInt(i),
    endTimeUnixNano: 18_446_744_073_709_551_615n, // the largest fixed64
    attributes: [
      { key: 'http.request.method', value: { type: 'string', value: 'GET' } },
      { key: 'http.response.status_code', value: { type: 'int', value: 200n } },
      { key: 'neg', value: { type: 'int', value: -9_223_372_036_854_775_808n } },
      { key: 'ratio', value: { type: 'double', value: -0.25 } },
      { key: 'ok', value: { type: 'bool', value: false } },
      { key: 'raw', value: { type: 'bytes', value: new Uint8Array([0, 255, 7]) } },
      { key: 'list', value: { type: 'array', value: [{ type: 'string', value: 'a' }, { type: 'int', value: 3n }, { type: 'empty' }] } },
      { key: 'map', value: { type: 'kvlist', value: [{ key: 'x', value: { type: 'double', value: 1.5 } }] } },
      { key: 'nothing', value: { type: 'empty' } },
      { key: 'emoji 🧵', value: { type: 'string', value: 'Ariadne’s thread 🧵' } },
    ],
    droppedAttributesCount: 2,
    events: [{ timeUnixNano: 1_700_000_000_200_000_000n, name: 'exception', attributes: [{ key: 'exception.type', value: { type: 'string', value: 'Timeout' } }], droppedAttributesCount: 1 }],
    droppedEventsCount: 3,
    links: [{ traceId: new Uint8Array(16).fill(9), spanId: new Uint8Array(8).fill(8), traceState: 'a=b', flags: 1, attributes: [], droppedAttributesCount: 0 }],
    droppedLinksCount: 4,
    statusCode: 2,
    statusMessage: 'upstream inventory: no response headers within 250 ms',
    resource,
    scope,
    ...over,
  };
}

describe('writeTraceRequest', () => {
  it.each([
    { name: 'a root span with every value type', spans: [span(0)] },
    { name: 'several spans, two resources', spans: [span(0), span(1), span(2, { resource: otherResource }), span(3, { statusCode: 0, statusMessage: '', flags: 0 })] },
    { name: 'no spans', spans: [] },
  ])('$name decodes to what the reference encoder gives', ({ spans }) => {
    expect(decodeTraceRequestProto(writeTraceRequest(spans))).toEqual(decodeTraceRequestProto(encodeTraceRequestProto(spans)));
  });

  it('round-trips the spans it is given', () => {
    const spans = [span(0), span(1)];
    const back = decodeTraceRequestProto(writeTraceRequest(spans));
    expect(back.map((s) => ({ ...s, resource: undefined, scope: undefined }))).toEqual(spans.map((s) => ({ ...s, resource: undefined, scope: undefined })));
  });
});
