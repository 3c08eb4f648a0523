/** A trace that uses every field OTLP carries, for exact round-trip tests. */
import { randomBytes } from 'node:crypto';
import type { Resource, InstrumentationScope, Span } from '../../src/model/index.js';

export const BIG_INT64 = 9_007_199_254_740_993n; // 2^53 + 1: not representable as a double

export function newTraceId(): Uint8Array {
  return new Uint8Array(randomBytes(16));
}
export function newSpanId(): Uint8Array {
  return new Uint8Array(randomBytes(8));
}

export function fixtureResource(service = 'checkout'): Resource {
  return {
    attributes: [
      { key: 'service.name', value: { type: 'string', value: service } },
      { key: 'k8s.pod.name', value: { type: 'string', value: `${service}-7d9f-abc` } },
      { key: 'host.cores', value: { type: 'int', value: 8n } },
    ],
    droppedAttributesCount: 1,
    schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
  };
}

export function fixtureScope(): InstrumentationScope {
  return {
    name: '@ariadne/test',
    version: '1.2.3',
    attributes: [{ key: 'scope.attr', value: { type: 'bool', value: true } }],
    droppedAttributesCount: 2,
    schemaUrl: 'https://opentelemetry.io/schemas/1.25.0',
  };
}

/** Root SERVER span + child CLIENT span with every attribute type, events, links, error status. */
export function fullFidelityTrace(startNs = 1_732_000_000_123_456_789n): Span[] {
  const traceId = newTraceId();
  const rootId = newSpanId();
  const resource = fixtureResource();
  const scope = fixtureScope();
  const root: Span = {
    traceId,
    spanId: rootId,
    parentSpanId: new Uint8Array(0),
    traceState: 'ot=th:8,vendor=abc',
    flags: 0x301,
    name: 'GET /cart',
    kind: 2,
    startTimeUnixNano: startNs,
    endTimeUnixNano: startNs + 12_345_679n,
    attributes: [
      { key: 'http.request.method', value: { type: 'string', value: 'GET' } },
      { key: 'http.response.status_code', value: { type: 'int', value: 200n } },
    ],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    statusCode: 1,
    statusMessage: '',
    resource,
    scope,
  };
  const child: Span = {
    traceId,
    spanId: newSpanId(),
    parentSpanId: rootId,
    traceState: '',
    flags: 1,
    name: 'SELECT orders',
    kind: 3,
    startTimeUnixNano: startNs + 1_000_001n,
    endTimeUnixNano: startNs + 9_000_003n,
    attributes: [
      { key: 'str', value: { type: 'string', value: 'héllo "world" <b>' } },
      { key: 'bool', value: { type: 'bool', value: false } },
      { key: 'int.big', value: { type: 'int', value: BIG_INT64 } },
      { key: 'int.neg', value: { type: 'int', value: -42n } },
      { key: 'double', value: { type: 'double', value: 3.141592653589793 } },
      { key: 'bytes', value: { type: 'bytes', value: new Uint8Array([0, 1, 2, 254, 255]) } },
      {
        key: 'array',
        value: { type: 'array', value: [{ type: 'string', value: 'a' }, { type: 'int', value: 7n }, { type: 'double', value: 0.5 }] },
      },
      {
        key: 'kvlist',
        value: {
          type: 'kvlist',
          value: [
            { key: 'inner', value: { type: 'string', value: 'x' } },
            {
              key: 'nested',
              value: { type: 'kvlist', value: [{ key: 'deep', value: { type: 'int', value: BIG_INT64 } }] },
            },
          ],
        },
      },
      { key: 'empty', value: { type: 'empty' } },
    ],
    droppedAttributesCount: 3,
    events: [
      {
        timeUnixNano: startNs + 2_000_007n,
        name: 'exception',
        attributes: [
          { key: 'exception.type', value: { type: 'string', value: 'TimeoutError' } },
          { key: 'exception.message', value: { type: 'string', value: 'query timed out' } },
        ],
        droppedAttributesCount: 1,
      },
    ],
    droppedEventsCount: 4,
    links: [
      {
        traceId: newTraceId(),
        spanId: newSpanId(),
        traceState: 'rojo=00f067aa0ba902b7',
        flags: 1,
        attributes: [{ key: 'link.kind', value: { type: 'string', value: 'batch' } }],
        droppedAttributesCount: 5,
      },
    ],
    droppedLinksCount: 6,
    statusCode: 2,
    statusMessage: 'deadline exceeded',
    resource,
    scope,
  };
  return [root, child];
}

/** Resource/scope objects are shared in a request; compare spans as plain values. */
export function plain(spans: readonly Span[]): unknown[] {
  return spans.map((s) => JSON.parse(JSON.stringify(s, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v))));
}
