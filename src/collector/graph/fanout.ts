/**
 * Hands the same batch to every next consumer and waits for all of them. Items are
 * immutable, so there is nothing to clone. Every consumer runs even when one fails; the
 * first failure is returned, preferring a retryable one, so the client retries and a
 * consumer that took the data sees it again at worst (at-least-once, as the Collector).
 */
import type { Signal } from '../component-id.js';
import { consumeFn, consumerOf, type SignalConsumers, type SignalItems } from '../consumer.js';
import { isPermanent } from '../errors.js';

async function all(calls: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(calls);
  let failure: unknown;
  for (const r of results) {
    if (r.status !== 'rejected') continue;
    if (failure === undefined || (isPermanent(failure) && !isPermanent(r.reason))) failure = r.reason;
  }
  if (failure !== undefined) throw failure;
}

/** One fan-out for any signal. */
export function fanout<S extends Signal>(signal: S, consumers: readonly SignalConsumers[S][]): SignalConsumers[S] {
  const fns = consumers.map((c) => consumeFn(signal, c));
  return consumerOf(signal, (items: readonly SignalItems[S][]) => {
    if (fns.length === 1) return fns[0]!(items);
    return all(fns.map((f) => f(items)));
  });
}
