/**
 * Spans leave the proxy through a bounded queue, in batches, off the request path.
 * A proxy must never slow or fail a request because of tracing, so when the
 * collector is slow or down the queue fills and further spans are DROPPED and
 * counted, never waited for. Modelled on opentelemetry-js's BatchSpanProcessorBase:
 * one export in flight, timers unref()ed, shutdown idempotent with a deadline.
 */
export type SpanDropReason = 'queue_full' | 'export_failed' | 'export_timeout' | 'shutdown';

export interface SpanExportObserver {
  exported(count: number): void;
  dropped(count: number, reason: SpanDropReason): void;
  queueDepth(depth: number, capacity: number): void;
}

/** Sends one batch; resolves when the collector accepted it, rejects otherwise. */
export type SpanBatchSender<T> = (spans: readonly T[]) => Promise<void>;

export interface BatchSpanExporterOptions {
  /** Spans waiting at most; beyond it new spans are dropped (queue_full). */
  readonly queueSize: number;
  /** Spans per export request at most. */
  readonly maxBatchSize: number;
  /** A partial batch waits at most this long. */
  readonly flushIntervalMs: number;
}

export class ExportTimeoutError extends Error {
  readonly code = 'ERR_MESH_EXPORT_TIMEOUT';
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`span export took longer than ${timeoutMs} ms`, options);
    this.name = 'ExportTimeoutError';
  }
}

/** Queues spans in whatever form the sender takes (the mesh queues them already encoded). */
export class BatchSpanExporter<T> {
  private queue: T[] = [];
  private inFlight: Promise<void> | undefined;
  private scheduled = false;
  private stopped = false;
  private shutdownPromise: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly options: BatchSpanExporterOptions,
    private readonly send: SpanBatchSender<T>,
    private readonly observer: SpanExportObserver,
  ) {
    this.timer = setInterval(() => this.exportNext(), options.flushIntervalMs);
    this.timer.unref();
    observer.queueDepth(0, options.queueSize);
  }

  get depth(): number {
    return this.queue.length;
  }

  /** False when add() would drop: lets a caller skip the work of building the span. */
  get accepting(): boolean {
    return !this.stopped && this.queue.length < this.options.queueSize;
  }

  /** Never throws and never waits: the span is queued or dropped. */
  add(span: T): void {
    if (this.stopped) {
      this.observer.dropped(1, 'shutdown');
      return;
    }
    if (this.queue.length >= this.options.queueSize) {
      this.observer.dropped(1, 'queue_full');
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.options.maxBatchSize && this.inFlight === undefined && !this.scheduled) {
      // A full batch goes now, but after the current request's work, not inside it.
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.exportNext();
      });
    }
  }

  private exportNext(): void {
    if (this.inFlight !== undefined || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.options.maxBatchSize);
    this.observer.queueDepth(this.queue.length, this.options.queueSize);
    this.inFlight = this.send(batch).then(
      () => this.observer.exported(batch.length),
      (err: unknown) => this.observer.dropped(batch.length, err instanceof ExportTimeoutError ? 'export_timeout' : 'export_failed'),
    );
    void this.inFlight.finally(() => {
      this.inFlight = undefined;
      // More than a batch waiting: keep going rather than wait for the timer.
      if (this.queue.length >= this.options.maxBatchSize && !this.stopped) this.exportNext();
    });
  }

  /** Exports everything queued now (for tests and shutdown). */
  async flush(): Promise<void> {
    while (this.inFlight !== undefined || this.queue.length > 0) {
      if (this.inFlight !== undefined) await this.inFlight;
      else this.exportNext();
    }
  }

  /** Stops taking spans and exports what is queued until `deadlineMs`; what is left is dropped. Idempotent. */
  shutdown(deadlineMs: number): Promise<void> {
    this.shutdownPromise ??= (async () => {
      this.stopped = true;
      clearInterval(this.timer);
      let timedOut = false;
      const deadline = new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timedOut = true;
          resolve();
        }, deadlineMs);
        t.unref();
      });
      await Promise.race([this.flushUntil(() => timedOut), deadline]);
      if (this.queue.length > 0) {
        this.observer.dropped(this.queue.length, 'shutdown');
        this.queue = [];
      }
      this.observer.queueDepth(0, this.options.queueSize);
    })();
    return this.shutdownPromise;
  }

  private async flushUntil(stop: () => boolean): Promise<void> {
    while (!stop() && (this.inFlight !== undefined || this.queue.length > 0)) {
      if (this.inFlight !== undefined) await this.inFlight;
      else this.exportNext();
    }
  }
}
