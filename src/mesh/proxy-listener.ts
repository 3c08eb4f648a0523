/**
 * One proxy listener (the edge, a sidecar's inbound or egress side): resolve where a
 * request goes, continue or start its trace, forward it, record its span and metrics.
 * What differs between the three is only the Resolver and the span kind.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { InstrumentationScope, Resource } from '../model/index.js';
import { SpanKind } from '../model/index.js';
import type { BatchSpanExporter } from './export/batch-span-exporter.js';
import { encodeLogRecord, type EncodedLogRecord } from './export/log-proto-writer.js';
import { encodeSpan, type EncodedSpan } from './export/span-proto-writer.js';
import { failureLog } from './failure-log.js';
import type { ListenerSide, PodMetrics } from './pod-metrics.js';
import { addForwardedHeaders, addVia, originalClientAddress } from './forwarded.js';
import { forward, sendProxyError } from './forward.js';
import { endToEndHeaders } from './hop-by-hop.js';
import { beginHop, injectHop, type Hop, type HopTracer } from './hop-context.js';
import { httpSpan, isErrorStatus, type HttpExchange } from './http-span.js';
import type { MeshMetrics } from './mesh-metrics.js';
import { nowUnixNano } from './clock.js';
import { pathOnly } from './request-target.js';
import type { UpstreamPool } from './upstream-pool.js';
import { LabelLimiter, routeTemplate } from './route-template.js';

/** Where one request goes, as its listener decides. */
export type Resolution =
  | {
      readonly ok: true;
      /** The endpoint connected to: a host name or an IP address (IPv6 without brackets). */
      readonly serverAddress: string;
      readonly serverPort: number;
      readonly path: string;
      /** Host for the next hop; absent keeps the client's. */
      readonly host?: string;
      /** Upstream label for metrics and peer.service. */
      readonly upstream: string;
      /** A configured route (edge prefixes), set as http.route. */
      readonly route?: string;
    }
  | { readonly ok: false; readonly status: number; readonly errorType: string; readonly message: string; readonly route?: string };

export type Resolver = (req: IncomingMessage) => Resolution;

export interface ProxyListenerOptions {
  /** `edge`, `inbound`, `egress`: the metrics' listener label. */
  readonly name: string;
  readonly kind: typeof SpanKind.SERVER | typeof SpanKind.CLIENT;
  readonly resolve: Resolver;
  /** Connections to this listener's upstreams, with their connect and body timeouts. */
  readonly pool: UpstreamPool;
  /** Request sent -> response headers, ms; beyond it 504. */
  readonly headersTimeoutMs: number;
  readonly tracer: HopTracer;
  readonly exporter: BatchSpanExporter<EncodedSpan>;
  readonly metrics: MeshMetrics;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  /** Append X-Forwarded-For and friends (server-side listeners). */
  readonly addForwarded: boolean;
  /** Server-side header read timeout, ms (slowloris protection). */
  readonly requestHeadersTimeoutMs?: number;
  /** A log record per failed request goes here; absent: logs are off. */
  readonly logs?: BatchSpanExporter<EncodedLogRecord>;
  /** The proxy's own metrics: request durations and the bytes of this listener's connections. */
  readonly pod: PodMetrics;
  /** Which way this listener faces, for the pod's network figures. */
  readonly side: ListenerSide;
}

const MAX_ROUTE_LABELS = 200;

/** Stands for a span or log record that a full queue refuses, so the refusal is counted where all drops are. */
const DROPPED = { bytes: new Uint8Array(0) } as EncodedSpan;

function hostPortOf(hostHeader: string | undefined, fallbackPort: number | undefined): { address?: string; port?: number } {
  if (hostHeader === undefined || hostHeader === '') return {};
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(hostHeader);
  if (m === null) return {};
  const address = (m[1] ?? '').replace(/^\[|\]$/g, '');
  const port = m[2] !== undefined ? Number(m[2]) : fallbackPort;
  return { address, ...(port !== undefined ? { port } : {}) };
}

export function createProxyListener(opts: ProxyListenerOptions): http.Server {
  const routeLabels = new LabelLimiter(MAX_ROUTE_LABELS);
  const upstreamLabels = new LabelLimiter(MAX_ROUTE_LABELS);
  const isServer = opts.kind === SpanKind.SERVER;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t0 = performance.now();
    const startNs = nowUnixNano();
    // Read now: once the exchange is over, Node detaches the socket from the request.
    const { remoteAddress, remotePort, localPort } = req.socket;
    const method = req.method ?? 'GET';
    const hop: Hop = beginHop(req.headers, opts.tracer);
    const target = opts.resolve(req);
    const path = target.ok ? target.path : (req.url ?? '/');
    const urlPath = pathOnly(path.startsWith('/') ? path : '/');
    const template = routeTemplate(urlPath);
    const route = target.route;
    const upstream = target.ok ? target.upstream : '';

    let sent: Awaited<ReturnType<typeof forward>>;
    if (!target.ok) {
      sendProxyError(res, target.status, target.errorType, target.message);
      // A 404 for an unknown route is the client's mistake, not a failure of this server.
      const failed = isErrorStatus(opts.kind, target.status);
      sent = { statusCode: target.status, ...(failed ? { errorType: target.errorType, statusMessage: target.message } : {}), requestBodySize: 0, responseBodySize: 0 };
      req.resume();
    } else {
      const headers = endToEndHeaders(req.headers);
      if (opts.addForwarded) addForwardedHeaders(headers, remoteAddress, req.headers.host);
      else addVia(headers);
      headers['host'] = target.host ?? req.headers.host ?? `${target.serverAddress}:${target.serverPort}`;
      injectHop(hop, headers, opts.tracer.propagator);
      sent = await forward(req, res, {
        pool: opts.pool,
        host: target.serverAddress,
        port: target.serverPort,
        path: target.path,
        method,
        headers,
        upstreamLabel: target.upstream,
        headersTimeoutMs: opts.headersTimeoutMs,
      });
      const upstreamLabel = upstreamLabels.label(upstream);
      if (sent.headersAt !== undefined) {
        opts.metrics.upstreamDuration.observe({ listener: opts.name, upstream: upstreamLabel }, (sent.headersAt - t0) / 1000);
      } else if (sent.errorType !== undefined && sent.errorType !== 'client_aborted') {
        opts.metrics.upstreamErrors.inc({ listener: opts.name, upstream: upstreamLabel, error_type: sent.errorType });
      }
    }

    const routeLabel = routeLabels.label(route ?? template);
    const seconds = (performance.now() - t0) / 1000;
    opts.metrics.requests.inc({ listener: opts.name, route: routeLabel, upstream: upstreamLabels.label(upstream), code: String(sent.statusCode) });
    opts.metrics.requestDuration.observe({ listener: opts.name, route: routeLabel }, seconds);
    const failedStatus = sent.statusCode > 0 && isErrorStatus(opts.kind, sent.statusCode);
    const errorType = sent.errorType ?? (failedStatus ? String(sent.statusCode) : undefined);
    opts.pod.recordRequest(isServer, seconds, sent.statusCode, errorType);

    // A failure is logged whether or not its trace is sampled: the log is the cheap,
    // always-on record, and it still names the trace a sampled-out caller may hold.
    const logs = errorType !== undefined ? opts.logs : undefined;
    if (logs === undefined && !hop.sampled) return;
    // A full queue drops the record anyway: do not build it (add() still counts the drop).
    const wantLog = logs?.accepting === true;
    if (logs !== undefined && !wantLog) logs.add(DROPPED);
    const wantSpan = hop.sampled && opts.exporter.accepting;
    if (hop.sampled && !wantSpan) opts.exporter.add(DROPPED);
    if (!wantLog && !wantSpan) return;
    // server.* is the logical host (the Host a client named); network.peer.* the socket's other end.
    const server = isServer ? hostPortOf(req.headers.host, localPort) : target.ok ? hostPortOf(target.host ?? `${target.serverAddress}:${target.serverPort}`, 80) : {};
    const endNs = nowUnixNano();
    const exchange: HttpExchange = {
      kind: opts.kind,
      hop,
      startTimeUnixNano: startNs,
      endTimeUnixNano: endNs,
      method,
      urlPath,
      template,
      ...(route !== undefined ? { route } : {}),
      ...(!isServer && target.ok ? { urlFull: `http://${target.host ?? `${target.serverAddress}:${target.serverPort}`}${target.path}` } : {}),
      ...(server.address !== undefined ? { serverAddress: server.address } : {}),
      ...(server.port !== undefined ? { serverPort: server.port } : {}),
      ...(isServer
        ? {
            clientAddress: originalClientAddress(req.headers['x-forwarded-for'], remoteAddress),
            peerAddress: remoteAddress,
            peerPort: remotePort,
          }
        : target.ok
          ? { peerAddress: target.serverAddress, peerPort: target.serverPort, peerService: target.upstream }
          : {}),
      ...(req.headers['user-agent'] !== undefined ? { userAgent: req.headers['user-agent'] } : {}),
      // Upstream calls are always HTTP/1.1; the client's side is whatever it spoke.
      protocolVersion: isServer ? req.httpVersion : '1.1',
      statusCode: sent.statusCode,
      ...(sent.errorType !== undefined ? { errorType: sent.errorType } : {}),
      ...(sent.statusMessage !== undefined ? { statusMessage: sent.statusMessage } : {}),
      requestBodySize: sent.requestBodySize,
      responseBodySize: sent.responseBodySize,
    };
    const record = wantLog ? failureLog(exchange, opts.name, endNs) : undefined;
    if (record !== undefined) logs?.add(encodeLogRecord(record, opts.resource, opts.scope));
    if (wantSpan) opts.exporter.add(encodeSpan(httpSpan(exchange, opts.resource, opts.scope)));
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug, not an upstream failure: say so where an operator looks.
      opts.metrics.internalErrors.inc({ listener: opts.name });
      sendProxyError(res, 500, 'proxy_error', `proxy error: ${(err as Error)?.message ?? String(err)}`);
    });
  });
  // A proxy behind another proxy keeps connections longer than its clients' pools do.
  server.keepAliveTimeout = 65_000;
  if (opts.requestHeadersTimeoutMs !== undefined) server.headersTimeout = opts.requestHeadersTimeoutMs;
  // Tunnels (CONNECT) and protocol switches (WebSocket) are not proxied: refuse them clearly.
  const refuse = (_req: IncomingMessage, socket: Socket): void => {
    socket.end('HTTP/1.1 501 Not Implemented\r\ncontent-type: text/plain\r\nconnection: close\r\ncontent-length: 37\r\n\r\nCONNECT and Upgrade are not proxied.\n');
  };
  opts.pod.observeServer(server, opts.side);
  server.on('connect', refuse);
  server.on('upgrade', refuse);
  server.on('clientError', (_err, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  return server;
}
