/**
 * A running collector: the pipeline graph, the extensions, and the telemetry listener
 * (/metrics, /healthz, /readyz and the sampling API). `ariadne collector` runs one on
 * its own; `ariadne start` runs one inside the all-in-one with the store and the
 * metrics registry shared.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type http from 'node:http';
import type { HostPort } from '../config/host-port.js';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from '../ingest/span-limits.js';
import { openDuckDbStore } from '../store/duckdb/index.js';
import type { Store } from '../store/index.js';
import { AriadneMetrics } from '../telemetry/metrics.js';
import { closeHttp, createHttpServer, listen, type Handler } from '../app/listen.js';
import { createHealthHandler } from '../app/health.js';
import type { Component, Host, StoreLocation } from './component.js';
import type { CollectorConfig } from './config/collector-config.js';
import { PipelineGraph } from './graph/graph.js';
import { SamplingInsight } from './sampling-insight/sampling-insight.js';
import { createSamplingApiHandler } from './sampling-insight/http-api.js';
import { Telemetry } from './telemetry.js';

export interface Listener {
  readonly name: string;
  readonly address: HostPort;
}

export interface ServiceOptions {
  /** The process registry; a new one when absent. */
  readonly metrics?: AriadneMetrics;
  readonly log?: (message: string) => void;
  readonly spanLimits?: SpanLimits;
  /**
   * Store provider; default opens a ClickHouse store for `storage` (migrated on open),
   * else DuckDB under the data directory (./data when unset).
   */
  readonly openStore?: (location: StoreLocation) => Promise<Store>;
  /** Serve service.telemetry's /metrics listener (the collector does; the all-in-one has its own). */
  readonly telemetryListener?: boolean;
  readonly insight?: SamplingInsight;
}

export class CollectorService {
  readonly metrics: AriadneMetrics;
  readonly insight: SamplingInsight;
  readonly listeners: Listener[] = [];
  private readonly host: Host;
  private readonly pipelineComponents: Component[];
  private readonly extensions: Component[] = [];
  private readonly stores = new Map<string, Promise<Store>>();
  private telemetryServer: http.Server | undefined;
  private ready = false;
  private startedComponents: Component[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly config: CollectorConfig,
    private readonly options: ServiceOptions = {},
  ) {
    this.metrics = options.metrics ?? new AriadneMetrics();
    this.insight = options.insight ?? new SamplingInsight(this.metrics.registry);
    const log = options.log ?? ((m: string) => void process.stderr.write(`ariadne: ${m}\n`));
    const telemetry = new Telemetry(this.metrics.registry);
    this.host = {
      metrics: this.metrics,
      telemetry,
      log,
      spanLimits: options.spanLimits ?? DEFAULT_SPAN_LIMITS,
      insight: this.insight,
      openStore: (location) => this.openStore(location),
      announce: (name, address) => void this.listeners.push({ name, address }),
      isReady: () => this.ready,
    };
    const graph = new PipelineGraph(config);
    this.pipelineComponents = graph.build(this.host);
    for (const id of config.service.extensions) {
      const c = config.extensions.get(id)!;
      this.extensions.push(c.factory.create({ id: c.id, idText: id, host: this.host }, c.config));
    }
  }

  /** One store per location, shared by the exporters (every signal) that name it. */
  private openStore(location: StoreLocation): Promise<Store> {
    if (this.options.openStore) return this.options.openStore(location);
    const { storage, clickhouseCluster } = location;
    if (storage !== undefined) {
      const key = `clickhouse|${clickhouseCluster ?? ''}|${storage}`;
      let s = this.stores.get(key);
      if (!s) {
        s = openClickHouse(storage, clickhouseCluster);
        this.stores.set(key, s);
      }
      return s;
    }
    const dir = path.resolve(location.dataDir ?? './data');
    let s = this.stores.get(dir);
    if (!s) {
      mkdirSync(dir, { recursive: true });
      s = openDuckDbStore({ path: path.join(dir, 'ariadne.duckdb') });
      this.stores.set(dir, s);
    }
    return s;
  }

  /** /metrics, /healthz, /readyz and the sampling API, for whichever listener serves them. */
  httpHandlers(): Handler[] {
    return [createSamplingApiHandler(this.insight)];
  }

  /** Starts the telemetry listener, then extensions, then pipelines (exporters first). */
  async start(): Promise<void> {
    try {
      const t = this.config.service.telemetry;
      if (this.options.telemetryListener !== false && t.metricsLevel !== 'none') {
        this.telemetryServer = createHttpServer([createHealthHandler(this.metrics, () => this.ready), ...this.httpHandlers()]);
        const addr = await listen(this.telemetryServer, t.metricsAddress);
        this.host.announce('telemetry', addr);
      }
      for (const c of [...this.extensions, ...this.pipelineComponents]) {
        await c.start();
        this.startedComponents.push(c);
      }
      this.ready = true;
    } catch (err) {
      await this.shutdown().catch(() => {});
      throw err;
    }
  }

  /**
   * Receivers stop first and finish the requests in flight, then processors flush into
   * exporters, which drain their queues; then extensions, stores, and telemetry.
   * Idempotent.
   */
  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      this.ready = false;
      const errors: unknown[] = [];
      const pipeline = this.startedComponents.filter((c) => !this.extensions.includes(c)).reverse();
      for (const c of pipeline) await c.shutdown().catch((e: unknown) => errors.push(e));
      for (const c of this.startedComponents.filter((c) => this.extensions.includes(c)).reverse()) {
        await c.shutdown().catch((e: unknown) => errors.push(e));
      }
      this.insight.shutdown();
      for (const s of this.stores.values()) await s.then((store) => store.close(), () => undefined).catch((e: unknown) => errors.push(e));
      if (this.telemetryServer) await closeHttp(this.telemetryServer);
      if (errors.length > 0) throw errors[0];
    })();
    return this.stopping;
  }
}

/**
 * The ClickHouse store of an exporter's `storage` (loaded on demand: DuckDB-only users
 * never load the ClickHouse client). Migrated on open, as `ariadne start` does. The URL
 * may hold a password: an error keeps its message but never the password.
 */
async function openClickHouse(url: string, cluster: string | undefined): Promise<Store> {
  const { openClickHouseStore } = await import('../store/clickhouse/index.js');
  try {
    return await openClickHouseStore({ url, migrate: true, ...(cluster !== undefined ? { cluster } : {}) });
  } catch (err) {
    throw redacted(err, url);
  }
}

/** The error with the URL's password (and the URL itself) replaced by `***`. */
export function redacted(err: unknown, url: string): unknown {
  if (!(err instanceof Error)) return err;
  const secrets: string[] = [url];
  try {
    const u = new URL(url);
    if (u.password) secrets.push(u.password, decodeURIComponent(u.password));
  } catch {
    /* not a URL: only the whole text is a secret */
  }
  let message = err.message;
  for (const s of secrets.filter((x) => x.length > 0).sort((a, b) => b.length - a.length)) message = message.split(s).join('***');
  if (message === err.message) return err;
  // No `cause`: it would carry the original message to whoever prints the error.
  const e = new Error(message);
  e.name = err.name;
  return e;
}
