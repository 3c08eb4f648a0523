import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigNode } from '../../../src/collector/config/config-node.js';
import { zipkinReceiverFactory } from '../../../src/collector/receivers/zipkin/factory.js';
import { encodeZipkinProto } from '../../../src/collector/zipkin/to-zipkin.js';
import { decodeZipkinJson } from '../../../src/collector/zipkin/from-zipkin.js';
import { RetryableConsumerError } from '../../../src/collector/errors.js';
import { SpanKind, StatusCode } from '../../../src/model/index.js';
import type { Component } from '../../../src/collector/component.js';
import { attr, Recorder, settings, span, testHost } from '../helpers/test-host.js';

const next = new Recorder();
let receiver: Component;
let url: string;

beforeAll(async () => {
  const host = testHost();
  receiver = zipkinReceiverFactory.createTraces!(settings(host, 'zipkin'), zipkinReceiverFactory.parseConfig(ConfigNode.of({ endpoint: '127.0.0.1:0' }, 'r')), next);
  await receiver.start();
  const a = host.announced.find((l) => l.name === 'zipkin')!.address;
  url = `http://${a.host}:${a.port}/api/v2/spans`;
});
afterAll(() => receiver.shutdown());

const V2 = [
  {
    traceId: '5af7183fb1d4cf5f',
    id: '352bff9a74ca9ad2',
    parentId: '6b221d5bc9e6496c',
    name: 'get /api',
    kind: 'SERVER',
    timestamp: 1556604172355737,
    duration: 1431,
    localEndpoint: { serviceName: 'backend', ipv4: '192.168.99.1', port: 3306 },
    remoteEndpoint: { serviceName: 'frontend', ipv4: '172.19.0.2', port: 58648 },
    annotations: [{ timestamp: 1556604172355800, value: 'ws' }],
    tags: { 'http.method': 'GET', 'http.path': '/api', error: 'boom', 'otel.scope.name': 'lib' },
  },
];

async function post(body: string | Uint8Array, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers, body });
}

describe('zipkin receiver', () => {
  it('takes Zipkin v2 JSON: ids, times in µs, endpoints, tags, annotations, error', async () => {
    next.batches.length = 0;
    const res = await post(JSON.stringify(V2), { 'content-type': 'application/json' });
    expect(res.status).toBe(202);
    const [s] = next.spans;
    expect(Buffer.from(s!.traceId).toString('hex')).toBe('00000000000000005af7183fb1d4cf5f');
    expect(Buffer.from(s!.spanId).toString('hex')).toBe('352bff9a74ca9ad2');
    expect(Buffer.from(s!.parentSpanId).toString('hex')).toBe('6b221d5bc9e6496c');
    expect(s!.kind).toBe(SpanKind.SERVER);
    expect(s!.startTimeUnixNano).toBe(1556604172355737000n);
    expect(s!.endTimeUnixNano).toBe(1556604172357168000n);
    expect(s!.statusCode).toBe(StatusCode.ERROR);
    expect(s!.statusMessage).toBe('boom');
    expect(s!.scope.name).toBe('lib');
    expect(s!.resource.attributes).toEqual([attr('service.name', 'backend')]);
    expect(s!.attributes).toEqual([
      attr('http.method', 'GET'),
      attr('http.path', '/api'),
      attr('peer.service', 'frontend'),
      attr('net.peer.ip', '172.19.0.2'),
      attr('net.peer.port', 58648),
      attr('net.host.ip', '192.168.99.1'),
      attr('net.host.port', 3306),
    ]);
    expect(s!.events.map((e) => [e.name, e.timeUnixNano])).toEqual([['ws', 1556604172355800000n]]);
  });

  it('takes Zipkin v2 protobuf, gzip-compressed, and a JSON round trip through the exporter encoding', async () => {
    next.batches.length = 0;
    const sent = [span({ name: 'proto-span', kind: SpanKind.CLIENT, service: 'cart', durationMs: 3, status: 2, attributes: [attr('k', 'v')] })];
    const res = await post(gzipSync(encodeZipkinProto(sent, 'x')), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    expect(res.status).toBe(202);
    const [got] = next.spans;
    expect(got!.name).toBe('proto-span');
    expect(Buffer.from(got!.traceId).equals(Buffer.from(sent[0]!.traceId))).toBe(true);
    expect(got!.kind).toBe(SpanKind.CLIENT);
    expect(got!.endTimeUnixNano - got!.startTimeUnixNano).toBe(3_000_000n);
    expect(got!.statusCode).toBe(StatusCode.ERROR);
    expect(got!.attributes).toContainEqual(attr('k', 'v'));
  });

  const bad: [name: string, body: string, headers: Record<string, string>, status: number, message: RegExp][] = [
    ['not JSON', '{', { 'content-type': 'application/json' }, 400, /not valid JSON/],
    ['not an array', '{}', { 'content-type': 'application/json' }, 400, /JSON array/],
    ['bad trace id', JSON.stringify([{ traceId: 'xyz', id: '1' }]), { 'content-type': 'application/json' }, 400, /\[0\]\.traceId/],
    ['negative timestamp', JSON.stringify([{ traceId: 'a', id: 'b', timestamp: -1 }]), { 'content-type': 'application/json' }, 400, /\[0\]\.timestamp/],
    ['thrift', 'x', { 'content-type': 'application/x-thrift' }, 415, /unsupported Content-Type/],
  ];
  it.each(bad)('%s is refused with its status', async (_name, body, headers, status, message) => {
    const res = await post(body, headers);
    expect(res.status).toBe(status);
    expect(await res.text()).toMatch(message);
  });

  it('a retryable pipeline error is a 503 with Retry-After', async () => {
    next.fail = new RetryableConsumerError('busy');
    try {
      const res = await post(JSON.stringify(V2), { 'content-type': 'application/json' });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
    } finally {
      next.fail = undefined;
    }
  });

  it('parse_string_tags turns numeric and boolean tags into typed attributes', () => {
    const [s] = decodeZipkinJson(Buffer.from(JSON.stringify([{ traceId: 'a', id: 'b', tags: { n: '12', d: '1.5', b: 'true', s: 'x' } }])), true);
    expect(s!.attributes).toEqual([attr('n', 12), attr('d', 1.5), attr('b', true), attr('s', 'x')]);
  });
});
