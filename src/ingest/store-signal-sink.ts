/**
 * The all-in-one's SignalSink: logs and metric points go straight to the store, each
 * request in its own durable write (the store serialises writers). Bounded: when more
 * than `maxInFlight` records wait for a write, a request is refused at once with a
 * retryable error (HTTP 503 + Retry-After, gRPC UNAVAILABLE) instead of growing memory.
 */
import type { LogRecord, MetricPoint } from '../model/index.js';
import { OtlpQueueFullError } from '../otlp/errors.js';
import type { LogStore } from '../store/log-store.js';
import type { MetricStore } from '../store/metric-store.js';
import { ShuttingDownError, StoreWriteError } from './ingest-queue.js';
import type { SignalSink } from './signal-sink.js';

export interface StoreSignalSinkOptions {
  /** Most records (logs plus points) waiting for a write; default 65,536, as the span queue. */
  readonly maxInFlight?: number;
  readonly retryAfterSeconds?: number;
}

export class StoreSignalSink implements SignalSink {
  private inFlight = 0;
  private closed = false;
  private readonly pending = new Set<Promise<void>>();
  private readonly maxInFlight: number;
  private readonly retryAfterSeconds: number;

  constructor(
    private readonly store: LogStore & MetricStore,
    options: StoreSignalSinkOptions = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? 65_536;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
  }

  consumeLogs(records: readonly LogRecord[]): Promise<void> {
    return this.write(records.length, () => this.store.writeLogs(records));
  }

  consumeMetrics(points: readonly MetricPoint[]): Promise<void> {
    return this.write(points.length, () => this.store.writeMetricPoints(points));
  }

  /** Refuses new work and waits for the writes already accepted. Idempotent. */
  async drain(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.pending]);
  }

  private write(n: number, task: () => Promise<void>): Promise<void> {
    if (this.closed) return Promise.reject(new ShuttingDownError());
    if (n === 0) return Promise.resolve();
    // As the span queue: a request larger than the bound still goes in when nothing waits.
    if (this.inFlight > 0 && this.inFlight + n > this.maxInFlight) return Promise.reject(new OtlpQueueFullError(this.retryAfterSeconds));
    this.inFlight += n;
    const run = task()
      .catch((err: unknown) => {
        throw new StoreWriteError(err);
      })
      .finally(() => {
        this.inFlight -= n;
        this.pending.delete(run);
      });
    this.pending.add(run);
    return run;
  }
}
