/**
 * The all-in-one role: a collector pipeline (by default OTLP receivers -> validation ->
 * the `ariadne` exporter's bounded queues -> the store, for traces, logs and metrics; a
 * start config with a `service` section replaces it) and the query API over the same store. The pipeline is
 * built by the same graph and components as `ariadne collector`.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { StartConfig } from '../config/start-config.js';
import type { HostPort } from '../config/host-port.js';
import { openDuckDbStore } from '../store/duckdb/index.js';
import { isLogStore, isMetricStore, type Store } from '../store/index.js';
import { createSignalsApiHandler } from '../query/signals/index.js';
import { AriadneMetrics } from '../telemetry/metrics.js';
import { CollectorService } from '../collector/service.js';
import { startPipelineConfig } from '../collector/start-pipeline.js';
import { ConfigError } from '../config/errors.js';
import { createQueryRouter } from '../query/index.js';
import { createNativeApiHandler } from '../query/native/index.js';
import { closeHttp, createHttpServer, listen } from './listen.js';
import { createHealthHandler } from './health.js';
import { startRetention } from './retention.js';
import { createUiHandler } from './ui-static.js';

export interface Listener {
  readonly name: string;
  readonly address: HostPort;
}

export interface RunningAllInOne {
  readonly listeners: readonly Listener[];
  readonly store: Store;
  readonly metrics: AriadneMetrics;
  /** Stop accepting, flush what was accepted, close the store. Idempotent. */
  stop(): Promise<void>;
}

/** DuckDB under the data directory, or the ClickHouse store of storage.url (migrated on open). */
async function openStartStore(config: StartConfig): Promise<Store> {
  if (config.storageUrl !== undefined) {
    const { openClickHouseStore } = await import('../store/clickhouse/index.js');
    return openClickHouseStore({
      url: config.storageUrl,
      ...(config.clickhouseCluster !== undefined ? { cluster: config.clickhouseCluster } : {}),
      retentionDays: config.retentionDays,
    });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return openDuckDbStore({
    path: path.join(config.dataDir, 'ariadne.duckdb'),
    memoryLimit: `${config.storageMemoryLimitMib}MB`,
    checkpointThreshold: `${config.storageCheckpointThresholdMib}MB`,
  });
}

export async function startAllInOne(config: StartConfig, log: (m: string) => void = () => {}): Promise<RunningAllInOne> {
  const metrics = new AriadneMetrics();
  const store = await openStartStore(config);
  let ready = false;
  // The default pipeline carries logs and metrics when the store keeps them (DuckDB and ClickHouse do).
  const keeps = { logs: isLogStore(store), metrics: isMetricStore(store) };
  const service = new CollectorService(startPipelineConfig({ ...config, storeKeeps: keeps }), {
    metrics,
    log,
    spanLimits: config.spanLimits,
    telemetryListener: false,
    // Every ariadne exporter writes to the all-in-one's store.
    openStore: async ({ dataDir, storage }) => {
      if (storage !== undefined) {
        throw new ConfigError('exporters.ariadne.storage', "under 'ariadne start' the store is the start config's storage section (storage.url or storage.data_dir); remove storage from the ariadne exporter");
      }
      if (dataDir === undefined || path.resolve(dataDir) === path.resolve(config.dataDir)) return store;
      throw new ConfigError('exporters.ariadne.data_dir', `under 'ariadne start' the store is storage.data_dir (${config.dataDir}); remove data_dir`);
    },
  });
  const queryHttp = createHttpServer([
    createHealthHandler(metrics, () => ready),
    ...service.httpHandlers(),
    // Before the Jaeger router, which answers every other /api/... path.
    createSignalsApiHandler({ store }),
    createNativeApiHandler({ store, maxTraceLimit: config.queryMaxLimit }),
    createQueryRouter({ store, maxTraceLimit: config.queryMaxLimit }),
    // Last: the web UI's files and its client-side routes (/search, /trace/{id}, /services).
    createUiHandler(),
  ]);

  let serviceStarted = false;
  let queryStarted = false;
  try {
    await service.start();
    serviceStarted = true;
    const queryAddr = await listen(queryHttp, config.http);
    queryStarted = true;
    // On ClickHouse, retention is the tables' TTL (set from retention_days when migrating).
    const stopRetention = config.storageUrl === undefined ? startRetention(store, config.retentionDays, metrics, log) : () => {};
    ready = true;

    let stopping: Promise<void> | undefined;
    return {
      listeners: [...service.listeners, { name: 'http', address: queryAddr }],
      store,
      metrics,
      stop() {
        stopping ??= (async () => {
          ready = false;
          stopRetention();
          // Receivers stop taking requests but finish the ones in flight, whose spans
          // the ariadne exporter's queue then writes before the store closes.
          await service.shutdown();
          await closeHttp(queryHttp);
          await store.close();
        })();
        return stopping;
      },
    };
  } catch (err) {
    if (serviceStarted) await service.shutdown().catch(() => {});
    if (queryStarted) await closeHttp(queryHttp).catch(() => {});
    await store.close();
    throw err;
  }
}
