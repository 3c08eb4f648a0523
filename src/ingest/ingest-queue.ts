/**
 * The bounded queue between receivers and the store. Receivers submit a request's
 * spans and wait; a writer takes everything waiting (up to maxBatchSpans), writes it
 * in one durable store write (group commit), then acknowledges every request in it.
 * As many writes run at once as the store overlaps usefully (Store.concurrentSpanWrites:
 * DuckDB appends the next batch while the last one's COMMIT syncs).
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
  /** Store writes in flight, and what waits for them all to end (drain). */
  private writes = 0;
  private idle: (() => void)[] = [];
  private readonly maxWrites: number;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly options: IngestQueueOptions,
    private readonly metrics: AriadneMetrics,
  ) {
    this.maxWrites = Math.max(1, store.concurrentSpanWrites ?? 1);
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
    while (this.writes < this.maxWrites && this.pending.length > 0) {
      this.writes++;
      void this.write(this.takeBatch()).finally(() => {
        this.writes--;
        this.kick();
        if (this.writes === 0) for (const resolve of this.idle.splice(0)) resolve();
      });
    }
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

  private async write(batch: readonly Pending[]): Promise<void> {
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

  /** Refuses new work and waits until everything already accepted is written. */
  async drain(): Promise<void> {
    this.closed = true;
    // kick() starts a write for anything pending whenever one ends, so no writes means nothing left.
    if (this.writes > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }
}
