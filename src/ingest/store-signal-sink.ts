/**
 * Logs or metric points into the store, each request in its own durable write (the
 * store serialises writers). Bounded: when more than `maxInFlight` items wait for a
 * write, a request is refused at once with a retryable error (HTTP 503 + Retry-After,
 * gRPC UNAVAILABLE) instead of growing memory. `consume` resolves once the items are
 * durable. Every refusal is reported to `dropped`, so the caller can count it.
 */
import { OtlpQueueFullError } from '../otlp/errors.js';
import { ShuttingDownError, StoreWriteError } from './ingest-queue.js';

export type SignalDropReason = 'queue_full' | 'shutting_down' | 'store_error';

export interface StoreSignalSinkOptions {
  /** Most items waiting for a write; default 65,536, as the span queue. */
  readonly maxInFlight?: number;
  readonly retryAfterSeconds?: number;
  /** Told about every item refused or not written. */
  readonly dropped?: (count: number, reason: SignalDropReason) => void;
}

export class StoreSignalSink<T> {
  private inFlight = 0;
  private closed = false;
  private readonly pending = new Set<Promise<void>>();
  private readonly maxInFlight: number;
  private readonly retryAfterSeconds: number;
  private readonly dropped: (count: number, reason: SignalDropReason) => void;

  constructor(
    /** One durable write (LogStore.writeLogs, MetricStore.writeMetricPoints). */
    private readonly write: (items: readonly T[]) => Promise<void>,
    options: StoreSignalSinkOptions = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? 65_536;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
    this.dropped = options.dropped ?? (() => {});
  }

  /** Items waiting for their write (for a queue-size gauge). */
  get size(): number {
    return this.inFlight;
  }

  consume(items: readonly T[]): Promise<void> {
    const n = items.length;
    if (this.closed) {
      this.dropped(n, 'shutting_down');
      return Promise.reject(new ShuttingDownError());
    }
    if (n === 0) return Promise.resolve();
    // As the span queue: a request larger than the bound still goes in when nothing waits.
    if (this.inFlight > 0 && this.inFlight + n > this.maxInFlight) {
      this.dropped(n, 'queue_full');
      return Promise.reject(new OtlpQueueFullError(this.retryAfterSeconds));
    }
    this.inFlight += n;
    const run = this.write(items)
      .catch((err: unknown) => {
        this.dropped(n, 'store_error');
        throw new StoreWriteError(err);
      })
      .finally(() => {
        this.inFlight -= n;
        this.pending.delete(run);
      });
    this.pending.add(run);
    return run;
  }

  /** Refuses new work and waits for the writes already accepted. Idempotent. */
  async drain(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.pending]);
  }
}
