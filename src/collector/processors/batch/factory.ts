/** The `batch` processor (traces and metrics), as the Collector's batchprocessor. */
import type { Span } from '../../../model/index.js';
import type { CreateSettings, MetricsComponent, ProcessorFactory, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import type { TracesConsumer } from '../../consumer.js';
import type { Metric, MetricsConsumer } from '../../metrics-data.js';
import { Batcher, type BatchConfig } from './batcher.js';

function parseConfig(node: ConfigNode): BatchConfig {
  const cfg: BatchConfig = {
    sendBatchSize: node.int('send_batch_size', 8192, 0),
    sendBatchMaxSize: node.int('send_batch_max_size', 0, 0),
    timeoutMs: node.duration('timeout', 200),
  };
  // Batching per client metadata needs request metadata, which Ariadne's receivers do not keep.
  const keys = node.stringList('metadata_keys');
  if (keys.length > 0) node.fail('metadata_keys', 'is not supported by Ariadne: receivers keep no client metadata');
  node.accept('metadata_cardinality_limit');
  if (cfg.sendBatchMaxSize > 0 && cfg.sendBatchMaxSize < cfg.sendBatchSize) {
    node.fail('send_batch_max_size', 'must be greater or equal to send_batch_size');
  }
  return cfg;
}

class BatchProcessor<T> {
  protected readonly batcher: Batcher<T>;
  constructor(set: CreateSettings, config: BatchConfig, send: (batch: T[]) => Promise<void>, itemName: string) {
    this.batcher = new Batcher<T>(set.idText, config, set.host, send, itemName);
  }
  async start(): Promise<void> {}
  shutdown(): Promise<void> {
    return this.batcher.shutdown();
  }
}

class TracesBatchProcessor extends BatchProcessor<Span> implements TracesComponent {
  constructor(set: CreateSettings, config: BatchConfig, next: TracesConsumer) {
    super(set, config, (b) => next.consumeTraces(b), 'spans');
  }
  consumeTraces(spans: readonly Span[]): Promise<void> {
    return this.batcher.consume(spans);
  }
}

class MetricsBatchProcessor extends BatchProcessor<Metric> implements MetricsComponent {
  constructor(set: CreateSettings, config: BatchConfig, next: MetricsConsumer) {
    super(set, config, (b) => next.consumeMetrics(b), 'metrics');
  }
  consumeMetrics(metrics: readonly Metric[]): Promise<void> {
    return this.batcher.consume(metrics);
  }
}

export const batchProcessorFactory: ProcessorFactory<BatchConfig> = {
  kind: 'processor',
  type: 'batch',
  parseConfig,
  createTraces: (set, config, next) => new TracesBatchProcessor(set, config, next),
  createMetrics: (set, config, next) => new MetricsBatchProcessor(set, config, next),
};
