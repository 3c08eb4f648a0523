/**
 * The `otlphttp` exporter: OTLP/HTTP (protobuf or JSON) POSTs to `<endpoint>/v1/traces`
 * or `traces_endpoint`, behind a bounded sending_queue with retry_on_failure.
 */
import type { Agent } from 'undici';
import type { Span } from '../../../model/index.js';
import { spansToOtlpJson } from '../../../otlp/encode-json.js';
import { encodeTraceRequestProto } from '../../../otlp/encode-proto.js';
import type { CreateSettings, ExporterFactory, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import { HTTP_CLIENT_TUNING, parseCompression, parseTls, type Compression, type TlsClientConfig } from '../helper/client-settings.js';
import { createAgent, postExport } from '../helper/http-send.js';
import { QueuedRetrySender } from '../helper/queued-sender.js';
import { parseRetry, parseSendingQueue, parseTimeout, type RetryConfig, type SendingQueueConfig } from '../helper/settings.js';

export interface OtlpHttpExporterConfig {
  /** The full traces URL: traces_endpoint, or endpoint + /v1/traces. */
  readonly tracesUrl: string;
  /** `proto` (default) or `json`. */
  readonly encoding: 'proto' | 'json';
  /** Default gzip. */
  readonly compression: Compression;
  readonly headers: Record<string, string>;
  readonly tls: TlsClientConfig;
  /** Per attempt; default 30s. */
  readonly timeoutMs: number;
  readonly sendingQueue: SendingQueueConfig;
  readonly retryOnFailure: RetryConfig;
}

export function checkUrl(node: ConfigNode, key: string, url: string, example: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    node.fail(key, `'${url}' is not a URL (for example ${example})`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') node.fail(key, `must be an http:// or https:// URL, got '${url}'`);
  return url;
}

function parseConfig(node: ConfigNode): OtlpHttpExporterConfig {
  node.accept(...HTTP_CLIENT_TUNING);
  node.unsupported('auth', 'authenticators are not implemented; use headers');
  node.unsupported('proxy_url', 'proxies are not implemented');
  // Logs and metrics go to their own URLs; Ariadne exports traces only.
  node.accept('logs_endpoint', 'metrics_endpoint');
  const endpoint = node.string('endpoint', '');
  const tracesEndpoint = node.string('traces_endpoint', '');
  if (endpoint === '' && tracesEndpoint === '') node.fail('endpoint', 'is required (or set traces_endpoint)');
  const tracesUrl = tracesEndpoint !== ''
    ? checkUrl(node, 'traces_endpoint', tracesEndpoint, 'http://localhost:4318/v1/traces')
    : `${checkUrl(node, 'endpoint', endpoint, 'http://localhost:4318').replace(/\/+$/, '')}/v1/traces`;
  return {
    tracesUrl,
    encoding: node.enumOf('encoding', ['proto', 'json'] as const, 'proto'),
    compression: parseCompression(node, 'gzip'),
    headers: node.stringMap('headers'),
    tls: parseTls(node),
    timeoutMs: parseTimeout(node, 30_000),
    sendingQueue: parseSendingQueue(node),
    retryOnFailure: parseRetry(node),
  };
}

class OtlpHttpExporter implements TracesComponent {
  private readonly agent: Agent;
  private readonly sender: QueuedRetrySender<readonly Span[]>;

  constructor(set: CreateSettings, private readonly config: OtlpHttpExporterConfig) {
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
        const json = config.encoding === 'json';
        await postExport({
          url: config.tracesUrl,
          body: json ? JSON.stringify(spansToOtlpJson(spans)) : encodeTraceRequestProto(spans),
          contentType: json ? 'application/json' : 'application/x-protobuf',
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

  private stopping: Promise<void> | undefined;

  shutdown(): Promise<void> {
    this.stopping ??= this.sender.shutdown().then(() => this.agent.close());
    return this.stopping;
  }
}

export const otlphttpExporterFactory: ExporterFactory<OtlpHttpExporterConfig> = {
  kind: 'exporter',
  type: 'otlphttp',
  parseConfig,
  createTraces: (set, config) => new OtlpHttpExporter(set, config),
};
