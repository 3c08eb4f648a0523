/**
 * The `otlp` receiver: OTLP/gRPC (TraceService, LogsService, MetricsService) and
 * OTLP/HTTP (POST /v1/traces, /v1/logs, /v1/metrics; protobuf or JSON), as the
 * Collector's otlpreceiver. A protocol is enabled by naming it under `protocols`
 * (`grpc:` alone takes every default).
 *
 * One instance per configured id serves every signal, as the Collector's
 * sharedcomponent does: the graph asks for it once per signal (createTraces,
 * createLogs, createMetrics) and gets the same receiver, which binds its ports once.
 * A signal no pipeline takes from it answers 404 (HTTP) / UNIMPLEMENTED (gRPC).
 */
import type * as grpc from '@grpc/grpc-js';
import type http from 'node:http';
import { closeHttp, createHttpServer, listen } from '../../../app/listen.js';
import type { Component, CreateSettings, Host, ReceiverFactory } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import type { Endpoint } from '../../config/endpoint.js';
import type { LogsConsumer, MetricsConsumer, TracesConsumer } from '../../consumer.js';
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
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  traces: TracesConsumer | undefined;
  logs: LogsConsumer | undefined;
  metrics: MetricsConsumer | undefined;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: OtlpReceiverConfig,
  ) {}

  /** Idempotent: the graph starts the shared instance once per signal. */
  start(): Promise<void> {
    this.starting ??= this.listen();
    return this.starting;
  }

  private async listen(): Promise<void> {
    const host = this.set.host;
    const traces = this.traces ? new TraceIntake(this.traces, host.spanLimits, host.metrics, this.set.idText, (spans) => host.insight.observe(spans)) : undefined;
    const consumers = { ...(this.logs ? { logs: this.logs } : {}), ...(this.metrics ? { metrics: this.metrics } : {}) };
    const signals = new SignalIntake(consumers, host.metrics, this.set.idText, host.spanLimits);
    const { grpc: g, http: h } = this.config;
    if (g) {
      this.grpcServer = createOtlpGrpcServer(traces, { maxRecvMsgSize: Math.round(g.maxRecvMsgSizeMiB * 1024 * 1024), signals, receiver: this.set.idText });
      const port = await bindGrpc(this.grpcServer, hostPortText(g.endpoint));
      host.announce(listenerName(this.set.idText, 'grpc'), { host: g.endpoint.host, port });
    }
    if (h) {
      this.httpServer = createHttpServer([createOtlpHttpHandler(traces, {
          maxRequestBodySize: h.maxRequestBodySize,
          tracesPath: h.tracesUrlPath,
          logsPath: h.logsUrlPath,
          metricsPath: h.metricsUrlPath,
          signals,
          receiver: this.set.idText,
        })]);
      const addr = await listen(this.httpServer, h.endpoint);
      host.announce(listenerName(this.set.idText, 'http'), addr);
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

// One receiver per (running service, parsed config of one id): the Collector's
// sharedcomponent map, keyed on the config as there.
const shared = new WeakMap<Host, WeakMap<OtlpReceiverConfig, OtlpReceiver>>();

function sharedReceiver(set: CreateSettings, config: OtlpReceiverConfig): OtlpReceiver {
  let byConfig = shared.get(set.host);
  if (!byConfig) shared.set(set.host, (byConfig = new WeakMap()));
  let r = byConfig.get(config);
  if (!r) byConfig.set(config, (r = new OtlpReceiver(set, config)));
  return r;
}

export const otlpReceiverFactory: ReceiverFactory<OtlpReceiverConfig> = {
  kind: 'receiver',
  type: 'otlp',
  parseConfig,
  createTraces: (set, config, next) => {
    const r = sharedReceiver(set, config);
    r.traces = next;
    return r;
  },
  createLogs: (set, config, next) => {
    const r = sharedReceiver(set, config);
    r.logs = next;
    return r;
  },
  createMetrics: (set, config, next) => {
    const r = sharedReceiver(set, config);
    r.metrics = next;
    return r;
  },
};
