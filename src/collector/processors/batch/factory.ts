/** The `batch` processor (traces, logs and metrics), as the Collector's batchprocessor. */
import { signalComponent, type CreateSettings, type ProcessorFactory, type SignalComponents } from '../../component.js';
import type { Signal } from '../../component-id.js';
import type { ConfigNode } from '../../config/config-node.js';
import { consumeFn, ITEM_NAMES, type SignalConsumers, type SignalItems } from '../../consumer.js';
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

/** One batcher per pipeline, whatever the signal. */
function createBatch<S extends Signal>(signal: S) {
  return (set: CreateSettings, config: BatchConfig, next: SignalConsumers[S]): SignalComponents[S] => {
    const batcher = new Batcher<SignalItems[S]>(set.idText, config, set.host, consumeFn(signal, next) as (b: SignalItems[S][]) => Promise<void>, ITEM_NAMES[signal]);
    return signalComponent(signal, { start: async () => {}, shutdown: () => batcher.shutdown() }, (items) => batcher.consume(items));
  };
}

export const batchProcessorFactory: ProcessorFactory<BatchConfig> = {
  kind: 'processor',
  type: 'batch',
  parseConfig,
  createTraces: createBatch('traces'),
  createLogs: createBatch('logs'),
  createMetrics: createBatch('metrics'),
};
