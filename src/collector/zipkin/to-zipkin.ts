/**
 * Model spans -> Zipkin v2 JSON (and protobuf), the reverse of from-zipkin.ts, as the
 * Collector's zipkin exporter writes them: resource service.name becomes
 * localEndpoint.serviceName (default_service_name when missing), other resource and
 * span attributes become tags (as text), status, scope and tracestate become otel.* /
 * error tags, events become annotations. Times are microseconds (Zipkin's precision).
 */
import { anyValueToString, bytesToHex, SERVICE_NAME_KEY, SpanKind, StatusCode, type Span } from '../../model/index.js';
import * as Z from './zipkin-span.js';
import { zipkinListOfSpans } from './zipkin-proto.js';

const KIND: Partial<Record<number, Z.ZipkinSpan['kind']>> = {
  [SpanKind.CLIENT]: 'CLIENT',
  [SpanKind.SERVER]: 'SERVER',
  [SpanKind.PRODUCER]: 'PRODUCER',
  [SpanKind.CONSUMER]: 'CONSUMER',
};

function micros(ns: bigint): number {
  return Number(ns / 1000n);
}

export function toZipkinSpan(s: Span, defaultServiceName: string): Z.ZipkinSpan {
  const tags: Record<string, string> = {};
  let service = '';
  for (const kv of s.resource.attributes) {
    if (kv.key === SERVICE_NAME_KEY && kv.value.type === 'string') service = kv.value.value;
    else tags[kv.key] = anyValueToString(kv.value);
  }
  const remote: Z.ZipkinEndpoint = {};
  const local: Z.ZipkinEndpoint = { serviceName: service || defaultServiceName };
  for (const kv of s.attributes) {
    const text = anyValueToString(kv.value);
    switch (kv.key) {
      case Z.ATTR_PEER_SERVICE:
        remote.serviceName = text;
        break;
      case Z.ATTR_NET_PEER_IP:
        if (text.includes(':')) remote.ipv6 = text;
        else remote.ipv4 = text;
        break;
      case Z.ATTR_NET_PEER_PORT:
        remote.port = Number(text);
        break;
      case Z.ATTR_NET_HOST_IP:
        if (text.includes(':')) local.ipv6 = text;
        else local.ipv4 = text;
        break;
      case Z.ATTR_NET_HOST_PORT:
        local.port = Number(text);
        break;
      default:
        tags[kv.key] = text;
    }
  }
  if (s.scope.name) tags[Z.TAG_SCOPE_NAME] = s.scope.name;
  if (s.scope.version) tags[Z.TAG_SCOPE_VERSION] = s.scope.version;
  if (s.traceState) tags[Z.TAG_TRACE_STATE] = s.traceState;
  if (s.statusCode === StatusCode.ERROR) {
    tags[Z.TAG_STATUS_CODE] = 'ERROR';
    tags[Z.TAG_ERROR] = s.statusMessage || 'true';
    if (s.statusMessage) tags[Z.TAG_STATUS_DESCRIPTION] = s.statusMessage;
  } else if (s.statusCode === StatusCode.OK) {
    tags[Z.TAG_STATUS_CODE] = 'OK';
  }
  const start = micros(s.startTimeUnixNano);
  const z: Z.ZipkinSpan = {
    traceId: bytesToHex(s.traceId),
    id: bytesToHex(s.spanId),
    name: s.name,
    timestamp: start,
    // Zipkin's minimum duration is 1µs.
    duration: Math.max(1, micros(s.endTimeUnixNano) - start),
    localEndpoint: local,
    tags,
  };
  if (s.parentSpanId.length > 0) z.parentId = bytesToHex(s.parentSpanId);
  const kind = KIND[s.kind];
  if (kind) z.kind = kind;
  if (Object.keys(remote).length > 0) z.remoteEndpoint = remote;
  if (s.events.length > 0) z.annotations = s.events.map((e) => ({ timestamp: micros(e.timeUnixNano), value: e.name }));
  return z;
}

export function encodeZipkinJson(spans: readonly Span[], defaultServiceName: string): string {
  return JSON.stringify(spans.map((s) => toZipkinSpan(s, defaultServiceName)));
}

function ipBytes(ip: string | undefined): Uint8Array | undefined {
  if (!ip) return undefined;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return new Uint8Array(ip.split('.').map(Number));
  return undefined;
}

export function encodeZipkinProto(spans: readonly Span[], defaultServiceName: string): Uint8Array {
  const type = zipkinListOfSpans();
  const endpoint = (e: Z.ZipkinEndpoint | undefined): Record<string, unknown> | undefined =>
    e ? { serviceName: e.serviceName ?? '', ipv4: ipBytes(e.ipv4), port: e.port ?? 0 } : undefined;
  const kinds = { CLIENT: 1, SERVER: 2, PRODUCER: 3, CONSUMER: 4 } as const;
  return type
    .encode(
      type.fromObject({
        spans: spans.map((s) => {
          const z = toZipkinSpan(s, defaultServiceName);
          return {
            traceId: Buffer.from(z.traceId, 'hex'),
            id: Buffer.from(z.id, 'hex'),
            ...(z.parentId ? { parentId: Buffer.from(z.parentId, 'hex') } : {}),
            kind: z.kind ? kinds[z.kind] : 0,
            name: z.name,
            timestamp: z.timestamp,
            duration: z.duration,
            localEndpoint: endpoint(z.localEndpoint),
            remoteEndpoint: endpoint(z.remoteEndpoint),
            annotations: z.annotations ?? [],
            tags: z.tags ?? {},
          };
        }),
      }),
    )
    .finish();
}
