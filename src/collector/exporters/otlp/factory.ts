/**
 * The `otlp` exporter: OTLP/gRPC TraceService, LogsService and MetricsService Export to
 * any OTLP backend, behind a bounded sending_queue with retry_on_failure (the
 * Collector's otlpexporter). One instance per signal, each with its own queue.
 */
import * as grpc from '@grpc/grpc-js';
import type { Span } from '../../../model/index.js';
import { encodeTraceRequestProto } from '../../../otlp/encode-proto.js';
import { encodeLogsRequestProto } from '../../../otlp/encode-logs-proto.js';
import { encodeMetricsRequestProto } from '../../../otlp/encode-metrics-proto.js';
import { LOGS_RESPONSE, METRICS_RESPONSE, otlpType, TRACE_RESPONSE } from '../../../otlp/proto-root.js';
import { signalComponent, type CreateSettings, type ExporterFactory, type SignalComponents } from '../../component.js';
import type { Signal } from '../../component-id.js';
import { ITEM_NAMES, type SignalItems } from '../../consumer.js';
import type { ConfigNode } from '../../config/config-node.js';
import { GRPC_CLIENT_TUNING, parseCompression, parseTls, type Compression, type TlsClientConfig } from '../helper/client-settings.js';
import { permanent, retryable } from '../helper/export-errors.js';
import { QueuedRetrySender } from '../helper/queued-sender.js';
import { parseRetry, parseSendingQueue, parseTimeout, type RetryConfig, type SendingQueueConfig } from '../helper/settings.js';

export interface OtlpGrpcClientConfig {
  /** host:port (a http:// or https:// prefix is allowed; http:// implies tls.insecure). Required. */
  readonly endpoint: string;
  readonly tls: TlsClientConfig;
  /** Default gzip. */
  readonly compression: Compression;
  readonly headers: Record<string, string>;
  /** Per attempt; default 5s. */
  readonly timeoutMs: number;
  readonly sendingQueue: SendingQueueConfig;
  readonly retryOnFailure: RetryConfig;
}

/** The body of an otlp exporter config; `endpointRequired: false` for loadbalancing's protocol.otlp. */
export function parseOtlpGrpcClient(node: ConfigNode, endpointRequired = true): OtlpGrpcClientConfig {
  node.accept(...GRPC_CLIENT_TUNING);
  node.unsupported('auth', 'authenticators are not implemented; use headers');
  const endpoint = endpointRequired ? node.requiredString('endpoint') : node.string('endpoint', '');
  return {
    endpoint,
    tls: parseTls(node),
    compression: parseCompression(node, 'gzip'),
    headers: node.stringMap('headers'),
    timeoutMs: parseTimeout(node, 5000),
    sendingQueue: parseSendingQueue(node),
    retryOnFailure: parseRetry(node),
  };
}

// https://opentelemetry.io/docs/specs/otlp/#failures: these codes are retryable.
const RETRYABLE = new Set([
  grpc.status.CANCELLED,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.RESOURCE_EXHAUSTED,
  grpc.status.ABORTED,
  grpc.status.OUT_OF_RANGE,
  grpc.status.UNAVAILABLE,
  grpc.status.DATA_LOSS,
]);

/** Per signal: the gRPC method, its request encoder, and the partial-success field of its response. */
const SERVICES: { readonly [S in Signal]: { path: string; response: string; rejected: string; encode: (items: readonly SignalItems[S][]) => Uint8Array } } = {
  traces: { path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export', response: TRACE_RESPONSE, rejected: 'rejectedSpans', encode: encodeTraceRequestProto },
  logs: { path: '/opentelemetry.proto.collector.logs.v1.LogsService/Export', response: LOGS_RESPONSE, rejected: 'rejectedLogRecords', encode: encodeLogsRequestProto },
  metrics: { path: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export', response: METRICS_RESPONSE, rejected: 'rejectedDataPoints', encode: encodeMetricsRequestProto },
};

const identity = (b: Buffer): Buffer => b;

function target(endpoint: string, tls: TlsClientConfig): { address: string; insecure: boolean } {
  if (endpoint.startsWith('http://')) return { address: endpoint.slice(7).replace(/\/$/, ''), insecure: true };
  if (endpoint.startsWith('https://')) return { address: endpoint.slice(8).replace(/\/$/, ''), insecure: false };
  return { address: endpoint, insecure: tls.insecure };
}

/** One gRPC connection to one OTLP endpoint; used by the otlp and loadbalancing exporters. */
export class OtlpGrpcClient {
  private readonly client: grpc.Client;
  private readonly metadata = new grpc.Metadata();
  readonly address: string;

  constructor(config: OtlpGrpcClientConfig, endpoint = config.endpoint) {
    const t = target(endpoint, config.tls);
    this.address = t.address;
    const creds = t.insecure
      ? grpc.credentials.createInsecure()
      : grpc.credentials.createSsl(config.tls.ca ?? null, config.tls.key ?? null, config.tls.cert ?? null, config.tls.insecureSkipVerify ? { checkServerIdentity: () => undefined } : {});
    const options: grpc.ChannelOptions = { 'grpc.max_send_message_length': 64 * 1024 * 1024 };
    if (config.compression === 'gzip') options['grpc.default_compression_algorithm'] = 2;
    if (config.tls.serverNameOverride) options['grpc.ssl_target_name_override'] = config.tls.serverNameOverride;
    this.client = new grpc.Client(t.address, creds, options);
    for (const [k, v] of Object.entries(config.headers)) this.metadata.set(k, v);
  }

  /** One TraceService Export call; rejects with a retryable or permanent ExportError. */
  export(spans: readonly Span[], signal: AbortSignal, log: (m: string) => void): Promise<void> {
    return this.exportSignal('traces', spans, signal, log);
  }

  /** One Export call of the signal's service; rejects with a retryable or permanent ExportError. */
  exportSignal<S extends Signal>(kind: S, items: readonly SignalItems[S][], signal: AbortSignal, log: (m: string) => void): Promise<void> {
    const service = SERVICES[kind] as unknown as (typeof SERVICES)['traces'];
    const body = Buffer.from(service.encode(items as readonly Span[]));
    return new Promise((resolve, reject) => {
      const call = this.client.makeUnaryRequest<Buffer, Buffer>(service.path, identity, identity, body, this.metadata, {}, (err, response) => {
        signal.removeEventListener('abort', onAbort);
        if (err) {
          const msg = `${this.address}: ${grpc.status[err.code] ?? err.code} ${err.details}`;
          reject(RETRYABLE.has(err.code) ? retryable(msg, undefined, err) : permanent(msg, err));
          return;
        }
        if (response && response.length > 0) {
          const r = otlpType(service.response).decode(response) as unknown as { partialSuccess?: Record<string, unknown> & { errorMessage?: string } };
          const rejected = Number(r.partialSuccess?.[service.rejected] ?? 0);
          if (rejected > 0) log(`${this.address} rejected ${rejected} ${ITEM_NAMES[kind].replace('_', ' ')}: ${r.partialSuccess?.errorMessage ?? ''}`);
        }
        resolve();
      });
      const onAbort = (): void => call.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  close(): void {
    this.client.close();
  }
}

/** One signal's exporter: its own connection and sending queue, as the Collector's otlpexporter. */
function createOtlp<S extends Signal>(kind: S) {
  return (set: CreateSettings, config: OtlpGrpcClientConfig): SignalComponents[S] => {
    const client = new OtlpGrpcClient(config);
    const sender = new QueuedRetrySender<readonly SignalItems[S][]>({
      exporter: set.idText,
      itemName: ITEM_NAMES[kind],
      queue: config.sendingQueue,
      retry: config.retryOnFailure,
      timeoutMs: config.timeoutMs,
      host: set.host,
      count: (items) => items.length,
      send: (items, signal) => client.exportSignal(kind, items, signal, (m) => set.host.log(`exporter ${set.idText}: ${m}`)),
    });
    let stopping: Promise<void> | undefined;
    const lifecycle = {
      start: async () => {},
      shutdown: () => (stopping ??= sender.shutdown().then(() => client.close())),
    };
    return signalComponent(kind, lifecycle, (items) => sender.consume(items));
  };
}

export const otlpExporterFactory: ExporterFactory<OtlpGrpcClientConfig> = {
  kind: 'exporter',
  type: 'otlp',
  parseConfig: (node) => parseOtlpGrpcClient(node),
  createTraces: createOtlp('traces'),
  createLogs: createOtlp('logs'),
  createMetrics: createOtlp('metrics'),
};
