/**
 * The `otlp` receiver: OTLP/gRPC (TraceService/Export) and OTLP/HTTP (POST /v1/traces,
 * protobuf or JSON), as the Collector's otlpreceiver. A protocol is enabled by naming
 * it under `protocols` (`grpc:` alone takes every default).
 */
import type * as grpc from '@grpc/grpc-js';
import type http from 'node:http';
import { closeHttp, createHttpServer, listen } from '../../../app/listen.js';
import type { Component, CreateSettings, ReceiverFactory } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import type { Endpoint } from '../../config/endpoint.js';
import type { TracesConsumer } from '../../consumer.js';
import { bindGrpc, createOtlpGrpcServer } from './grpc-receiver.js';
import { createOtlpHttpHandler } from './http-receiver.js';
import { TraceIntake } from './trace-intake.js';
import { SignalIntake } from './signal-intake.js';

export interface OtlpReceiverConfig {
  /** protocols.grpc; undefined when the protocol is not enabled. */
  readonly grpc?: {
    /** Default localhost:4317. */
    readonly endpoint: Endpoint;
    /** Largest message, MiB; default 4 (gRPC's own default). */
    readonly maxRecvMsgSizeMiB: number;
  };
  /** protocols.http; undefined when not enabled. */
  readonly http?: {
    /** Default localhost:4318. */
    readonly endpoint: Endpoint;
    /** Largest body, bytes; default 20 MiB (confighttp's default). */
    readonly maxRequestBodySize: number;
    /** Default /v1/traces. */
    readonly tracesUrlPath: string;
    /** Default /v1/logs. */
    readonly logsUrlPath: string;
    /** Default /v1/metrics. */
    readonly metricsUrlPath: string;
  };
}

// Options of confighttp/configgrpc that tune Go's servers and have no equivalent here.
const GRPC_TUNING = ['max_concurrent_streams', 'read_buffer_size', 'write_buffer_size', 'keepalive', 'include_metadata', 'transport'];
const HTTP_TUNING = ['include_metadata', 'read_timeout', 'read_header_timeout', 'write_timeout', 'idle_timeout', 'compression_algorithms'];

function parseConfig(node: ConfigNode): OtlpReceiverConfig {
  const protocols = node.section('protocols');
  let grpcCfg: OtlpReceiverConfig['grpc'];
  let httpCfg: OtlpReceiverConfig['http'];
  if (protocols.has('grpc')) {
    const g = protocols.section('grpc');
    g.accept(...GRPC_TUNING);
    g.unsupported('tls', 'terminate TLS in front of Ariadne');
    g.unsupported('auth', 'authenticators are not implemented');
    grpcCfg = { endpoint: g.endpoint('endpoint', 'localhost:4317'), maxRecvMsgSizeMiB: g.number('max_recv_msg_size_mib', 4, { min: 0, exclusiveMin: true }) };
  }
  if (protocols.has('http')) {
    const h = protocols.section('http');
    h.accept(...HTTP_TUNING);
    h.unsupported('tls', 'terminate TLS in front of Ariadne');
    h.unsupported('auth', 'authenticators are not implemented');
    h.unsupported('cors', 'CORS is not implemented');
    h.unsupported('response_headers', 'custom response headers are not implemented');
    const tracesUrlPath = h.string('traces_url_path', '/v1/traces');
    if (!tracesUrlPath.startsWith('/')) h.fail('traces_url_path', "must start with '/'");
    // Logs and metrics are served where the host has a sink for them (the all-in-one); else 404.
    const logsUrlPath = h.string('logs_url_path', '/v1/logs');
    if (!logsUrlPath.startsWith('/')) h.fail('logs_url_path', "must start with '/'");
    const metricsUrlPath = h.string('metrics_url_path', '/v1/metrics');
    if (!metricsUrlPath.startsWith('/')) h.fail('metrics_url_path', "must start with '/'");
    httpCfg = {
      endpoint: h.endpoint('endpoint', 'localhost:4318'),
      maxRequestBodySize: h.int('max_request_body_size', 20 * 1024 * 1024, 1),
      tracesUrlPath,
      logsUrlPath,
      metricsUrlPath,
    };
  }
  if (!grpcCfg && !httpCfg) node.fail('protocols', 'must enable at least one protocol (grpc or http) when using the otlp receiver');
  return { ...(grpcCfg ? { grpc: grpcCfg } : {}), ...(httpCfg ? { http: httpCfg } : {}) };
}

function hostPortText(e: Endpoint): string {
  return e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}

/** Listener name for the CLI line: `otlp-grpc` for the default id, `otlp/2-grpc` otherwise. */
export function listenerName(idText: string, protocol: string): string {
  return `${idText}-${protocol}`;
}

class OtlpReceiver implements Component {
  private grpcServer: grpc.Server | undefined;
  private httpServer: http.Server | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: OtlpReceiverConfig,
    private readonly next: TracesConsumer,
  ) {}

  async start(): Promise<void> {
    const intake = new TraceIntake(this.next, this.set.host.spanLimits, this.set.host.metrics, this.set.idText, (spans) => this.set.host.insight.observe(spans));
    // Logs and metrics reach the host's signal sink (the all-in-one's store); without one their paths are not served.
    const sink = this.set.host.signalSink;
    const signals = sink ? new SignalIntake(sink, this.set.host.metrics, this.set.idText, this.set.host.spanLimits) : undefined;
    const { grpc: g, http: h } = this.config;
    if (g) {
      this.grpcServer = createOtlpGrpcServer(intake, { maxRecvMsgSize: Math.round(g.maxRecvMsgSizeMiB * 1024 * 1024), ...(signals ? { signals } : {}) });
      const port = await bindGrpc(this.grpcServer, hostPortText(g.endpoint));
      this.set.host.announce(listenerName(this.set.idText, 'grpc'), { host: g.endpoint.host, port });
    }
    if (h) {
      this.httpServer = createHttpServer([createOtlpHttpHandler(intake, {
          maxRequestBodySize: h.maxRequestBodySize,
          tracesPath: h.tracesUrlPath,
          logsPath: h.logsUrlPath,
          metricsPath: h.metricsUrlPath,
          ...(signals ? { signals } : {}),
        })]);
      const addr = await listen(this.httpServer, h.endpoint);
      this.set.host.announce(listenerName(this.set.idText, 'http'), addr);
    }
  }

  /** Stops accepting and lets requests in flight finish (their spans reach the pipeline). */
  shutdown(): Promise<void> {
    this.stopping ??= Promise.all([
      this.grpcServer
        ? new Promise<void>((resolve) => {
            const server = this.grpcServer!;
            const force = setTimeout(() => server.forceShutdown(), 3000);
            force.unref();
            server.tryShutdown(() => {
              clearTimeout(force);
              resolve();
            });
          })
        : Promise.resolve(),
      this.httpServer ? closeHttp(this.httpServer) : Promise.resolve(),
    ]).then(() => undefined);
    return this.stopping;
  }
}

export const otlpReceiverFactory: ReceiverFactory<OtlpReceiverConfig> = {
  kind: 'receiver',
  type: 'otlp',
  parseConfig,
  createTraces: (set, config, next) => new OtlpReceiver(set, config, next),
};
