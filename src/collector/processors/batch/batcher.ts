/**
 * Batching, once for every signal (the Collector's batchprocessor): items accumulate
 * until `send_batch_size` or `timeout` since the first one, then go on as one batch of
 * at most `send_batch_max_size`. consume returns once the items are buffered; when the
 * buffer is full (send_batch_max_size, or twice send_batch_size) and batches are still
 * being sent, it waits, which slows the receiver down instead of growing memory.
 * Spans in the buffer are lost on a crash (documented): the batch processor trades that
 * for fewer, larger exports, as in the Collector.
 */
import type { Counter, Histogram } from 'prom-client';
import type { Host } from '../../component.js';
import { ComponentStoppedError } from '../../errors.js';

export interface BatchConfig {
  /** Items that trigger a send; default 8192. 0 sends on timeout only. */
  readonly sendBatchSize: number;
  /** Largest batch sent; default 0 (no limit). Larger ones are split. */
  readonly sendBatchMaxSize: number;
  /** Longest wait after the first item; default 200ms. 0 sends at once (split only). */
  readonly timeoutMs: number;
}

const MAX_IN_FLIGHT = 4;

export class Batcher<T> {
  private buffer: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly idle: (() => void)[] = [];
  private closed = false;
  private readonly capacity: number;
  private readonly sizeHist: Histogram<'processor'>;
  private readonly sizeTrigger: Counter<'processor'>;
  private readonly timeoutTrigger: Counter<'processor'>;
  private readonly dropped: Counter<'processor' | 'reason'>;

  constructor(
    private readonly processor: string,
    private readonly config: BatchConfig,
    private readonly host: Host,
    private readonly send: (batch: T[]) => Promise<void>,
    private readonly itemName: string,
  ) {
    this.capacity = config.sendBatchMaxSize > 0 ? Math.max(config.sendBatchMaxSize, config.sendBatchSize) : Math.max(1, 2 * config.sendBatchSize);
    const t = host.telemetry;
    this.sizeHist = t.histogram('otelcol_processor_batch_batch_send_size', 'Number of units in the batch', ['processor'], [
      10, 25, 50, 75, 100, 250, 500, 750, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 20000, 30000, 50000, 100000,
    ]);
    this.sizeTrigger = t.counter('otelcol_processor_batch_batch_size_trigger_send_total', 'Number of times the batch was sent due to a size trigger', ['processor']);
    this.timeoutTrigger = t.counter('otelcol_processor_batch_timeout_trigger_send_total', 'Number of times the batch was sent due to a timeout trigger', ['processor']);
    this.dropped = t.counter('ariadne_processor_dropped_items_total', 'Items a processor dropped, per reason (the next component failed, a sampler decided)', ['processor', 'reason']);
  }

  async consume(items: readonly T[]): Promise<void> {
    if (items.length === 0) return;
    if (this.closed) throw new ComponentStoppedError(`processor ${this.processor}`);
    while (this.buffer.length > 0 && this.buffer.length + items.length > this.capacity && this.inFlight >= MAX_IN_FLIGHT) {
      await new Promise<void>((r) => this.waiting.push(r));
    }
    for (const i of items) this.buffer.push(i);
    const size = this.config.sendBatchSize;
    if (this.config.timeoutMs === 0 || (size > 0 && this.buffer.length >= size)) {
      this.flush(false);
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush(true);
      }, this.config.timeoutMs);
      this.timer.unref();
    }
  }

  private flush(byTimeout: boolean): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const max = this.config.sendBatchMaxSize;
    const size = this.config.sendBatchSize;
    while (this.buffer.length > 0) {
      // Below send_batch_size, keep the remainder for the next trigger unless flushing it all.
      if (!byTimeout && size > 0 && this.buffer.length < size && this.config.timeoutMs !== 0) break;
      const n = max > 0 ? Math.min(max, this.buffer.length) : this.buffer.length;
      const batch = this.buffer.slice(0, n);
      this.buffer = this.buffer.slice(n);
      (byTimeout ? this.timeoutTrigger : this.sizeTrigger).inc({ processor: this.processor });
      this.sizeHist.observe({ processor: this.processor }, batch.length);
      this.inFlight++;
      void this.send(batch)
        .catch((err: unknown) => {
          this.dropped.inc({ processor: this.processor, reason: 'export_failed' }, batch.length);
          this.host.log(`processor ${this.processor}: dropped ${batch.length} ${this.itemName}: ${(err as Error)?.message ?? String(err)}`);
        })
        .finally(() => {
          this.inFlight--;
          this.waiting.shift()?.();
          if (this.inFlight === 0) for (const r of this.idle.splice(0)) r();
        });
    }
    if (this.buffer.length > 0 && !this.timer && !this.closed) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush(true);
      }, this.config.timeoutMs);
      this.timer.unref();
    }
  }

  /** Sends what is buffered and waits for every batch in flight. */
  async shutdown(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w();
    this.flush(true);
    if (this.inFlight > 0) await new Promise<void>((r) => this.idle.push(r));
  }
}
