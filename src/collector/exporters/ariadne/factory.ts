/**
 * The `ariadne` exporter: spans, log records and metric points into Ariadne's own store.
 * Spans go through the bounded ingest queue (group commit); logs and points through a
 * bounded writer per signal (StoreSignalSink). Every consume resolves only once the
 * items are durable, so a receiver acknowledges nothing that could still be lost; a full
 * queue refuses with a retryable error (HTTP 503 + Retry-After, gRPC UNAVAILABLE) and
 * counts the refusal.
 *
 * The store is DuckDB under `data_dir`, or ClickHouse when `storage` is a ClickHouse URL.
 */
import { DEFAULT_INGEST_QUEUE, IngestQueue, type IngestQueueOptions } from '../../../ingest/ingest-queue.js';
import { StoreSignalSink } from '../../../ingest/store-signal-sink.js';
import type { LogRecord, MetricPoint, Span } from '../../../model/index.js';
import type { Store } from '../../../store/index.js';
import { isLogStore } from '../../../store/log-store.js';
import { isMetricStore } from '../../../store/metric-store.js';
import { isClickHouseStorageUrl } from '../../../store/clickhouse/storage-url.js';
import { ConfigError } from '../../../config/errors.js';
import type { CreateSettings, ExporterFactory, LogsComponent, MetricsComponent, StoreLocation, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import { ITEM_NAMES } from '../../consumer.js';
import { ComponentStoppedError } from '../../errors.js';

export interface AriadneExporterConfig extends IngestQueueOptions, StoreLocation {
  /**
   * data_dir: the DuckDB store's directory. Unset (and no storage): the all-in-one's own
   * store under `ariadne start`, or ./data under `ariadne collector`.
   */
  readonly dataDir?: string;
  /**
   * storage: a ClickHouse URL (clickhouse://USER:PASSWORD@HOST:8123/DB, http(s)://...,
   * chdb:PATH) instead of DuckDB; the schema is migrated on start. Never printed.
   */
  readonly storage?: string;
  /** clickhouse_cluster: Replicated + Distributed tables on this cluster; unset: plain tables. */
  readonly clickhouseCluster?: string;
  // queueSize (queue_size) bounds each signal: spans in the ingest queue, and log records
  // or metric points waiting for their write.
}

export function parseAriadneExporterConfig(node: ConfigNode, dflt: IngestQueueOptions = DEFAULT_INGEST_QUEUE): AriadneExporterConfig {
  const dataDir = node.string('data_dir', '');
  const storage = node.string('storage', '');
  const cluster = node.string('clickhouse_cluster', '');
  if (dataDir !== '' && storage !== '') node.fail('storage', 'cannot be set together with data_dir: data_dir is a DuckDB store, storage a ClickHouse one; keep one');
  // The value may hold a password: it is never part of a message.
  if (storage !== '' && !isClickHouseStorageUrl(storage)) {
    node.fail('storage', 'must be a ClickHouse URL: clickhouse://USER:PASSWORD@HOST:8123/DB, http(s)://USER:PASSWORD@HOST:PORT/DB or chdb:PATH (use data_dir for DuckDB)');
  }
  if (cluster !== '' && storage === '') node.fail('clickhouse_cluster', 'needs storage (a ClickHouse URL)');
  return {
    ...(dataDir ? { dataDir } : {}),
    ...(storage ? { storage } : {}),
    ...(cluster ? { clickhouseCluster: cluster } : {}),
    queueSize: node.int('queue_size', dflt.queueSize, 1),
    maxBatchSpans: node.int('max_batch_size', dflt.maxBatchSpans, 1),
    retryAfterSeconds: node.int('retry_after_seconds', dflt.retryAfterSeconds, 1, 3600),
  };
}

function locationOf(c: AriadneExporterConfig): StoreLocation {
  return {
    ...(c.dataDir !== undefined ? { dataDir: c.dataDir } : {}),
    ...(c.storage !== undefined ? { storage: c.storage } : {}),
    ...(c.clickhouseCluster !== undefined ? { clickhouseCluster: c.clickhouseCluster } : {}),
  };
}

class AriadneTracesExporter implements TracesComponent {
  private queue: IngestQueue | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: AriadneExporterConfig,
  ) {}

  async start(): Promise<void> {
    const store = await this.set.host.openStore(locationOf(this.config));
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

type StoreSignal = 'logs' | 'metrics';

/** The store's durable write for the signal's items; undefined when this store does not keep the signal. */
type WriterOf<T> = (store: Store) => ((items: readonly T[]) => Promise<void>) | undefined;

const writeLogs: WriterOf<LogRecord> = (store) => (isLogStore(store) ? (items) => store.writeLogs(items) : undefined);
const writeMetricPoints: WriterOf<MetricPoint> = (store) => (isMetricStore(store) ? (items) => store.writeMetricPoints(items) : undefined);

/** Logs or metric points: one bounded writer, written once for both signals. */
class AriadneSignalExporter<T> {
  private sink: StoreSignalSink<T> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: AriadneExporterConfig,
    private readonly signal: StoreSignal,
    private readonly writerOf: WriterOf<T>,
  ) {}

  async start(): Promise<void> {
    const location = locationOf(this.config);
    const store = await this.set.host.openStore(location);
    const write = this.writerOf(store);
    if (!write) {
      const kind = location.storage !== undefined ? 'ClickHouse' : 'this';
      throw new ConfigError(
        `exporters.${this.set.idText}`,
        `the ${kind} store does not keep ${this.signal} yet; remove exporter ${this.set.idText} from the ${this.signal} pipelines or use a store that keeps ${this.signal} (DuckDB, data_dir)`,
      );
    }
    const item = ITEM_NAMES[this.signal];
    const t = this.set.host.telemetry;
    // The Collector's exporter metric names, as the otlp exporters' sending queue.
    const sent = t.counter(`otelcol_exporter_sent_${item}_total`, `Number of ${item} successfully sent to destination`, ['exporter']);
    const enqueueFailed = t.counter(`otelcol_exporter_enqueue_failed_${item}_total`, `Number of ${item} failed to be added to the sending queue (dropped)`, ['exporter']);
    const sendFailed = t.counter(`otelcol_exporter_send_failed_${item}_total`, `Number of ${item} in failed attempts to send to destination (dropped)`, ['exporter']);
    const labels = { exporter: this.set.idText };
    this.sink = new StoreSignalSink<T>(
      async (items) => {
        await write(items);
        sent.inc(labels, items.length);
      },
      {
        maxInFlight: this.config.queueSize,
        retryAfterSeconds: this.config.retryAfterSeconds,
        dropped: (n, reason) => (reason === 'store_error' ? sendFailed : enqueueFailed).inc(labels, n),
      },
    );
  }

  consume(items: readonly T[]): Promise<void> {
    if (!this.sink) return Promise.reject(new ComponentStoppedError(`exporter ${this.set.idText}`));
    return this.sink.consume(items);
  }

  /** Refuses new items and waits until every accepted one is written. */
  shutdown(): Promise<void> {
    this.stopping ??= this.sink ? this.sink.drain() : Promise.resolve();
    return this.stopping;
  }
}

class AriadneLogsExporter extends AriadneSignalExporter<LogRecord> implements LogsComponent {
  constructor(set: CreateSettings, config: AriadneExporterConfig) {
    super(set, config, 'logs', writeLogs);
  }
  consumeLogs(records: readonly LogRecord[]): Promise<void> {
    return this.consume(records);
  }
}

class AriadneMetricsExporter extends AriadneSignalExporter<MetricPoint> implements MetricsComponent {
  constructor(set: CreateSettings, config: AriadneExporterConfig) {
    super(set, config, 'metrics', writeMetricPoints);
  }
  consumeMetrics(points: readonly MetricPoint[]): Promise<void> {
    return this.consume(points);
  }
}

export const ariadneExporterFactory: ExporterFactory<AriadneExporterConfig> = {
  kind: 'exporter',
  type: 'ariadne',
  parseConfig: (node) => parseAriadneExporterConfig(node),
  createTraces: (set, config) => new AriadneTracesExporter(set, config),
  createLogs: (set, config) => new AriadneLogsExporter(set, config),
  createMetrics: (set, config) => new AriadneMetricsExporter(set, config),
};
