/**
 * Hands the same batch to every next consumer and waits for all of them. Spans are
 * immutable, so there is nothing to clone. Every consumer runs even when one fails; the
 * first failure is returned, preferring a retryable one, so the client retries and a
 * consumer that took the data sees it again at worst (at-least-once, as the Collector).
 */
import type { Span } from '../../model/index.js';
import type { TracesConsumer } from '../consumer.js';
import { isPermanent } from '../errors.js';
import type { Metric, MetricsConsumer } from '../metrics-data.js';

async function all(calls: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(calls);
  let failure: unknown;
  for (const r of results) {
    if (r.status !== 'rejected') continue;
    if (failure === undefined || (isPermanent(failure) && !isPermanent(r.reason))) failure = r.reason;
  }
  if (failure !== undefined) throw failure;
}

export class FanoutTraces implements TracesConsumer {
  constructor(private readonly consumers: readonly TracesConsumer[]) {}

  consumeTraces(spans: readonly Span[]): Promise<void> {
    if (this.consumers.length === 1) return this.consumers[0]!.consumeTraces(spans);
    return all(this.consumers.map((c) => c.consumeTraces(spans)));
  }
}

export class FanoutMetrics implements MetricsConsumer {
  constructor(private readonly consumers: readonly MetricsConsumer[]) {}

  consumeMetrics(metrics: readonly Metric[]): Promise<void> {
    if (this.consumers.length === 1) return this.consumers[0]!.consumeMetrics(metrics);
    return all(this.consumers.map((c) => c.consumeMetrics(metrics)));
  }
}
