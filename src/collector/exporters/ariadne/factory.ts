/**
 * The `ariadne` exporter: spans into Ariadne's own store through the bounded ingest
 * queue (group commit). consumeTraces resolves only once the spans are durable, so a
 * receiver acknowledges nothing that could still be lost; a full queue refuses with a
 * retryable error (HTTP 503 + Retry-After, gRPC UNAVAILABLE).
 */
import { DEFAULT_INGEST_QUEUE, IngestQueue, type IngestQueueOptions } from '../../../ingest/ingest-queue.js';
import type { Span } from '../../../model/index.js';
import type { CreateSettings, ExporterFactory, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import { ComponentStoppedError } from '../../errors.js';

export interface AriadneExporterConfig extends IngestQueueOptions {
  /**
   * The store's directory. Unset: the all-in-one's own store under `ariadne start`, or
   * ./data under `ariadne collector`.
   */
  readonly dataDir?: string;
}

export function parseAriadneExporterConfig(node: ConfigNode, dflt: IngestQueueOptions = DEFAULT_INGEST_QUEUE): AriadneExporterConfig {
  const dataDir = node.string('data_dir', '');
  return {
    ...(dataDir ? { dataDir } : {}),
    queueSize: node.int('queue_size', dflt.queueSize, 1),
    maxBatchSpans: node.int('max_batch_size', dflt.maxBatchSpans, 1),
    retryAfterSeconds: node.int('retry_after_seconds', dflt.retryAfterSeconds, 1, 3600),
  };
}

class AriadneExporter implements TracesComponent {
  private queue: IngestQueue | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: AriadneExporterConfig,
  ) {}

  async start(): Promise<void> {
    const store = await this.set.host.openStore(this.config.dataDir);
    this.queue = new IngestQueue(store, this.config, this.set.host.metrics);
  }

  consumeTraces(spans: readonly Span[]): Promise<void> {
    if (!this.queue) return Promise.reject(new ComponentStoppedError(`exporter ${this.set.idText}`));
    return this.queue.submit(spans);
  }

  /** Refuses new spans and waits until every accepted one is written. */
  shutdown(): Promise<void> {
    this.stopping ??= this.queue ? this.queue.drain() : Promise.resolve();
    return this.stopping;
  }
}

export const ariadneExporterFactory: ExporterFactory<AriadneExporterConfig> = {
  kind: 'exporter',
  type: 'ariadne',
  parseConfig: (node) => parseAriadneExporterConfig(node),
  createTraces: (set, config) => new AriadneExporter(set, config),
};
