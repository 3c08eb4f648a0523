/**
 * A finished HTTP exchange as a model Span with the OpenTelemetry HTTP semantic
 * conventions (https://opentelemetry.io/docs/specs/semconv/http/http-spans/).
 */
import type { InstrumentationScope, KeyValue, Resource, Span } from '../model/index.js';
import { SpanKind, StatusCode } from '../model/index.js';
import type { Hop } from './hop-context.js';

/** "HTTP request method value SHOULD be known to the instrumentation"; others are `_OTHER`. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/** OTLP span flags: the low byte is the W3C trace-flags; bits 8 and 9 say whether the parent is remote. */
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

export interface HttpExchange {
  readonly kind: typeof SpanKind.SERVER | typeof SpanKind.CLIENT;
  readonly hop: Hop;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  readonly method: string;
  /** Path without the query. */
  readonly urlPath: string;
  /** Low-cardinality name of the path, for the span name. */
  readonly template: string;
  /** A configured route (the edge's prefix), set as http.route. */
  readonly route?: string;
  /** CLIENT: the full URL called. */
  readonly urlFull?: string;
  readonly serverAddress?: string;
  readonly serverPort?: number;
  /** SERVER: the original client (X-Forwarded-For or the peer). */
  readonly clientAddress?: string;
  readonly peerAddress?: string;
  readonly peerPort?: number;
  /** CLIENT: the logical name of the service called. */
  readonly peerService?: string;
  readonly userAgent?: string;
  /** `1.1`, `1.0`: the HTTP version of the exchange. */
  readonly protocolVersion?: string;
  /** 0 when no response was received or sent. */
  readonly statusCode: number;
  readonly errorType?: string;
  readonly statusMessage?: string;
  readonly requestBodySize?: number;
  readonly responseBodySize?: number;
}

function str(key: string, value: string): KeyValue {
  return { key, value: { type: 'string', value } };
}

function int(key: string, value: number): KeyValue {
  return { key, value: { type: 'int', value: BigInt(value) } };
}

/** Server spans fail on 5xx only (a 4xx is the client's mistake); client spans on 4xx and 5xx. */
export function isErrorStatus(kind: HttpExchange['kind'], statusCode: number): boolean {
  return kind === SpanKind.SERVER ? statusCode >= 500 : statusCode >= 400;
}

export function httpSpan(x: HttpExchange, resource: Resource, scope: InstrumentationScope): Span {
  const known = KNOWN_METHODS.has(x.method);
  const attributes: KeyValue[] = [str('http.request.method', known ? x.method : '_OTHER')];
  if (!known) attributes.push(str('http.request.method_original', x.method));
  if (x.route !== undefined) attributes.push(str('http.route', x.route));
  if (x.kind === SpanKind.SERVER) {
    attributes.push(str('url.path', x.urlPath), str('url.scheme', 'http'));
  } else if (x.urlFull !== undefined) {
    attributes.push(str('url.full', x.urlFull));
  }
  if (x.serverAddress !== undefined) attributes.push(str('server.address', x.serverAddress));
  if (x.serverPort !== undefined) attributes.push(int('server.port', x.serverPort));
  if (x.clientAddress !== undefined) attributes.push(str('client.address', x.clientAddress));
  if (x.peerAddress !== undefined) attributes.push(str('network.peer.address', x.peerAddress));
  if (x.peerPort !== undefined) attributes.push(int('network.peer.port', x.peerPort));
  if (x.peerService !== undefined) attributes.push(str('peer.service', x.peerService));
  attributes.push(str('network.protocol.version', x.protocolVersion ?? '1.1'));
  if (x.userAgent !== undefined) attributes.push(str('user_agent.original', x.userAgent));
  if (x.statusCode > 0) attributes.push(int('http.response.status_code', x.statusCode));
  if (x.requestBodySize !== undefined) attributes.push(int('http.request.body.size', x.requestBodySize));
  if (x.responseBodySize !== undefined) attributes.push(int('http.response.body.size', x.responseBodySize));

  const failedStatus = x.statusCode > 0 && isErrorStatus(x.kind, x.statusCode);
  const errorType = x.errorType ?? (failedStatus ? String(x.statusCode) : undefined);
  if (errorType !== undefined) attributes.push(str('error.type', errorType));

  const { hop } = x;
  const parentRemote = hop.parent !== null && hop.parent.isRemote;
  return {
    traceId: hop.context.traceId,
    spanId: hop.context.spanId,
    parentSpanId: hop.parent?.spanId ?? new Uint8Array(0),
    traceState: hop.context.traceState.serialize(),
    flags: (hop.context.traceFlags & 0xff) | HAS_IS_REMOTE | (parentRemote ? IS_REMOTE : 0),
    // The path template, not the route: an edge route is a prefix (`/api/*`) and would
    // name every request the same; the template keeps names useful and low-cardinality.
    name: `${known ? x.method : 'HTTP'} ${x.template}`,
    kind: x.kind,
    startTimeUnixNano: x.startTimeUnixNano,
    endTimeUnixNano: x.endTimeUnixNano,
    attributes,
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    // "Instrumentation MUST NOT set the span status to Ok" for HTTP unless told; Unset on success.
    statusCode: errorType !== undefined ? StatusCode.ERROR : StatusCode.UNSET,
    statusMessage: errorType !== undefined ? (x.statusMessage ?? '') : '',
    resource,
    scope,
  };
}

export const MESH_SCOPE_NAME = 'ariadne-mesh';

/**
 * The proxy's resource. `more` (OTEL_RESOURCE_ATTRIBUTES, then --resource-attributes, the
 * later winning) adds the pod and the like; the service name and instance given to the
 * proxy always win, and the telemetry.sdk.* attributes say who wrote the data.
 */
export function meshResource(serviceName: string, instanceId: string | undefined, version: string, more: readonly (readonly [string, string])[] = []): Resource {
  const byKey = new Map<string, string>(more);
  byKey.set('service.name', serviceName);
  if (instanceId !== undefined && instanceId !== '') byKey.set('service.instance.id', instanceId);
  byKey.set('telemetry.sdk.name', 'ariadne');
  byKey.set('telemetry.sdk.language', 'nodejs');
  byKey.set('telemetry.sdk.version', version);
  const first = ['service.name', 'service.instance.id'];
  const attributes: KeyValue[] = [];
  for (const k of first) {
    const v = byKey.get(k);
    if (v !== undefined) attributes.push(str(k, v));
  }
  for (const [k, v] of byKey) if (!first.includes(k)) attributes.push(str(k, v));
  return { attributes, droppedAttributesCount: 0, schemaUrl: '' };
}

export function meshScope(version: string): InstrumentationScope {
  return { name: MESH_SCOPE_NAME, version, attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
}
