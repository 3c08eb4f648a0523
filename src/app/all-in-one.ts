/**
 * The all-in-one role: a collector pipeline (by default OTLP receivers -> validation ->
 * the `ariadne` exporter's bounded ingest queue -> DuckDB store; a start config with a
 * `service` section replaces it) and the query API over the same store. The pipeline is
 * built by the same graph and components as `ariadne collector`.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { StartConfig } from '../config/start-config.js';
import type { HostPort } from '../config/host-port.js';
import { openDuckDbStore } from '../store/duckdb/index.js';
import type { Store } from '../store/index.js';
import { AriadneMetrics } from '../telemetry/metrics.js';
import { CollectorService } from '../collector/service.js';
import { startPipelineConfig } from '../collector/start-pipeline.js';
import { ConfigError } from '../config/errors.js';
import { createQueryRouter } from '../query/index.js';
import { closeHttp, createHttpServer, listen } from './listen.js';
import { createHealthHandler } from './health.js';
import { startRetention } from './retention.js';

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

export async function startAllInOne(config: StartConfig, log: (m: string) => void = () => {}): Promise<RunningAllInOne> {
  const metrics = new AriadneMetrics();
  mkdirSync(config.dataDir, { recursive: true });
  const store = await openDuckDbStore({
    path: path.join(config.dataDir, 'ariadne.duckdb'),
    memoryLimit: `${config.storageMemoryLimitMib}MB`,
    checkpointThreshold: `${config.storageCheckpointThresholdMib}MB`,
  });
  let ready = false;
  const service = new CollectorService(startPipelineConfig(config), {
    metrics,
    log,
    spanLimits: config.spanLimits,
    telemetryListener: false,
    // Every ariadne exporter writes to the all-in-one's store.
    openStore: async (dir) => {
      if (dir === undefined || path.resolve(dir) === path.resolve(config.dataDir)) return store;
      throw new ConfigError('exporters.ariadne.data_dir', `under 'ariadne start' the store is storage.data_dir (${config.dataDir}); remove data_dir`);
    },
  });
  const queryHttp = createHttpServer([
    createHealthHandler(metrics, () => ready),
    ...service.httpHandlers(),
    createQueryRouter({ store, maxTraceLimit: config.queryMaxLimit }),
  ]);

  let serviceStarted = false;
  let queryStarted = false;
  try {
    await service.start();
    serviceStarted = true;
    const queryAddr = await listen(queryHttp, config.http);
    queryStarted = true;
    const stopRetention = startRetention(store, config.retentionDays, metrics, log);
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
