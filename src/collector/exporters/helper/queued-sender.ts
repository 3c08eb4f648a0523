/**
 * The exporterhelper of the Collector, once for every signal: a bounded in-memory
 * sending queue drained by `num_consumers` senders, each send retried with exponential
 * backoff while the error is retryable, every attempt bounded by `timeout`.
 *
 * Counters (Collector names): otelcol_exporter_sent_<items>, ..._send_failed_<items>,
 * ..._enqueue_failed_<items>, and the gauges otelcol_exporter_queue_size/_capacity.
 */
import type { Counter, Gauge } from 'prom-client';
import type { Host } from '../../component.js';
import { ComponentStoppedError, PermanentConsumerError, RetryableConsumerError, SendingQueueFullError } from '../../errors.js';
import { ExportError } from './export-errors.js';
import type { RetryConfig, SendingQueueConfig } from './settings.js';

export interface SenderOptions<T> {
  readonly exporter: string;
  /** `spans` or `metric_points`: the unit in metric names. */
  readonly itemName: 'spans' | 'log_records' | 'metric_points';
  readonly queue: SendingQueueConfig;
  readonly retry: RetryConfig;
  readonly timeoutMs: number;
  readonly host: Host;
  readonly count: (data: T) => number;
  /** One attempt; rejects with ExportError (retryable or not). */
  readonly send: (data: T, signal: AbortSignal) => Promise<void>;
  /** For tests: the wait between attempts. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface Queued<T> {
  readonly data: T;
  readonly units: number;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class QueuedRetrySender<T> {
  private readonly items: Queued<T>[] = [];
  private queuedUnits = 0;
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly idle: (() => void)[] = [];
  private closed = false;
  /** Aborted at shutdown: backoff waits end and no new retry starts. */
  private readonly draining = new AbortController();
  private readonly sent: Counter<'exporter'>;
  private readonly sendFailed: Counter<'exporter'>;
  private readonly enqueueFailed: Counter<'exporter'>;
  private readonly queueSize: Gauge<'exporter'>;

  constructor(private readonly o: SenderOptions<T>) {
    const t = o.host.telemetry;
    const item = o.itemName;
    this.sent = t.counter(`otelcol_exporter_sent_${item}_total`, `Number of ${item} successfully sent to destination`, ['exporter']);
    this.sendFailed = t.counter(`otelcol_exporter_send_failed_${item}_total`, `Number of ${item} in failed attempts to send to destination (dropped)`, ['exporter']);
    this.enqueueFailed = t.counter(`otelcol_exporter_enqueue_failed_${item}_total`, `Number of ${item} failed to be added to the sending queue (dropped)`, ['exporter']);
    this.queueSize = t.gauge('otelcol_exporter_queue_size', 'Current size of the retry queue (in sizer units)', ['exporter']);
    const capacity = t.gauge('otelcol_exporter_queue_capacity', 'Fixed capacity of the retry queue (in sizer units)', ['exporter']);
    if (o.queue.enabled) capacity.set({ exporter: o.exporter }, o.queue.queueSize);
    this.queueSize.set({ exporter: o.exporter }, 0);
  }

  /** Queued: resolves once the data is queued. Unqueued: once it is sent (or throws). */
  async consume(data: T): Promise<void> {
    const n = this.o.count(data);
    if (n === 0) return;
    if (this.closed) throw new ComponentStoppedError(`exporter ${this.o.exporter}`);
    if (!this.o.queue.enabled) {
      this.active++;
      try {
        await this.sendWithRetry(data, n, true);
      } finally {
        this.active--;
        this.notifyIdle();
      }
      return;
    }
    const units = this.o.queue.sizer === 'items' ? n : 1;
    while (this.queuedUnits > 0 && this.queuedUnits + units > this.o.queue.queueSize) {
      if (!this.o.queue.blockOnOverflow || this.closed) {
        this.enqueueFailed.inc({ exporter: this.o.exporter }, n);
        throw new SendingQueueFullError(this.o.exporter, this.o.queue.queueSize);
      }
      await new Promise<void>((r) => this.waiters.push(r));
    }
    this.items.push({ data, units });
    this.queuedUnits += units;
    this.queueSize.set({ exporter: this.o.exporter }, this.queuedUnits);
    this.pump();
  }

  get queuedCount(): number {
    return this.queuedUnits;
  }

  private pump(): void {
    while (this.active < this.o.queue.numConsumers && this.items.length > 0) {
      const item = this.items.shift()!;
      this.queuedUnits -= item.units;
      this.queueSize.set({ exporter: this.o.exporter }, this.queuedUnits);
      this.waiters.shift()?.();
      this.active++;
      void this.sendWithRetry(item.data, this.o.count(item.data), false)
        .catch(() => {}) // counted and logged in sendWithRetry
        .finally(() => {
          this.active--;
          this.pump();
          this.notifyIdle();
        });
    }
  }

  private notifyIdle(): void {
    if (this.active === 0 && this.items.length === 0) for (const r of this.idle.splice(0)) r();
  }

  private nextDelay(attempt: number): number {
    const r = this.o.retry;
    const base = Math.min(r.maxIntervalMs, r.initialIntervalMs * r.multiplier ** attempt);
    const spread = base * r.randomizationFactor;
    return base - spread + Math.random() * 2 * spread;
  }

  private async sendWithRetry(data: T, n: number, callerWaits: boolean): Promise<void> {
    const started = Date.now();
    const sleep = this.o.sleep ?? defaultSleep;
    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(this.o.timeoutMs);
      try {
        await this.o.send(data, timeout);
        this.sent.inc({ exporter: this.o.exporter }, n);
        return;
      } catch (err) {
        const e = err instanceof ExportError ? err : new ExportError((err as Error)?.message ?? String(err), true, undefined, { cause: err });
        const r = this.o.retry;
        let delay = r.enabled && e.retryable ? this.nextDelay(attempt) : -1;
        if (delay >= 0 && e.retryAfterMs !== undefined) delay = Math.max(delay, e.retryAfterMs);
        const outOfTime = r.maxElapsedTimeMs > 0 && Date.now() - started + delay > r.maxElapsedTimeMs;
        if (delay < 0 || outOfTime || this.draining.signal.aborted) {
          this.sendFailed.inc({ exporter: this.o.exporter }, n);
          const why = !e.retryable ? 'not retryable' : !r.enabled ? 'retry_on_failure disabled' : this.draining.signal.aborted ? 'shutting down' : 'retry_on_failure.max_elapsed_time reached';
          this.o.host.log(`exporter ${this.o.exporter}: dropped ${n} ${this.o.itemName.replace('_', ' ')} (${why}): ${e.message}`);
          if (callerWaits) {
            throw e.retryable ? new RetryableConsumerError(`exporter ${this.o.exporter}: ${e.message}`) : new PermanentConsumerError(`exporter ${this.o.exporter}: ${e.message}`);
          }
          throw e;
        }
        await sleep(delay, this.draining.signal);
      }
    }
  }

  /**
   * Refuses new data and waits for the queue to empty. Sends in progress get one more
   * attempt; data still failing is dropped and counted rather than holding shutdown.
   */
  async shutdown(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w();
    this.draining.abort();
    if (this.active === 0 && this.items.length === 0) return;
    await new Promise<void>((r) => this.idle.push(r));
  }
}
