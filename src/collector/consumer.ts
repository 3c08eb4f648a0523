/**
 * The data plane between components, one method per signal: each resolves when the next
 * component has taken the items. The model types are the one internal representation
 * (src/model): spans, log records and metric data points, each carrying its resource
 * and scope.
 */
import type { LogRecord, MetricPoint, Span } from '../model/index.js';
import type { Signal } from './component-id.js';

export interface TracesConsumer {
  consumeTraces(spans: readonly Span[]): Promise<void>;
}

export interface LogsConsumer {
  consumeLogs(records: readonly LogRecord[]): Promise<void>;
}

export interface MetricsConsumer {
  consumeMetrics(points: readonly MetricPoint[]): Promise<void>;
}

/** The item a signal carries. */
export interface SignalItems {
  traces: Span;
  logs: LogRecord;
  metrics: MetricPoint;
}

/** The consumer of a signal. */
export interface SignalConsumers {
  traces: TracesConsumer;
  logs: LogsConsumer;
  metrics: MetricsConsumer;
}

export type Consumer = TracesConsumer | LogsConsumer | MetricsConsumer;

/** `consume(items)` of a consumer, whatever its signal: lets a component be written once. */
export function consumeFn<S extends Signal>(signal: S, c: SignalConsumers[S]): (items: readonly SignalItems[S][]) => Promise<void> {
  switch (signal) {
    case 'traces':
      return (items) => (c as TracesConsumer).consumeTraces(items as readonly Span[]);
    case 'logs':
      return (items) => (c as LogsConsumer).consumeLogs(items as readonly LogRecord[]);
    default:
      return (items) => (c as MetricsConsumer).consumeMetrics(items as readonly MetricPoint[]);
  }
}

/** A consumer of `signal` around one function: the other half of consumeFn. */
export function consumerOf<S extends Signal>(signal: S, consume: (items: readonly SignalItems[S][]) => Promise<void>): SignalConsumers[S] {
  const f = consume as (items: readonly unknown[]) => Promise<void>;
  switch (signal) {
    case 'traces':
      return { consumeTraces: f } as SignalConsumers[S];
    case 'logs':
      return { consumeLogs: f } as SignalConsumers[S];
    default:
      return { consumeMetrics: f } as SignalConsumers[S];
  }
}

/** Items counted the way the Collector's metrics count them: spans, log records, data points. */
export const ITEM_NAMES = { traces: 'spans', logs: 'log_records', metrics: 'metric_points' } as const satisfies Record<Signal, string>;
