/**
 * Where received logs and metric points go. In the all-in-one it is the store (through
 * a bounded queue); the collector's `logs`/`metrics` pipelines are not built yet, so
 * `ariadne collector` has no sink and refuses these signals (404).
 */
import type { LogRecord, MetricPoint } from '../model/index.js';

export interface SignalSink {
  /** Resolves once the records are durable; rejects with an OtlpError (503 when full). */
  consumeLogs(records: readonly LogRecord[]): Promise<void>;
  consumeMetrics(points: readonly MetricPoint[]): Promise<void>;
}
