/**
 * The memory check of the Collector's memorylimiterprocessor, once for every signal.
 * Every `check_interval` it reads the process's memory in use (V8 heap plus buffers,
 * the closest counterpart of Go's heap); above the soft limit (limit - spike_limit)
 * new data is refused with a retryable error until usage falls below it again; above
 * the hard limit it also asks V8 for a garbage collection when --expose-gc is on.
 */
import type { Counter, Gauge } from 'prom-client';
import type { Host } from '../../component.js';
import { DataRefusedError } from '../../errors.js';

export interface MemoryLimiterConfig {
  /** How often usage is read; required, > 0. */
  readonly checkIntervalMs: number;
  /** Hard limit, MiB (limit_mib, or limit_percentage of total memory). */
  readonly limitMiB: number;
  /** Headroom below the hard limit; soft limit = limit - spike. Default 20% of the limit. */
  readonly spikeLimitMiB: number;
}

export type UsageReader = () => number;

const MIB = 1024 * 1024;

export function processMemoryBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

export class MemoryLimiter {
  private refusing = false;
  private usageMiB = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly refused: Counter<'processor'>;
  private readonly usage: Gauge<'processor'>;

  constructor(
    private readonly processor: string,
    private readonly config: MemoryLimiterConfig,
    private readonly host: Host,
    private readonly readUsage: UsageReader = processMemoryBytes,
    /** What the refused counter counts: spans, log_records or metric_points (the Collector's names). */
    itemName = 'spans',
  ) {
    const what = itemName.replace('_', ' ');
    this.refused = host.telemetry.counter(`otelcol_processor_refused_${itemName}_total`, `Number of ${what} that were rejected by the next component in the pipeline (memory_limiter)`, ['processor']);
    this.usage = host.telemetry.gauge('ariadne_memory_limiter_usage_mib', 'Memory in use at the last memory_limiter check, MiB', ['processor']);
  }

  get softLimitMiB(): number {
    return this.config.limitMiB - this.config.spikeLimitMiB;
  }

  /** Reads usage now and updates the refusing state. */
  check(): void {
    this.usageMiB = this.readUsage() / MIB;
    this.usage.set({ processor: this.processor }, this.usageMiB);
    if (this.usageMiB >= this.config.limitMiB) {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) {
        gc();
        this.usageMiB = this.readUsage() / MIB;
      }
    }
    const was = this.refusing;
    this.refusing = this.usageMiB >= this.softLimitMiB;
    if (this.refusing !== was) {
      this.host.log(
        `processor ${this.processor}: memory usage ${this.usageMiB.toFixed(1)} MiB is ${this.refusing ? 'above' : 'below'} the soft limit ${this.softLimitMiB.toFixed(1)} MiB; ${this.refusing ? 'refusing data' : 'accepting data again'}`,
      );
    }
  }

  start(): void {
    this.check();
    this.timer = setInterval(() => this.check(), this.config.checkIntervalMs);
    this.timer.unref();
  }

  /** Throws DataRefusedError (retryable) while above the soft limit. */
  admit(items: number): void {
    if (!this.refusing) return;
    this.refused.inc({ processor: this.processor }, items);
    throw new DataRefusedError(this.usageMiB, this.softLimitMiB);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
