/**
 * Spans for the Store conformance suite. `checkoutTrace` is the rich one: a
 * frontend SERVER root, a CLIENT child, a `db` span that failed, an internal
 * span, events, links and every AnyValue type.
 *
 *   |-------------- GET /checkout (frontend, server) 100 ms ------------|
 *      |---- POST /orders (frontend, client) 50 ms ----|
 *         |-- INSERT orders (db, server, error) 30 ms --|
 *                                                     |-- render 20 ms --|
 */
import { SpanKind, StatusCode, type Attributes, type InstrumentationScope, type Resource, type Span } from '../../src/model/index.js';

export const MS = 1_000_000n;
export const HOUR = 3_600_000n * MS;
/** Beyond 2^53 with nanosecond digits, so any trip through a JS number shows. */
export const T0 = 1_700_000_000_123_456_789n;

export function traceId(n: number): Uint8Array {
  const b = new Uint8Array(16);
  new DataView(b.buffer).setUint32(12, n);
  b[0] = 0xab; // never all zero
  return b;
}

export function spanId(trace: number, n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setUint32(0, trace);
  new DataView(b.buffer).setUint32(4, n + 1);
  return b;
}

export function hex(id: Uint8Array): string {
  return Buffer.from(id).toString('hex');
}

export function resource(service: string, extra: Attributes = []): Resource {
  return {
    attributes: [{ key: 'service.name', value: { type: 'string', value: service } }, ...extra],
    droppedAttributesCount: 0,
    schemaUrl: '',
  };
}

export const SCOPE: InstrumentationScope = {
  name: '@ariadne/test',
  version: '1.2.3',
  attributes: [{ key: 'scope.attr', value: { type: 'bool', value: true } }],
  droppedAttributesCount: 1,
  schemaUrl: 'https://opentelemetry.io/schemas/1.24.0',
};

const EMPTY_SCOPE: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

/** A plain span; anything not given is empty or zero. */
export function span(fields: Partial<Span> & Pick<Span, 'traceId' | 'spanId' | 'name' | 'startTimeUnixNano' | 'endTimeUnixNano' | 'resource'>): Span {
  return {
    parentSpanId: new Uint8Array(0),
    traceState: '',
    flags: 0,
    kind: SpanKind.INTERNAL,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    statusCode: StatusCode.UNSET,
    statusMessage: '',
    scope: EMPTY_SCOPE,
    ...fields,
  };
}

/** Every AnyValue type, including the edges an exact store must keep. */
export const ALL_VALUE_TYPES: Attributes = [
  { key: 'http.method', value: { type: 'string', value: 'GET' } },
  { key: 'http.status_code', value: { type: 'int', value: 200n } },
  { key: 'big.int', value: { type: 'int', value: 9007199254740993n } },
  { key: 'min.int', value: { type: 'int', value: -(1n << 63n) } },
  { key: 'retry', value: { type: 'bool', value: false } },
  { key: 'ratio', value: { type: 'double', value: 0.1 } },
  { key: 'nan', value: { type: 'double', value: NaN } },
  { key: 'inf', value: { type: 'double', value: Infinity } },
  { key: 'neg.inf', value: { type: 'double', value: -Infinity } },
  { key: 'payload', value: { type: 'bytes', value: new Uint8Array([0, 1, 2, 0xfe, 0xff]) } },
  { key: 'empty.bytes', value: { type: 'bytes', value: new Uint8Array(0) } },
  { key: 'empty.string', value: { type: 'string', value: '' } },
  { key: 'nothing', value: { type: 'empty' } },
  {
    key: 'list',
    value: {
      type: 'array',
      value: [
        { type: 'string', value: 'a' },
        { type: 'int', value: -5n },
        { type: 'double', value: 2.5 },
        { type: 'empty' },
        { type: 'array', value: [] },
      ],
    },
  },
  {
    key: 'nested',
    value: {
      type: 'kvlist',
      value: [
        { key: 'inner', value: { type: 'kvlist', value: [{ key: 'deep', value: { type: 'bytes', value: new Uint8Array([9]) } }] } },
        { key: 'empty.kvlist', value: { type: 'kvlist', value: [] } },
        { key: 'big', value: { type: 'int', value: 9007199254740993n } },
      ],
    },
  },
];

export interface TraceOptions {
  readonly trace: number;
  /** Root start; the other spans are placed relative to it. */
  readonly start?: bigint;
  readonly frontend?: Resource;
  readonly db?: Resource;
}

export function checkoutTrace(o: TraceOptions): Span[] {
  const t = traceId(o.trace);
  const start = o.start ?? T0;
  const frontend = o.frontend ?? resource('frontend', [{ key: 'deployment.environment', value: { type: 'string', value: 'prod' } }]);
  const db = o.db ?? resource('db');
  const root = span({
    traceId: t,
    spanId: spanId(o.trace, 0),
    traceState: 'rojo=00f067aa0ba902b7',
    flags: 1,
    name: 'GET /checkout',
    kind: SpanKind.SERVER,
    startTimeUnixNano: start,
    endTimeUnixNano: start + 100n * MS,
    attributes: ALL_VALUE_TYPES,
    droppedAttributesCount: 3,
    events: [
      { timeUnixNano: start + 1n, name: 'request.received', attributes: [{ key: 'size', value: { type: 'int', value: 42n } }], droppedAttributesCount: 1 },
      { timeUnixNano: start + 99n * MS, name: 'response.sent', attributes: [], droppedAttributesCount: 0 },
    ],
    droppedEventsCount: 2,
    links: [
      {
        traceId: traceId(o.trace + 1_000_000),
        spanId: spanId(o.trace + 1_000_000, 7),
        traceState: 'congo=t61rcWkgMzE',
        flags: 1,
        attributes: [{ key: 'link.kind', value: { type: 'string', value: 'follows' } }],
        droppedAttributesCount: 4,
      },
    ],
    droppedLinksCount: 5,
    statusCode: StatusCode.UNSET,
    resource: { ...frontend, droppedAttributesCount: 2, schemaUrl: 'https://opentelemetry.io/schemas/1.21.0' },
    scope: SCOPE,
  });
  const client = span({
    traceId: t,
    spanId: spanId(o.trace, 1),
    parentSpanId: root.spanId,
    name: 'POST /orders',
    kind: SpanKind.CLIENT,
    startTimeUnixNano: start + 10n * MS,
    endTimeUnixNano: start + 60n * MS,
    attributes: [{ key: 'peer.service', value: { type: 'string', value: 'db' } }],
    resource: root.resource,
    scope: SCOPE,
  });
  const query = span({
    traceId: t,
    spanId: spanId(o.trace, 2),
    parentSpanId: client.spanId,
    name: 'INSERT orders',
    kind: SpanKind.SERVER,
    startTimeUnixNano: start + 20n * MS,
    endTimeUnixNano: start + 50n * MS,
    attributes: [{ key: 'db.system', value: { type: 'string', value: 'duckdb' } }],
    statusCode: StatusCode.ERROR,
    statusMessage: 'duplicate key',
    resource: db,
  });
  const render = span({
    traceId: t,
    spanId: spanId(o.trace, 3),
    parentSpanId: root.spanId,
    name: 'render',
    kind: SpanKind.INTERNAL,
    startTimeUnixNano: start + 70n * MS,
    endTimeUnixNano: start + 90n * MS,
    statusCode: StatusCode.OK,
    resource: root.resource,
    scope: SCOPE,
  });
  return [root, client, query, render];
}
