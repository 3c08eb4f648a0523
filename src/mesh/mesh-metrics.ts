/**
 * The proxy's own health on its admin port: one registry per proxy, so tests can run
 * an edge and a sidecar in one process without their series mixing.
 */
import { Counter, Gauge, Histogram, Registry } from './prometheus-text.js';
import type { SpanDropReason, SpanExportObserver } from './export/batch-span-exporter.js';

/** Seconds; proxy overhead is sub-millisecond, upstream calls may take seconds. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class MeshMetrics implements SpanExportObserver {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'ariadne_mesh_requests_total',
    help: 'Requests proxied, per listener (edge, inbound, egress), route or upstream, and response status code (0: none sent)',
    labelNames: ['listener', 'route', 'upstream', 'code'] as const,
    registers: [this.registry],
  });
  readonly requestDuration = new Histogram({
    name: 'ariadne_mesh_request_duration_seconds',
    help: 'Time from request received to response finished, per listener and route',
    labelNames: ['listener', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly upstreamDuration = new Histogram({
    name: 'ariadne_mesh_upstream_duration_seconds',
    help: 'Time from request sent upstream to response headers received, per listener and upstream',
    labelNames: ['listener', 'upstream'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly upstreamErrors = new Counter({
    name: 'ariadne_mesh_upstream_errors_total',
    help: 'Upstream calls that failed without a usable response, per listener, upstream and error.type',
    labelNames: ['listener', 'upstream', 'error_type'] as const,
    registers: [this.registry],
  });
  readonly internalErrors = new Counter({
    name: 'ariadne_mesh_internal_errors_total',
    help: 'Requests that failed inside the proxy itself (a bug): answered 500, or cut if the response had begun',
    labelNames: ['listener'] as const,
    registers: [this.registry],
  });
  readonly spansExported = new Counter({
    name: 'ariadne_mesh_spans_exported_total',
    help: 'Spans the collector acknowledged',
    registers: [this.registry],
  });
  readonly spansDropped = new Counter({
    name: 'ariadne_mesh_spans_dropped_total',
    help: 'Spans dropped, per reason: queue_full, export_failed, export_timeout, shutdown',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly exportQueueDepth = new Gauge({
    name: 'ariadne_mesh_export_queue_depth_spans',
    help: 'Spans waiting in the export queue',
    registers: [this.registry],
  });
  readonly exportQueueCapacity = new Gauge({
    name: 'ariadne_mesh_export_queue_capacity_spans',
    help: 'Capacity of the export queue in spans (--export-queue-size)',
    registers: [this.registry],
  });

  readonly logRecordsExported = new Counter({
    name: 'ariadne_mesh_log_records_exported_total',
    help: 'Log records (one per failed request) the collector acknowledged',
    registers: [this.registry],
  });
  readonly logRecordsDropped = new Counter({
    name: 'ariadne_mesh_log_records_dropped_total',
    help: 'Log records dropped, per reason: queue_full, export_failed, export_timeout, shutdown',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly logQueueDepth = new Gauge({
    name: 'ariadne_mesh_log_queue_depth_records',
    help: 'Log records waiting in the export queue',
    registers: [this.registry],
  });
  readonly logQueueCapacity = new Gauge({
    name: 'ariadne_mesh_log_queue_capacity_records',
    help: 'Capacity of the log export queue in records (--log-queue-size)',
    registers: [this.registry],
  });
  readonly metricsExported = new Counter({
    name: 'ariadne_mesh_metrics_exported_total',
    help: 'OTLP metrics (one per name per reading) the collector acknowledged',
    registers: [this.registry],
  });
  readonly metricsDropped = new Counter({
    name: 'ariadne_mesh_metrics_dropped_total',
    help: 'OTLP metrics dropped, per reason: queue_full, export_failed, export_timeout, shutdown',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  /** The log exporter's observer: the same events as spans', counted apart. */
  readonly logExport: SpanExportObserver = {
    exported: (n) => this.logRecordsExported.inc(n),
    dropped: (n, reason) => this.logRecordsDropped.inc({ reason }, n),
    queueDepth: (depth, capacity) => {
      this.logQueueDepth.set(depth);
      this.logQueueCapacity.set(capacity);
    },
  };
  /** The metric exporter's observer; its queue is small and short-lived, so only drops and exports show. */
  readonly metricExport: SpanExportObserver = {
    exported: (n) => this.metricsExported.inc(n),
    dropped: (n, reason) => this.metricsDropped.inc({ reason }, n),
    queueDepth: () => {},
  };

  /**
   * The process's memory, read at scrape time. prom-client's default metrics are left
   * out on purpose (as is prom-client): their GC observer and event-loop monitor cost a
   * proxy CPU and memory on every request, for series a sidecar's operator rarely needs.
   */
  readonly residentMemory = new Gauge({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory size in bytes',
    registers: [this.registry],
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  readonly heapUsed = new Gauge({
    name: 'nodejs_heap_size_used_bytes',
    help: 'V8 heap in use, bytes',
    registers: [this.registry],
    collect() {
      this.set(process.memoryUsage().heapUsed);
    },
  });

  constructor() {
    // Zero series up front, so a scrape shows "nothing dropped" rather than nothing.
    for (const reason of ['queue_full', 'export_failed', 'export_timeout', 'shutdown'] satisfies SpanDropReason[]) {
      this.spansDropped.inc({ reason }, 0);
      this.logRecordsDropped.inc({ reason }, 0);
      this.metricsDropped.inc({ reason }, 0);
    }
    this.spansExported.inc(0);
    this.logRecordsExported.inc(0);
    this.metricsExported.inc(0);
  }

  exported(count: number): void {
    this.spansExported.inc(count);
  }

  dropped(count: number, reason: SpanDropReason): void {
    this.spansDropped.inc({ reason }, count);
  }

  queueDepth(depth: number, capacity: number): void {
    this.exportQueueDepth.set(depth);
    this.exportQueueCapacity.set(capacity);
  }

  render(): { contentType: string; body: string } {
    return { contentType: this.registry.contentType, body: this.registry.metrics() };
  }
}
