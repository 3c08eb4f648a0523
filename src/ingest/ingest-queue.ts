/**
 * The bounded queue between receivers and the store. Receivers submit a request's
 * spans and wait; one writer takes everything waiting (up to maxBatchSpans), writes it
 * in one durable store write (group commit), then acknowledges every request in it.
 * When the queue holds queueSize spans, submit refuses at once so the receiver can
 * answer with a retryable error instead of growing memory.
 */
import type { Span } from '../model/index.js';
import type { Store } from '../store/index.js';
import type { AriadneMetrics } from '../telemetry/metrics.js';
import { OtlpError, OtlpQueueFullError } from '../otlp/errors.js';

export interface IngestQueueOptions {
  /** Most spans waiting for a write; beyond it submit refuses (retryable). */
  readonly queueSize: number;
  /** Most spans in one store write. */
  readonly maxBatchSpans: number;
  /** Retry-After given to refused clients, seconds. */
  readonly retryAfterSeconds: number;
}

export const DEFAULT_INGEST_QUEUE: IngestQueueOptions = { queueSize: 65_536, maxBatchSpans: 16_384, retryAfterSeconds: 1 };

interface Pending {
  readonly spans: readonly Span[];
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

export class ShuttingDownError extends OtlpError {
  constructor() {
    super('server is shutting down; retry against another instance', 'ERR_SHUTTING_DOWN', 503);
  }
}

export class StoreWriteError extends OtlpError {
  constructor(cause: unknown) {
    super(`store write failed: ${(cause as Error)?.message ?? String(cause)}`, 'ERR_STORE_WRITE', 503, { cause });
  }
}

export class IngestQueue {
  private readonly pending: Pending[] = [];
  private depth = 0;
  private writing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly options: IngestQueueOptions,
    private readonly metrics: AriadneMetrics,
  ) {
    metrics.queueCapacity.set(options.queueSize);
    metrics.queueDepth.set(0);
  }

  get depthSpans(): number {
    return this.depth;
  }

  /** Resolves when the spans are durable; rejects with OtlpQueueFullError when full. */
  submit(spans: readonly Span[]): Promise<void> {
    if (this.closed) return Promise.reject(new ShuttingDownError());
    if (spans.length === 0) return Promise.resolve();
    // A request larger than the whole queue is still let in when the queue is empty,
    // so a big but legal request is never refused forever.
    if (this.depth > 0 && this.depth + spans.length > this.options.queueSize) {
      return Promise.reject(new OtlpQueueFullError(this.options.retryAfterSeconds));
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ spans, resolve, reject });
      this.depth += spans.length;
      this.metrics.queueDepth.set(this.depth);
      this.kick();
    });
  }

  private kick(): void {
    if (this.writing || this.pending.length === 0) return;
    this.writing = this.writeLoop().finally(() => {
      this.writing = undefined;
      this.kick();
    });
  }

  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let n = 0;
    while (this.pending.length > 0) {
      const next = this.pending[0]!;
      if (batch.length > 0 && n + next.spans.length > this.options.maxBatchSpans) break;
      batch.push(this.pending.shift()!);
      n += next.spans.length;
    }
    return batch;
  }

  private async writeLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.takeBatch();
      const spans: Span[] = [];
      for (const p of batch) for (const s of p.spans) spans.push(s);
      const end = this.metrics.storeWriteSeconds.startTimer();
      try {
        await this.store.writeSpans(spans);
        end();
        this.metrics.storeWriteSpans.inc(spans.length);
        for (const p of batch) p.resolve();
      } catch (err) {
        end();
        this.metrics.storeWriteErrors.inc();
        const e = new StoreWriteError(err);
        for (const p of batch) p.reject(e);
      } finally {
        this.depth -= spans.length;
        this.metrics.queueDepth.set(this.depth);
      }
    }
  }

  /** Refuses new work and waits until everything already accepted is written. */
  async drain(): Promise<void> {
    this.closed = true;
    while (this.writing) await this.writing;
  }
}
