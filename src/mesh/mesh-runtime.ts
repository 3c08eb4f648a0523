/**
 * What the edge and the sidecar share: the tracer (propagator + sampler), the span
 * exporter, metrics, the upstream connection pools and the admin listener, started
 * and stopped together.
 */
import type http from 'node:http';
import { Agent, type Dispatcher } from 'undici';
import type { HostPort } from '../config/host-port.js';
import { closeHttp, listen } from '../app/listen.js';
import type { InstrumentationScope, Resource } from '../model/index.js';
import { createPropagator } from '../propagation/index.js';
import { ConsistentProbabilitySampler } from '../sampling/index.js';
import { createAdminServer } from './admin.js';
import type { CommonMeshConfig } from './config/mesh-config.js';
import { BatchSpanExporter } from './export/batch-span-exporter.js';
import { createOtlpHttpSender, type OtlpHttpSender } from './export/otlp-http-sender.js';
import type { EncodedSpan } from './export/span-proto-writer.js';
import type { HopTracer } from './hop-context.js';
import { meshResource, meshScope } from './http-span.js';
import { MeshMetrics } from './mesh-metrics.js';
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
  /** Stops accepting, finishes requests in flight, exports queued spans within the deadline. Idempotent. */
  stop(): Promise<void>;
}

export interface MeshRuntime {
  readonly tracer: HopTracer;
  readonly exporter: BatchSpanExporter<EncodedSpan>;
  readonly metrics: MeshMetrics;
  readonly dispatcher: Dispatcher;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
}

/** Spans get this long to leave at shutdown; SIGTERM must still exit promptly. */
const EXPORT_SHUTDOWN_DEADLINE_MS = 2000;

export function createMeshRuntime(config: CommonMeshConfig): MeshRuntime & { sender?: OtlpHttpSender } {
  const metrics = new MeshMetrics();
  const sender = config.export.endpoint !== '' ? createOtlpHttpSender(config.export.endpoint, config.export.timeoutMs) : undefined;
  const discard = async (_spans: readonly EncodedSpan[]): Promise<void> => {};
  const exporter = new BatchSpanExporter<EncodedSpan>(
    { queueSize: config.export.queueSize, maxBatchSize: config.export.maxBatchSize, flushIntervalMs: config.export.flushIntervalMs },
    sender?.send ?? discard,
    metrics,
  );
  const dispatcher = new Agent({
    connections: config.maxConnections,
    connect: { timeout: config.timeouts.connectMs },
    // Timed by forward() with a precise timer; undici's is a coarse backstop only.
    headersTimeout: 0,
    bodyTimeout: config.timeouts.bodyMs,
  });
  const version = packageVersion();
  return {
    tracer: {
      propagator: createPropagator(config.propagation),
      sampler: new ConsistentProbabilitySampler({ probability: config.sample }),
    },
    exporter,
    metrics,
    dispatcher,
    resource: meshResource(config.service, config.instance, version),
    scope: meshScope(version),
    ...(sender !== undefined ? { sender } : {}),
  };
}

/**
 * Binds the proxy listeners and the admin listener; on failure closes what was bound.
 * The admin listener comes up last so /readyz never says ready before the proxy is.
 */
export async function startProxy(
  runtime: MeshRuntime & { sender?: OtlpHttpSender },
  servers: readonly { name: string; server: http.Server; at: HostPort }[],
  adminAt: HostPort,
  extraDispatchers: readonly Agent[] = [],
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
    await runtime.exporter.shutdown(0);
    for (const d of [runtime.dispatcher as Agent, ...extraDispatchers]) await d.close();
    await runtime.sender?.close();
    throw err;
  }
  ready = true;
  let stopping: Promise<void> | undefined;
  return {
    listeners,
    metrics: runtime.metrics,
    flushSpans: () => runtime.exporter.flush(),
    stop() {
      stopping ??= (async () => {
        ready = false;
        await Promise.all(servers.map((s) => closeHttp(s.server, 1000)));
        await runtime.exporter.shutdown(EXPORT_SHUTDOWN_DEADLINE_MS);
        await closeHttp(admin, 0);
        for (const d of [runtime.dispatcher as Agent, ...extraDispatchers]) await d.destroy().catch(() => {});
        await runtime.sender?.destroy().catch(() => {});
      })();
      return stopping;
    },
  };
}
