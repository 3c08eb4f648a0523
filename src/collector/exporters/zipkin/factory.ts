/**
 * The `zipkin` exporter: Zipkin v2 JSON (or protobuf) POSTed to any Zipkin server's
 * /api/v2/spans, behind a bounded sending_queue with retry_on_failure.
 */
import type { Agent } from 'undici';
import type { Span } from '../../../model/index.js';
import type { CreateSettings, ExporterFactory, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import { encodeZipkinJson, encodeZipkinProto } from '../../zipkin/to-zipkin.js';
import { checkUrl } from '../otlphttp/factory.js';
import { HTTP_CLIENT_TUNING, parseCompression, parseTls, type Compression, type TlsClientConfig } from '../helper/client-settings.js';
import { createAgent, postExport } from '../helper/http-send.js';
import { QueuedRetrySender } from '../helper/queued-sender.js';
import { parseRetry, parseSendingQueue, parseTimeout, type RetryConfig, type SendingQueueConfig } from '../helper/settings.js';

export interface ZipkinExporterConfig {
  /** The full URL, e.g. http://zipkin:9411/api/v2/spans. Required. */
  readonly endpoint: string;
  /** `json` (default) or `proto`. */
  readonly format: 'json' | 'proto';
  /** localEndpoint.serviceName for spans without service.name; default `<missing service name>`. */
  readonly defaultServiceName: string;
  /** Default none (Zipkin servers accept gzip too). */
  readonly compression: Compression;
  readonly headers: Record<string, string>;
  readonly tls: TlsClientConfig;
  /** Per attempt; default 5s. */
  readonly timeoutMs: number;
  readonly sendingQueue: SendingQueueConfig;
  readonly retryOnFailure: RetryConfig;
}

function parseConfig(node: ConfigNode): ZipkinExporterConfig {
  node.accept(...HTTP_CLIENT_TUNING);
  node.unsupported('auth', 'authenticators are not implemented; use headers');
  const endpoint = checkUrl(node, 'endpoint', node.requiredString('endpoint'), 'http://localhost:9411/api/v2/spans');
  return {
    endpoint,
    format: node.enumOf('format', ['json', 'proto'] as const, 'json'),
    defaultServiceName: node.string('default_service_name', '<missing service name>'),
    compression: parseCompression(node, 'none'),
    headers: node.stringMap('headers'),
    tls: parseTls(node),
    timeoutMs: parseTimeout(node, 5000),
    sendingQueue: parseSendingQueue(node),
    retryOnFailure: parseRetry(node),
  };
}

class ZipkinExporter implements TracesComponent {
  private readonly agent: Agent;
  private readonly sender: QueuedRetrySender<readonly Span[]>;
  private stopping: Promise<void> | undefined;

  constructor(set: CreateSettings, config: ZipkinExporterConfig) {
    this.agent = createAgent(config.tls);
    this.sender = new QueuedRetrySender<readonly Span[]>({
      exporter: set.idText,
      itemName: 'spans',
      queue: config.sendingQueue,
      retry: config.retryOnFailure,
      timeoutMs: config.timeoutMs,
      host: set.host,
      count: (s) => s.length,
      send: async (spans, signal) => {
        const proto = config.format === 'proto';
        await postExport({
          url: config.endpoint,
          body: proto ? encodeZipkinProto(spans, config.defaultServiceName) : encodeZipkinJson(spans, config.defaultServiceName),
          contentType: proto ? 'application/x-protobuf' : 'application/json',
          compression: config.compression,
          headers: config.headers,
          agent: this.agent,
          signal,
        });
      },
    });
  }

  async start(): Promise<void> {}

  consumeTraces(spans: readonly Span[]): Promise<void> {
    return this.sender.consume(spans);
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.sender.shutdown().then(() => this.agent.close());
    return this.stopping;
  }
}

export const zipkinExporterFactory: ExporterFactory<ZipkinExporterConfig> = {
  kind: 'exporter',
  type: 'zipkin',
  parseConfig,
  createTraces: (set, config) => new ZipkinExporter(set, config),
};
