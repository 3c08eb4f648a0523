/**
 * The `otlphttp` exporter: OTLP/HTTP (protobuf or JSON) POSTs to `<endpoint>/v1/traces`,
 * `/v1/logs` and `/v1/metrics` (or `traces_endpoint`, `logs_endpoint`,
 * `metrics_endpoint`), behind a bounded sending_queue with retry_on_failure; one
 * instance per signal, each with its own queue, as the Collector's otlphttpexporter.
 */
import type { LogRecord, MetricPoint, Span } from '../../../model/index.js';
import { spansToOtlpJson } from '../../../otlp/encode-json.js';
import { encodeTraceRequestProto } from '../../../otlp/encode-proto.js';
import { encodeLogsRequestJson, encodeLogsRequestProto } from '../../../otlp/encode-logs-proto.js';
import { encodeMetricsRequestJson, encodeMetricsRequestProto } from '../../../otlp/encode-metrics-proto.js';
import { signalComponent, type CreateSettings, type ExporterFactory, type SignalComponents } from '../../component.js';
import type { Signal } from '../../component-id.js';
import { ITEM_NAMES, type SignalItems } from '../../consumer.js';
import { ConfigError } from '../../../config/errors.js';
import type { ConfigNode } from '../../config/config-node.js';
import { HTTP_CLIENT_TUNING, parseCompression, parseTls, type Compression, type TlsClientConfig } from '../helper/client-settings.js';
import { createAgent, postExport } from '../helper/http-send.js';
import { QueuedRetrySender } from '../helper/queued-sender.js';
import { parseRetry, parseSendingQueue, parseTimeout, type RetryConfig, type SendingQueueConfig } from '../helper/settings.js';

export interface OtlpHttpExporterConfig {
  /** The full traces URL: traces_endpoint, or endpoint + /v1/traces. */
  readonly tracesUrl: string;
  /** logs_endpoint, or endpoint + /v1/logs; undefined when neither is set (no logs pipeline may use it). */
  readonly logsUrl?: string;
  /** metrics_endpoint, or endpoint + /v1/metrics; undefined when neither is set. */
  readonly metricsUrl?: string;
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
  const endpoint = node.string('endpoint', '');
  const tracesEndpoint = node.string('traces_endpoint', '');
  const logsEndpoint = node.string('logs_endpoint', '');
  const metricsEndpoint = node.string('metrics_endpoint', '');
  if (endpoint === '' && tracesEndpoint === '' && logsEndpoint === '' && metricsEndpoint === '') {
    node.fail('endpoint', 'is required (or set traces_endpoint, logs_endpoint, metrics_endpoint)');
  }
  const base = endpoint === '' ? '' : checkUrl(node, 'endpoint', endpoint, 'http://localhost:4318').replace(/\/+$/, '');
  // A signal's own URL wins; else the endpoint plus the signal's path (the Collector's rule).
  const urlOf = (key: string, own: string, path: string): string | undefined =>
    own !== '' ? checkUrl(node, key, own, `http://localhost:4318${path}`) : base !== '' ? `${base}${path}` : undefined;
  const logsUrl = urlOf('logs_endpoint', logsEndpoint, '/v1/logs');
  const metricsUrl = urlOf('metrics_endpoint', metricsEndpoint, '/v1/metrics');
  return {
    // Validated when used: a traces pipeline with neither endpoint nor traces_endpoint fails at start.
    tracesUrl: urlOf('traces_endpoint', tracesEndpoint, '/v1/traces') ?? '',
    ...(logsUrl !== undefined ? { logsUrl } : {}),
    ...(metricsUrl !== undefined ? { metricsUrl } : {}),
    encoding: node.enumOf('encoding', ['proto', 'json'] as const, 'proto'),
    compression: parseCompression(node, 'gzip'),
    headers: node.stringMap('headers'),
    tls: parseTls(node),
    timeoutMs: parseTimeout(node, 30_000),
    sendingQueue: parseSendingQueue(node),
    retryOnFailure: parseRetry(node),
  };
}

/** Per signal: the URL, and the body in either encoding. */
const BODIES: { readonly [S in Signal]: { url: (c: OtlpHttpExporterConfig) => string | undefined; key: string; proto: (items: readonly SignalItems[S][]) => Uint8Array; json: (items: readonly SignalItems[S][]) => string } } = {
  traces: { url: (c) => c.tracesUrl || undefined, key: 'traces_endpoint', proto: encodeTraceRequestProto, json: (s: readonly Span[]) => JSON.stringify(spansToOtlpJson(s)) },
  logs: { url: (c) => c.logsUrl, key: 'logs_endpoint', proto: encodeLogsRequestProto, json: (r: readonly LogRecord[]) => encodeLogsRequestJson(r) },
  metrics: { url: (c) => c.metricsUrl, key: 'metrics_endpoint', proto: encodeMetricsRequestProto, json: (p: readonly MetricPoint[]) => encodeMetricsRequestJson(p) },
};

function createOtlpHttp<S extends Signal>(kind: S) {
  return (set: CreateSettings, config: OtlpHttpExporterConfig): SignalComponents[S] => {
    const body = BODIES[kind] as unknown as (typeof BODIES)['traces'];
    const url = body.url(config);
    if (url === undefined) {
      throw new ConfigError(`exporters.${set.idText}`, `is used in a ${kind} pipeline but has no URL for ${kind}: set endpoint or ${body.key}`);
    }
    const agent = createAgent(config.tls);
    const sender = new QueuedRetrySender<readonly SignalItems[S][]>({
      exporter: set.idText,
      itemName: ITEM_NAMES[kind],
      queue: config.sendingQueue,
      retry: config.retryOnFailure,
      timeoutMs: config.timeoutMs,
      host: set.host,
      count: (items) => items.length,
      send: async (items, signal) => {
        const json = config.encoding === 'json';
        await postExport({
          url,
          body: json ? body.json(items as readonly Span[]) : body.proto(items as readonly Span[]),
          contentType: json ? 'application/json' : 'application/x-protobuf',
          compression: config.compression,
          headers: config.headers,
          agent,
          signal,
        });
      },
    });
    let stopping: Promise<void> | undefined;
    const lifecycle = {
      start: async () => {},
      shutdown: () => (stopping ??= sender.shutdown().then(() => agent.close())),
    };
    return signalComponent(kind, lifecycle, (items) => sender.consume(items));
  };
}

export const otlphttpExporterFactory: ExporterFactory<OtlpHttpExporterConfig> = {
  kind: 'exporter',
  type: 'otlphttp',
  parseConfig,
  createTraces: createOtlpHttp('traces'),
  createLogs: createOtlpHttp('logs'),
  createMetrics: createOtlpHttp('metrics'),
};
