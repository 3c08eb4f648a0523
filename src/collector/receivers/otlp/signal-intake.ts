/**
 * What the OTLP receivers do with a decoded logs or metrics request, as TraceIntake
 * does for spans: validate, count, hand the accepted records to the `logs` or `metrics`
 * pipelines and wait until they took them, and say what was rejected (partial success).
 * A signal no pipeline takes from this receiver has no consumer: `has()` is false and
 * the transports answer 404 / UNIMPLEMENTED.
 */
import type { LogRecord, MetricPoint } from '../../../model/index.js';
import type { SignalPartialSuccess } from '../../../otlp/encode-signal-response.js';
import type { LogsConsumer, MetricsConsumer } from '../../consumer.js';
import { asConsumerError } from '../../errors.js';
import { validateLogRecords, validateMetricPoints, type Validated } from '../../../ingest/validate-signals.js';
import type { AriadneMetrics, RefusalReason } from '../../../telemetry/metrics.js';
import { Telemetry } from '../../telemetry.js';
import { applyLogLimits, applyPointLimits } from '../../../ingest/signal-limits.js';
import type { LimitCounters, SpanLimits } from '../../../ingest/span-limits.js';

export class SignalIntake {
  private readonly counters;

  constructor(
    private readonly consumers: { readonly logs?: LogsConsumer; readonly metrics?: MetricsConsumer },
    private readonly metrics: AriadneMetrics,
    readonly receiverName = 'otlp',
    /** The receivers' span limits, applied to log and point attributes too. */
    private readonly limits?: SpanLimits,
  ) {
    const t = new Telemetry(metrics.registry);
    // The Collector's own receiver metric names.
    this.counters = {
      logs: {
        accepted: t.counter('otelcol_receiver_accepted_log_records_total', 'Number of log records successfully pushed into the pipeline', ['receiver', 'transport']),
        refused: t.counter('otelcol_receiver_refused_log_records_total', 'Number of log records that could not be pushed into the pipeline', ['receiver', 'transport']),
      },
      metrics: {
        accepted: t.counter('otelcol_receiver_accepted_metric_points_total', 'Number of metric points successfully pushed into the pipeline', ['receiver', 'transport']),
        refused: t.counter('otelcol_receiver_refused_metric_points_total', 'Number of metric points that could not be pushed into the pipeline', ['receiver', 'transport']),
      },
    };
  }

  /** Whether a pipeline takes this signal from this receiver. */
  has(signal: 'logs' | 'metrics'): boolean {
    return this.consumers[signal] !== undefined;
  }

  acceptLogs(records: readonly LogRecord[], transport: string): Promise<SignalPartialSuccess> {
    const v = validateLogRecords(records);
    return this.accept('logs', { ...v, accepted: this.limited(v.accepted, applyLogLimits) }, transport, (r) => this.consumers.logs!.consumeLogs(r));
  }

  acceptMetrics(points: readonly MetricPoint[], metricsWithoutData: number, transport: string): Promise<SignalPartialSuccess> {
    const v = validateMetricPoints(points, metricsWithoutData);
    return this.accept('metrics', { ...v, accepted: this.limited(v.accepted, applyPointLimits) }, transport, (p) => this.consumers.metrics!.consumeMetrics(p));
  }

  private limited<T>(items: T[], apply: (t: T, l: SpanLimits, c: LimitCounters) => T): T[] {
    const limits = this.limits;
    if (limits === undefined) return items;
    const c: LimitCounters = { attributesDropped: 0, eventsDropped: 0, linksDropped: 0, valuesTruncated: 0 };
    const out = items.map((t) => apply(t, limits, c));
    if (c.attributesDropped) this.metrics.limitDrops.inc({ what: 'attributes' }, c.attributesDropped);
    if (c.valuesTruncated) this.metrics.limitDrops.inc({ what: 'truncated_values' }, c.valuesTruncated);
    return out;
  }

  refuseRequest(transport: string, reason: RefusalReason): void {
    this.metrics.requestsRefused.inc({ receiver: this.receiverName, transport, reason });
  }

  private async accept<T>(signal: 'logs' | 'metrics', batch: Validated<T>, transport: string, consume: (items: T[]) => Promise<void>): Promise<SignalPartialSuccess> {
    const labels = { receiver: this.receiverName, transport };
    const c = this.counters[signal];
    if (batch.rejected > 0) c.refused.inc(labels, batch.rejected);
    if (batch.accepted.length > 0) {
      try {
        await consume(batch.accepted);
      } catch (err) {
        c.refused.inc(labels, batch.accepted.length);
        throw asConsumerError(err);
      }
      c.accepted.inc(labels, batch.accepted.length);
    }
    return { rejected: batch.rejected, errorMessage: batch.errorMessage };
  }
}
