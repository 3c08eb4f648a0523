/** Zipkin v2 span, the JSON shape of POST /api/v2/spans (https://zipkin.io/zipkin-api/). */
export interface ZipkinEndpoint {
  serviceName?: string;
  ipv4?: string;
  ipv6?: string;
  port?: number;
}

export interface ZipkinAnnotation {
  /** Epoch microseconds. */
  timestamp: number;
  value: string;
}

export interface ZipkinSpan {
  /** 16 or 32 lower-hex characters. */
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  kind?: 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';
  /** Epoch microseconds. */
  timestamp?: number;
  /** Microseconds. */
  duration?: number;
  debug?: boolean;
  shared?: boolean;
  localEndpoint?: ZipkinEndpoint;
  remoteEndpoint?: ZipkinEndpoint;
  annotations?: ZipkinAnnotation[];
  tags?: Record<string, string>;
}

/** Tags with a meaning in OTLP, as the Collector's Zipkin translator names them. */
export const TAG_STATUS_CODE = 'otel.status_code';
export const TAG_STATUS_DESCRIPTION = 'otel.status_description';
export const TAG_ERROR = 'error';
export const TAG_SCOPE_NAME = 'otel.scope.name';
export const TAG_SCOPE_VERSION = 'otel.scope.version';
export const TAG_LIBRARY_NAME = 'otel.library.name';
export const TAG_LIBRARY_VERSION = 'otel.library.version';
export const TAG_TRACE_STATE = 'w3c.tracestate';
export const ATTR_PEER_SERVICE = 'peer.service';
export const ATTR_NET_PEER_IP = 'net.peer.ip';
export const ATTR_NET_PEER_PORT = 'net.peer.port';
export const ATTR_NET_HOST_IP = 'net.host.ip';
export const ATTR_NET_HOST_PORT = 'net.host.port';
