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
import type { Component, Host } from './component.js';
import type { SignalSink } from '../ingest/signal-sink.js';
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
  /** Store provider; default opens DuckDB under the data directory (./data when unset). */
  readonly openStore?: (dataDir: string | undefined) => Promise<Store>;
  /** Serve service.telemetry's /metrics listener (the collector does; the all-in-one has its own). */
  readonly telemetryListener?: boolean;
  readonly insight?: SamplingInsight;
  /** Where the otlp receiver sends logs and metrics (the all-in-one's store); none in `ariadne collector`. */
  readonly signalSink?: SignalSink;
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
      openStore: (dataDir) => this.openStore(dataDir),
      announce: (name, address) => void this.listeners.push({ name, address }),
      isReady: () => this.ready,
      ...(options.signalSink ? { signalSink: options.signalSink } : {}),
    };
    const graph = new PipelineGraph(config);
    this.pipelineComponents = graph.build(this.host);
    for (const id of config.service.extensions) {
      const c = config.extensions.get(id)!;
      this.extensions.push(c.factory.create({ id: c.id, idText: id, host: this.host }, c.config));
    }
  }

  private openStore(dataDir: string | undefined): Promise<Store> {
    if (this.options.openStore) return this.options.openStore(dataDir);
    const dir = path.resolve(dataDir ?? './data');
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
      for (const s of this.stores.values()) await s.then((store) => store.close()).catch((e: unknown) => errors.push(e));
      if (this.telemetryServer) await closeHttp(this.telemetryServer);
      if (errors.length > 0) throw errors[0];
    })();
    return this.stopping;
  }
}
