/**
 * What every span receiver (OTLP over HTTP and gRPC, Zipkin) does with a decoded
 * request: validate and limit the spans, count them, hand the accepted ones on and wait
 * until the pipeline took them, and say what was rejected (partial success).
 */
import type { Span } from '../../../model/index.js';
import type { PartialSuccess } from '../../../otlp/encode-response.js';
import { OtlpError } from '../../../otlp/errors.js';
import { validateSpans } from '../../../ingest/validate-spans.js';
import type { LimitCounters, SpanLimits } from '../../../ingest/span-limits.js';
import type { AriadneMetrics, RefusalReason } from '../../../telemetry/metrics.js';
import type { TracesConsumer } from '../../consumer.js';
import { asConsumerError } from '../../errors.js';
import { Telemetry } from '../../telemetry.js';

export type Transport = 'http' | 'grpc';

/** The refusal label for an error from the pipeline. */
function reasonOf(err: OtlpError): RefusalReason {
  switch (err.code) {
    case 'ERR_OTLP_QUEUE_FULL':
    case 'ERR_SENDING_QUEUE_FULL':
      return 'queue_full';
    case 'ERR_SHUTTING_DOWN':
      return 'shutting_down';
    case 'ERR_STORE_WRITE':
      return 'store_error';
    case 'ERR_DATA_REFUSED':
      return 'memory_limit';
    default:
      return 'pipeline_error';
  }
}

export class TraceIntake {
  private readonly accepted;
  private readonly refused;

  constructor(
    private readonly next: TracesConsumer,
    private readonly limits: SpanLimits,
    private readonly metrics: AriadneMetrics,
    readonly receiverName = 'otlp',
    /** Sees every accepted span (the sampling trade-off summaries). */
    private readonly observe?: (spans: readonly Span[]) => void,
  ) {
    const t = new Telemetry(metrics.registry);
    // The Collector's own receiver metrics, next to Ariadne's.
    this.accepted = t.counter('otelcol_receiver_accepted_spans_total', 'Number of spans successfully pushed into the pipeline', ['receiver', 'transport']);
    this.refused = t.counter('otelcol_receiver_refused_spans_total', 'Number of spans that could not be pushed into the pipeline', ['receiver', 'transport']);
  }

  async accept(spans: readonly Span[], transport: Transport | string): Promise<PartialSuccess> {
    const labels = { receiver: this.receiverName, transport };
    this.metrics.spansReceived.inc(labels, spans.length);
    const counters: LimitCounters = { attributesDropped: 0, eventsDropped: 0, linksDropped: 0, valuesTruncated: 0 };
    const batch = validateSpans(spans, this.limits, counters);
    this.countLimitDrops(counters);
    if (batch.rejected > 0) {
      this.metrics.spansRefused.inc({ ...labels, reason: 'invalid_span' }, batch.rejected);
      this.refused.inc(labels, batch.rejected);
    }
    if (batch.accepted.length > 0) {
      // Before the pipeline, so the samplers' decisions find the trace's summary.
      this.observe?.(batch.accepted);
      try {
        await this.next.consumeTraces(batch.accepted);
      } catch (err) {
        const e = asConsumerError(err);
        this.metrics.spansRefused.inc({ ...labels, reason: reasonOf(e) }, batch.accepted.length);
        this.refused.inc(labels, batch.accepted.length);
        throw e;
      }
    }
    this.metrics.spansAccepted.inc(labels, batch.accepted.length);
    this.accepted.inc(labels, batch.accepted.length);
    return { rejectedSpans: batch.rejected, errorMessage: batch.errorMessage };
  }

  refuseRequest(transport: Transport | string, reason: RefusalReason): void {
    this.metrics.requestsRefused.inc({ receiver: this.receiverName, transport, reason });
  }

  private countLimitDrops(c: LimitCounters): void {
    if (c.attributesDropped) this.metrics.limitDrops.inc({ what: 'attributes' }, c.attributesDropped);
    if (c.eventsDropped) this.metrics.limitDrops.inc({ what: 'events' }, c.eventsDropped);
    if (c.linksDropped) this.metrics.limitDrops.inc({ what: 'links' }, c.linksDropped);
    if (c.valuesTruncated) this.metrics.limitDrops.inc({ what: 'truncated_values' }, c.valuesTruncated);
  }
}
