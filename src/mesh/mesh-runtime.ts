/**
 * What the edge and the sidecar share: the tracer (propagator + sampler), the span,
 * log and metric exporters, the proxy's own metrics, the upstream connection pools and
 * the admin listener, started and stopped together.
 */
import type http from 'node:http';
import type { HostPort } from '../config/host-port.js';
import { closeHttp, listen } from '../app/listen.js';
import type { InstrumentationScope, Resource } from '../model/index.js';
import { createPropagator } from '../propagation/index.js';
import { ConsistentProbabilitySampler } from '../sampling/index.js';
import { createAdminServer } from './admin.js';
import { signalEndpoint, type CommonMeshConfig } from './config/mesh-config.js';
import type { EncodedLogRecord } from './export/log-proto-writer.js';
import { encodeMetric, type EncodedMetric } from './export/metric-proto-writer.js';
import { BatchSpanExporter, type SpanExportObserver } from './export/batch-span-exporter.js';
import { createOtlpHttpSender, type OtlpHttpSender } from './export/otlp-http-sender.js';
import type { EncodedSpan } from './export/span-proto-writer.js';
import type { EncodedItem } from './export/proto-wire.js';
import type { HopTracer } from './hop-context.js';
import { meshResource, meshScope } from './http-span.js';
import { MeshMetrics } from './mesh-metrics.js';
import { nowUnixNano } from './clock.js';
import { PodMetrics } from './pod-metrics.js';
import { parseResourceAttributesEnv } from './resource-attributes.js';
import { UpstreamPool } from './upstream-pool.js';
import { packageVersion } from './version.js';

export interface Listener {
  readonly name: string;
  readonly address: HostPort;
}

export interface RunningProxy {
  readonly listeners: readonly Listener[];
  readonly metrics: MeshMetrics;
  /** Exports every queued span now. */
  flushSpans(): Promise<void>;
  /** Reads the proxy's metrics now and exports them and every queued log record. */
  flushTelemetry(): Promise<void>;
  /** Stops accepting, finishes requests in flight, exports queued spans within the deadline. Idempotent. */
  stop(): Promise<void>;
}

export interface MeshRuntime {
  readonly tracer: HopTracer;
  readonly exporter: BatchSpanExporter<EncodedSpan>;
  readonly metrics: MeshMetrics;
  /** Connections to upstreams (the edge's routes, the sidecar's egress). */
  readonly pool: UpstreamPool;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  /** Absent when logs are off (no endpoint): failure records are not even built. */
  readonly logs?: BatchSpanExporter<EncodedLogRecord>;
  readonly pod: PodMetrics;
}

interface RuntimeInternals {
  readonly senders: readonly OtlpHttpSender[];
  readonly metricExporter?: BatchSpanExporter<EncodedMetric>;
  readonly metricTimer?: NodeJS.Timeout;
  /** Reads the pod metrics into the metric exporter's queue. */
  readonly readMetrics: () => void;
}

/** Spans get this long to leave at shutdown; SIGTERM must still exit promptly. */
const EXPORT_SHUTDOWN_DEADLINE_MS = 2000;

/**
 * A bounded, batched exporter for one signal, or none when its endpoint is ''.
 * Spans, logs and metrics each get their own queue, sender and drop counters.
 */
function signalExporter(
  url: string,
  config: CommonMeshConfig,
  queueSize: number,
  observer: SpanExportObserver,
  senders: OtlpHttpSender[],
): BatchSpanExporter<EncodedItem> | undefined {
  if (url === '') return undefined;
  const sender = createOtlpHttpSender(url, config.export.timeoutMs);
  senders.push(sender);
  return new BatchSpanExporter<EncodedItem>({ queueSize, maxBatchSize: config.export.maxBatchSize, flushIntervalMs: config.export.flushIntervalMs }, sender.send, observer);
}

/** One reading of metrics is this many OTLP metrics at most (pod-metrics.ts); the queue keeps a few readings. */
const METRIC_QUEUE_READINGS = 8;
const METRICS_PER_READING = 5;

/** `container`: k8s.container.name of the proxy, unless the resource attributes name one. */
export function createMeshRuntime(config: CommonMeshConfig, container: string): MeshRuntime & RuntimeInternals {
  const metrics = new MeshMetrics();
  const senders: OtlpHttpSender[] = [];
  const discard = async (_spans: readonly EncodedSpan[]): Promise<void> => {};
  const traceSender = config.export.endpoint !== '' ? createOtlpHttpSender(config.export.endpoint, config.export.timeoutMs) : undefined;
  if (traceSender !== undefined) senders.push(traceSender);
  const exporter = new BatchSpanExporter<EncodedSpan>(
    { queueSize: config.export.queueSize, maxBatchSize: config.export.maxBatchSize, flushIntervalMs: config.export.flushIntervalMs },
    traceSender?.send ?? discard,
    metrics,
  );
  const logs = signalExporter(signalEndpoint(config.export, 'logs'), config, config.export.logQueueSize, metrics.logExport, senders);
  const metricExporter = signalExporter(
    signalEndpoint(config.export, 'metrics'),
    config,
    METRIC_QUEUE_READINGS * METRICS_PER_READING,
    metrics.metricExport,
    senders,
  );
  const pool = new UpstreamPool({ maxConnections: config.maxConnections, connectTimeoutMs: config.timeouts.connectMs, bodyTimeoutMs: config.timeouts.bodyMs });
  const version = packageVersion();
  const attributes = [...parseResourceAttributesEnv(process.env['OTEL_RESOURCE_ATTRIBUTES']), ...config.resourceAttributes];
  if (!attributes.some(([k]) => k === 'k8s.container.name')) attributes.push(['k8s.container.name', container]);
  const resource = meshResource(config.service, config.instance, version, attributes);
  const scope = meshScope(version);
  const containerName = attributes.filter(([k]) => k === 'k8s.container.name').at(-1)?.[1] ?? container;
  const pod = new PodMetrics(containerName, nowUnixNano());
  const readMetrics = (): void => {
    if (metricExporter === undefined) return;
    for (const m of pod.collect(nowUnixNano())) metricExporter.add(encodeMetric(m, resource, scope));
  };
  let metricTimer: NodeJS.Timeout | undefined;
  if (metricExporter !== undefined) {
    metricTimer = setInterval(readMetrics, config.export.metricsIntervalMs);
    metricTimer.unref();
  }
  return {
    tracer: {
      propagator: createPropagator(config.propagation),
      sampler: new ConsistentProbabilitySampler({ probability: config.sample }),
    },
    exporter,
    metrics,
    pool,
    resource,
    scope,
    pod,
    senders,
    readMetrics,
    ...(logs !== undefined ? { logs } : {}),
    ...(metricExporter !== undefined ? { metricExporter } : {}),
    ...(metricTimer !== undefined ? { metricTimer } : {}),
  };
}

function exportersOf(r: MeshRuntime & RuntimeInternals): BatchSpanExporter<EncodedItem>[] {
  return [r.exporter, ...(r.logs !== undefined ? [r.logs] : []), ...(r.metricExporter !== undefined ? [r.metricExporter] : [])];
}

/**
 * Binds the proxy listeners and the admin listener; on failure closes what was bound.
 * The admin listener comes up last so /readyz never says ready before the proxy is.
 */
export async function startProxy(
  runtime: MeshRuntime & RuntimeInternals,
  servers: readonly { name: string; server: http.Server; at: HostPort }[],
  adminAt: HostPort,
  extraPools: readonly UpstreamPool[] = [],
): Promise<RunningProxy> {
  let ready = false;
  const admin = createAdminServer(runtime.metrics, () => ready);
  const bound: http.Server[] = [];
  const listeners: Listener[] = [];
  try {
    for (const s of servers) {
      listeners.push({ name: s.name, address: await listen(s.server, s.at) });
      bound.push(s.server);
    }
    listeners.push({ name: 'admin', address: await listen(admin, adminAt) });
    bound.push(admin);
  } catch (err) {
    await Promise.all(bound.map((s) => closeHttp(s, 0)));
    if (runtime.metricTimer !== undefined) clearInterval(runtime.metricTimer);
    await Promise.all(exportersOf(runtime).map((e) => e.shutdown(0)));
    for (const p of [runtime.pool, ...extraPools]) p.destroy();
    for (const s of runtime.senders) s.destroy();
    throw err;
  }
  ready = true;
  let stopping: Promise<void> | undefined;
  return {
    listeners,
    metrics: runtime.metrics,
    flushSpans: () => runtime.exporter.flush(),
    async flushTelemetry() {
      runtime.readMetrics();
      await Promise.all([runtime.logs?.flush(), runtime.metricExporter?.flush()]);
    },
    stop() {
      stopping ??= (async () => {
        ready = false;
        await Promise.all(servers.map((s) => closeHttp(s.server, 1000)));
        // A last reading, so a short-lived proxy still reports its figures.
        if (runtime.metricTimer !== undefined) clearInterval(runtime.metricTimer);
        runtime.readMetrics();
        await Promise.all(exportersOf(runtime).map((e) => e.shutdown(EXPORT_SHUTDOWN_DEADLINE_MS)));
        await closeHttp(admin, 0);
        for (const p of [runtime.pool, ...extraPools]) p.destroy();
        for (const s of runtime.senders) s.destroy();
      })();
      return stopping;
    },
  };
}
