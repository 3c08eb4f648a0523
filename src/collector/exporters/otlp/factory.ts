/**
 * The `otlp` exporter: OTLP/gRPC TraceService/Export to any OTLP backend, behind a
 * bounded sending_queue with retry_on_failure (the Collector's otlpexporter).
 */
import * as grpc from '@grpc/grpc-js';
import type { Span } from '../../../model/index.js';
import { encodeTraceRequestProto } from '../../../otlp/encode-proto.js';
import { otlpType, TRACE_RESPONSE } from '../../../otlp/proto-root.js';
import type { CreateSettings, ExporterFactory, TracesComponent } from '../../component.js';
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

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
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

  /** One Export call; rejects with a retryable or permanent ExportError. */
  export(spans: readonly Span[], signal: AbortSignal, log: (m: string) => void): Promise<void> {
    const body = Buffer.from(encodeTraceRequestProto(spans));
    return new Promise((resolve, reject) => {
      const call = this.client.makeUnaryRequest<Buffer, Buffer>(EXPORT_PATH, identity, identity, body, this.metadata, {}, (err, response) => {
        signal.removeEventListener('abort', onAbort);
        if (err) {
          const msg = `${this.address}: ${grpc.status[err.code] ?? err.code} ${err.details}`;
          reject(RETRYABLE.has(err.code) ? retryable(msg, undefined, err) : permanent(msg, err));
          return;
        }
        if (response && response.length > 0) {
          const r = otlpType(TRACE_RESPONSE).decode(response) as unknown as { partialSuccess?: { rejectedSpans?: unknown; errorMessage?: string } };
          const rejected = Number(r.partialSuccess?.rejectedSpans ?? 0);
          if (rejected > 0) log(`${this.address} rejected ${rejected} spans: ${r.partialSuccess?.errorMessage ?? ''}`);
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

class OtlpExporter implements TracesComponent {
  private readonly client: OtlpGrpcClient;
  private readonly sender: QueuedRetrySender<readonly Span[]>;

  constructor(set: CreateSettings, config: OtlpGrpcClientConfig) {
    this.client = new OtlpGrpcClient(config);
    this.sender = new QueuedRetrySender<readonly Span[]>({
      exporter: set.idText,
      itemName: 'spans',
      queue: config.sendingQueue,
      retry: config.retryOnFailure,
      timeoutMs: config.timeoutMs,
      host: set.host,
      count: (s) => s.length,
      send: (spans, signal) => this.client.export(spans, signal, (m) => set.host.log(`exporter ${set.idText}: ${m}`)),
    });
  }

  async start(): Promise<void> {}

  consumeTraces(spans: readonly Span[]): Promise<void> {
    return this.sender.consume(spans);
  }

  private stopping: Promise<void> | undefined;

  shutdown(): Promise<void> {
    this.stopping ??= this.sender.shutdown().then(() => this.client.close());
    return this.stopping;
  }
}

export const otlpExporterFactory: ExporterFactory<OtlpGrpcClientConfig> = {
  kind: 'exporter',
  type: 'otlp',
  parseConfig: (node) => parseOtlpGrpcClient(node),
  createTraces: (set, config) => new OtlpExporter(set, config),
};
