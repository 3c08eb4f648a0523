/**
 * What both OTLP transports do with a decoded request: validate and limit the spans,
 * count them, hand the accepted ones on and wait until they are durable, and say what
 * was rejected (partial success).
 */
import type { Span } from '../../../model/index.js';
import type { PartialSuccess } from '../../../otlp/encode-response.js';
import { OtlpError } from '../../../otlp/errors.js';
import { validateSpans } from '../../../ingest/validate-spans.js';
import type { LimitCounters, SpanLimits } from '../../../ingest/span-limits.js';
import type { AriadneMetrics, RefusalReason } from '../../../telemetry/metrics.js';
import type { TracesConsumer } from '../../consumer.js';

export type Transport = 'http' | 'grpc';

export class TraceIntake {
  constructor(
    private readonly next: TracesConsumer,
    private readonly limits: SpanLimits,
    private readonly metrics: AriadneMetrics,
    readonly receiverName = 'otlp',
  ) {}

  async accept(spans: readonly Span[], transport: Transport): Promise<PartialSuccess> {
    const labels = { receiver: this.receiverName, transport };
    this.metrics.spansReceived.inc(labels, spans.length);
    const counters: LimitCounters = { attributesDropped: 0, eventsDropped: 0, linksDropped: 0, valuesTruncated: 0 };
    const batch = validateSpans(spans, this.limits, counters);
    this.countLimitDrops(counters);
    if (batch.rejected > 0) this.metrics.spansRefused.inc({ ...labels, reason: 'invalid_span' }, batch.rejected);
    try {
      await this.next.consumeTraces(batch.accepted);
    } catch (err) {
      const reason: RefusalReason = err instanceof OtlpError && err.code === 'ERR_OTLP_QUEUE_FULL' ? 'queue_full'
        : err instanceof OtlpError && err.code === 'ERR_SHUTTING_DOWN' ? 'shutting_down' : 'store_error';
      this.metrics.spansRefused.inc({ ...labels, reason }, batch.accepted.length);
      throw err;
    }
    this.metrics.spansAccepted.inc(labels, batch.accepted.length);
    return { rejectedSpans: batch.rejected, errorMessage: batch.errorMessage };
  }

  refuseRequest(transport: Transport, reason: RefusalReason): void {
    this.metrics.requestsRefused.inc({ receiver: this.receiverName, transport, reason });
  }

  private countLimitDrops(c: LimitCounters): void {
    if (c.attributesDropped) this.metrics.limitDrops.inc({ what: 'attributes' }, c.attributesDropped);
    if (c.eventsDropped) this.metrics.limitDrops.inc({ what: 'events' }, c.eventsDropped);
    if (c.linksDropped) this.metrics.limitDrops.inc({ what: 'links' }, c.linksDropped);
    if (c.valuesTruncated) this.metrics.limitDrops.inc({ what: 'truncated_values' }, c.valuesTruncated);
  }
}
