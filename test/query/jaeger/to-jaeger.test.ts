import { describe, expect, it } from 'vitest';
import type { AnyValue, Span } from '../../../src/model/index.js';
import {
  attributeToJaegerTag,
  buildJaegerProcesses,
  eventToJaegerLog,
  formatJaegerSpanId,
  formatJaegerTraceId,
  spanReferencesToJaeger,
  spansToJaegerTrace,
  spanTagsToJaeger,
  spanToJaegerSpan,
} from '../../../src/query/jaeger/to-jaeger.js';
import { EMPTY_SCOPE, hexBytes, makeSpan, resourceOf, TRACE_A, TRACE_B } from '../helpers/spans.js';

describe('formatJaegerTraceId / formatJaegerSpanId', () => {
  const traceIds: [name: string, hex: string, text: string][] = [
    ['128-bit', TRACE_A, TRACE_A],
    ['high half zero prints 16 digits, as Jaeger does', '00000000000000008448eb211c80319c', '8448eb211c80319c'],
    ['low half zero keeps 32', '8448eb211c80319c0000000000000000', '8448eb211c80319c0000000000000000'],
    ['all zero', '00000000000000000000000000000000', '0000000000000000'],
    ['8-byte id', '8448eb211c80319c', '8448eb211c80319c'],
  ];
  it.each(traceIds)('trace id: %s', (name, hex, text) => {
    expect(formatJaegerTraceId(hexBytes(hex)), name).toBe(text);
  });

  it('span ids are 16 hex digits', () => {
    expect(formatJaegerSpanId(hexBytes('00f067aa0ba902b7'))).toBe('00f067aa0ba902b7');
  });
});

describe('attributeToJaegerTag', () => {
  const cases: [name: string, value: AnyValue, tag: object][] = [
    ['string', { type: 'string', value: 'GET' }, { key: 'k', type: 'string', value: 'GET' }],
    ['bool', { type: 'bool', value: false }, { key: 'k', type: 'bool', value: false }],
    ['int', { type: 'int', value: -42n }, { key: 'k', type: 'int64', value: -42 }],
    ['int at 2^53-1 is a number', { type: 'int', value: 9_007_199_254_740_991n }, { key: 'k', type: 'int64', value: 9_007_199_254_740_991 }],
    ['int beyond 2^53 is a string, as Jaeger sends it', { type: 'int', value: 9_007_199_254_740_993n }, { key: 'k', type: 'int64', value: '9007199254740993' }],
    ['int below -(2^53) is a string', { type: 'int', value: -(1n << 63n) }, { key: 'k', type: 'int64', value: '-9223372036854775808' }],
    ['double', { type: 'double', value: 3.25 }, { key: 'k', type: 'float64', value: 3.25 }],
    ['NaN as text', { type: 'double', value: NaN }, { key: 'k', type: 'float64', value: 'NaN' }],
    ['bytes as base64 binary', { type: 'bytes', value: new Uint8Array([0, 1, 2, 254, 255]) }, { key: 'k', type: 'binary', value: 'AAEC/v8=' }],
    ['array as JSON text', { type: 'array', value: [{ type: 'int', value: 1n }, { type: 'string', value: 'a' }] }, { key: 'k', type: 'string', value: '[1,"a"]' }],
    ['kvlist as JSON text', { type: 'kvlist', value: [{ key: 'x', value: { type: 'bool', value: true } }] }, { key: 'k', type: 'string', value: '{"x":true}' }],
    ['empty as empty string', { type: 'empty' }, { key: 'k', type: 'string', value: '' }],
  ];
  it.each(cases)('%s', (name, value, tag) => {
    expect(attributeToJaegerTag('k', value), name).toEqual(tag);
  });
});

describe('spanTagsToJaeger', () => {
  const cases: [name: string, span: Span, tags: [string, unknown][]][] = [
    ['nothing to add', makeSpan(), []],
    [
      'scope, attributes, kind, OK status, in Jaeger order',
      makeSpan({
        scope: { ...EMPTY_SCOPE, name: 'io.opentelemetry.http', version: '1.2.3' },
        attributes: [{ key: 'http.method', value: { type: 'string', value: 'GET' } }],
        kind: 2,
        statusCode: 1,
      }),
      [
        ['otel.scope.name', 'io.opentelemetry.http'],
        ['otel.scope.version', '1.2.3'],
        ['http.method', 'GET'],
        ['span.kind', 'server'],
        ['otel.status_code', 'OK'],
      ],
    ],
    [
      'ERROR adds error=true and the description',
      makeSpan({ kind: 3, statusCode: 2, statusMessage: 'timeout' }),
      [
        ['span.kind', 'client'],
        ['otel.status_code', 'ERROR'],
        ['error', true],
        ['otel.status_description', 'timeout'],
      ],
    ],
    ['unset status with a message keeps the message', makeSpan({ statusMessage: 'odd' }), [['otel.status_description', 'odd']]],
    ['producer', makeSpan({ kind: 4 }), [['span.kind', 'producer']]],
    ['consumer', makeSpan({ kind: 5 }), [['span.kind', 'consumer']]],
    ['internal', makeSpan({ kind: 1 }), [['span.kind', 'internal']]],
    ['trace state', makeSpan({ traceState: 'rojo=00f067aa0ba902b7' }), [['w3c.tracestate', 'rojo=00f067aa0ba902b7']]],
    [
      'dropped counts when non-zero',
      makeSpan({ droppedAttributesCount: 3, droppedEventsCount: 4, droppedLinksCount: 5 }),
      [
        ['otel.dropped_attributes_count', 3],
        ['otel.dropped_events_count', 4],
        ['otel.dropped_links_count', 5],
      ],
    ],
  ];
  it.each(cases)('%s', (name, span, tags) => {
    expect(spanTagsToJaeger(span).map((t) => [t.key, t.value]), name).toEqual(tags);
  });
});

describe('spanReferencesToJaeger', () => {
  const PARENT = '00f067aa0ba902b7';
  const link = (traceId: string, spanId: string, attrs: Span['attributes'] = []): Span['links'][number] => ({
    traceId: hexBytes(traceId),
    spanId: hexBytes(spanId),
    traceState: '',
    flags: 0,
    attributes: attrs,
    droppedAttributesCount: 0,
  });
  const childOf = [{ key: 'opentracing.ref_type', value: { type: 'string', value: 'child_of' } }] as const;
  const cases: [name: string, span: Span, refs: [string, string, string][]][] = [
    ['root: none', makeSpan(), []],
    ['parent: CHILD_OF first', makeSpan({ parentSpanId: PARENT }), [['CHILD_OF', TRACE_A, PARENT]]],
    ['all-zero parent is no parent', makeSpan({ parentSpanId: '0000000000000000' }), []],
    [
      'links: FOLLOWS_FROM, other traces kept with their id',
      makeSpan({ parentSpanId: PARENT, links: [link(TRACE_B, '1111111111111111'), link(TRACE_A, '2222222222222222')] }),
      [
        ['CHILD_OF', TRACE_A, PARENT],
        ['FOLLOWS_FROM', TRACE_B, '1111111111111111'],
        ['FOLLOWS_FROM', TRACE_A, '2222222222222222'],
      ],
    ],
    ['opentracing.ref_type child_of', makeSpan({ links: [link(TRACE_B, '1111111111111111', [...childOf])] }), [['CHILD_OF', TRACE_B, '1111111111111111']]],
    [
      'link to the parent only sets its type',
      makeSpan({
        parentSpanId: PARENT,
        links: [link(TRACE_A, PARENT, [{ key: 'opentracing.ref_type', value: { type: 'string', value: 'follows_from' } }])],
      }),
      [['FOLLOWS_FROM', TRACE_A, PARENT]],
    ],
    ['link without ids is dropped', makeSpan({ links: [link('', '')] }), []],
  ];
  it.each(cases)('%s', (name, span, refs) => {
    expect(spanReferencesToJaeger(span).map((r) => [r.refType, r.traceID, r.spanID]), name).toEqual(refs);
  });
});

describe('eventToJaegerLog', () => {
  const ev = (name: string, attributes: Span['attributes'] = [], droppedAttributesCount = 0): Span['events'][number] => ({
    timeUnixNano: 1_700_000_000_123_456_789n,
    name,
    attributes,
    droppedAttributesCount,
  });
  const cases: [name: string, event: Span['events'][number], fields: [string, unknown][]][] = [
    ['name becomes the event field', ev('exception', [{ key: 'exception.type', value: { type: 'string', value: 'E' } }]), [['event', 'exception'], ['exception.type', 'E']]],
    ['an event attribute wins over the name', ev('x', [{ key: 'event', value: { type: 'string', value: 'y' } }]), [['event', 'y']]],
    ['no name, no event field', ev(''), []],
    ['dropped attributes', ev('e', [], 2), [['event', 'e'], ['otel.dropped_attributes_count', 2]]],
  ];
  it.each(cases)('%s', (name, event, fields) => {
    const log = eventToJaegerLog(event);
    expect(log.timestamp, name).toBe(1_700_000_000_123_456);
    expect(log.fields.map((f) => [f.key, f.value]), name).toEqual(fields);
  });
});

describe('spanToJaegerSpan', () => {
  it('times are microseconds, truncated', () => {
    const s = spanToJaegerSpan(makeSpan({ startTimeUnixNano: 1_999n, endTimeUnixNano: 4_998n }), 'p1');
    expect([s.startTime, s.duration]).toEqual([1, 2]);
  });

  it('keeps microsecond precision of real timestamps', () => {
    const s = spanToJaegerSpan(makeSpan({ startTimeUnixNano: 1_732_000_000_123_456_789n, endTimeUnixNano: 1_732_000_000_135_802_468n }), 'p1');
    expect([s.startTime, s.duration]).toEqual([1_732_000_000_123_456, 12_345]);
  });

  const flags: [name: string, otlp: number, jaeger: number][] = [
    ['not sampled', 0, 0],
    ['sampled', 1, 1],
    ['sampled with remote-parent bits', 0x301, 1],
    ['remote-parent bits only', 0x100, 0],
  ];
  it.each(flags)('flags: %s', (name, otlp, jaeger) => {
    expect(spanToJaegerSpan(makeSpan({ flags: otlp }), 'p1').flags, name).toBe(jaeger);
  });
});

describe('buildJaegerProcesses', () => {
  it('one process per distinct resource, p1.. in order of first use, equal copies shared', () => {
    const a1 = resourceOf('frontend', [{ key: 'host.name', value: { type: 'string', value: 'h1' } }]);
    const a2 = resourceOf('frontend', [{ key: 'host.name', value: { type: 'string', value: 'h1' } }]); // equal, other object
    const b = resourceOf('backend');
    const spans = [makeSpan({ resource: b }), makeSpan({ resource: a1 }), makeSpan({ resource: a2 }), makeSpan({ resource: b })];
    const { processIds, processes } = buildJaegerProcesses(spans);
    expect(processIds).toEqual(['p1', 'p2', 'p2', 'p1']);
    expect(processes).toEqual({
      p1: { serviceName: 'backend', tags: [] },
      p2: { serviceName: 'frontend', tags: [{ key: 'host.name', type: 'string', value: 'h1' }] },
    });
  });

  it('a resource without service.name is unknown_service; dropped attributes become a tag', () => {
    const { processes } = buildJaegerProcesses([
      makeSpan({ resource: { attributes: [{ key: 'k', value: { type: 'int', value: 1n } }], droppedAttributesCount: 2, schemaUrl: '' } }),
    ]);
    expect(processes['p1']).toEqual({
      serviceName: 'unknown_service',
      tags: [
        { key: 'k', type: 'int64', value: 1 },
        { key: 'otel.dropped_attributes_count', type: 'int64', value: 2 },
      ],
    });
  });
});

describe('spansToJaegerTrace', () => {
  it('no spans: null', () => {
    expect(spansToJaegerTrace([])).toBeNull();
  });

  it('a whole trace in the UI shape', () => {
    const root = makeSpan({ spanId: '1111111111111111', name: 'GET /cart', kind: 2, flags: 1 });
    const child = makeSpan({
      spanId: '2222222222222222',
      parentSpanId: '1111111111111111',
      name: 'SELECT',
      kind: 3,
      startTimeUnixNano: 1_700_000_000_000_500_000n,
      endTimeUnixNano: 1_700_000_000_000_900_000n,
      resource: resourceOf('db'),
      events: [{ timeUnixNano: 1_700_000_000_000_600_000n, name: 'retry', attributes: [], droppedAttributesCount: 0 }],
    });
    expect(spansToJaegerTrace([root, child])).toEqual({
      traceID: TRACE_A,
      spans: [
        {
          traceID: TRACE_A,
          spanID: '1111111111111111',
          operationName: 'GET /cart',
          references: [],
          startTime: 1_700_000_000_000_000,
          duration: 1000,
          tags: [{ key: 'span.kind', type: 'string', value: 'server' }],
          logs: [],
          processID: 'p1',
          warnings: null,
          flags: 1,
        },
        {
          traceID: TRACE_A,
          spanID: '2222222222222222',
          operationName: 'SELECT',
          references: [{ refType: 'CHILD_OF', traceID: TRACE_A, spanID: '1111111111111111' }],
          startTime: 1_700_000_000_000_500,
          duration: 400,
          tags: [{ key: 'span.kind', type: 'string', value: 'client' }],
          logs: [{ timestamp: 1_700_000_000_000_600, fields: [{ key: 'event', type: 'string', value: 'retry' }] }],
          processID: 'p2',
          warnings: null,
          flags: 0,
        },
      ],
      processes: { p1: { serviceName: 'frontend', tags: [] }, p2: { serviceName: 'db', tags: [] } },
      warnings: null,
    });
  });
});
