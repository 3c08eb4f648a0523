/**
 * Ariadne's own health on /metrics (Prometheus text via prom-client). One registry per
 * process role instance, so tests can run several servers in one process.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type RefusalReason =
  | 'invalid_span'
  | 'queue_full'
  | 'decode_error'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'shutting_down'
  | 'store_error'
  | 'memory_limit'
  | 'pipeline_error';

export class AriadneMetrics {
  readonly registry = new Registry();
  readonly spansReceived = new Counter({
    name: 'ariadne_receiver_spans_received_total',
    help: 'Spans decoded from requests, per receiver and transport',
    labelNames: ['receiver', 'transport'] as const,
    registers: [this.registry],
  });
  readonly spansAccepted = new Counter({
    name: 'ariadne_receiver_spans_accepted_total',
    help: 'Spans acknowledged after a durable write',
    labelNames: ['receiver', 'transport'] as const,
    registers: [this.registry],
  });
  readonly spansRefused = new Counter({
    name: 'ariadne_receiver_spans_refused_total',
    help: 'Spans refused, per receiver, transport and reason',
    labelNames: ['receiver', 'transport', 'reason'] as const,
    registers: [this.registry],
  });
  readonly requestsRefused = new Counter({
    name: 'ariadne_receiver_requests_refused_total',
    help: 'Whole requests refused before their spans could be counted (undecodable, too large, wrong type)',
    labelNames: ['receiver', 'transport', 'reason'] as const,
    registers: [this.registry],
  });
  readonly limitDrops = new Counter({
    name: 'ariadne_span_limit_drops_total',
    help: 'Attributes, events and links dropped and values truncated by span limits',
    labelNames: ['what'] as const,
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'ariadne_ingest_queue_depth_spans',
    help: 'Spans waiting in the ingest queue for a durable write',
    registers: [this.registry],
  });
  readonly queueCapacity = new Gauge({
    name: 'ariadne_ingest_queue_capacity_spans',
    help: 'Capacity of the ingest queue in spans (ingest.queue_size)',
    registers: [this.registry],
  });
  readonly storeWriteSeconds = new Histogram({
    name: 'ariadne_store_write_duration_seconds',
    help: 'Latency of one durable store write (one batch)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly storeWriteSpans = new Counter({
    name: 'ariadne_store_spans_written_total',
    help: 'Spans written durably to the store',
    registers: [this.registry],
  });
  readonly storeWriteErrors = new Counter({
    name: 'ariadne_store_write_errors_total',
    help: 'Store writes that failed (their requests were answered with a retryable error)',
    registers: [this.registry],
  });
  readonly retentionDeleted = new Counter({
    name: 'ariadne_retention_spans_deleted_total',
    help: 'Spans removed by retention',
    registers: [this.registry],
  });

  constructor() {
    // process_resident_memory_bytes, heap sizes, event loop lag.
    collectDefaultMetrics({ register: this.registry });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
