import type { Attributes } from './any-value.js';
import type { InstrumentationScope, Resource } from './span.js';

/** OTLP AggregationTemporality. */
export const Temporality = { UNSPECIFIED: 0, DELTA: 1, CUMULATIVE: 2 } as const;
export type Temporality = (typeof Temporality)[keyof typeof Temporality];

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponential_histogram' | 'summary';

/** A number point keeps the wire's choice: as_int (exact bigint) or as_double. */
export type NumberValue = { readonly type: 'int'; readonly value: bigint } | { readonly type: 'double'; readonly value: number };

export interface ExponentialBuckets {
  readonly offset: number;
  readonly bucketCounts: readonly bigint[];
}

export interface ValueAtQuantile {
  readonly quantile: number;
  readonly value: number;
}

/** The type-specific part of a point. */
export type MetricPointData =
  | { readonly type: 'gauge'; readonly value: NumberValue }
  | { readonly type: 'sum'; readonly temporality: Temporality; readonly monotonic: boolean; readonly value: NumberValue }
  | {
      readonly type: 'histogram';
      readonly temporality: Temporality;
      readonly count: bigint;
      readonly sum?: number;
      readonly min?: number;
      readonly max?: number;
      /** explicitBounds.length + 1 entries, or none. */
      readonly bucketCounts: readonly bigint[];
      readonly explicitBounds: readonly number[];
    }
  | {
      readonly type: 'exponential_histogram';
      readonly temporality: Temporality;
      readonly count: bigint;
      readonly sum?: number;
      readonly min?: number;
      readonly max?: number;
      readonly scale: number;
      readonly zeroCount: bigint;
      readonly zeroThreshold: number;
      readonly positive: ExponentialBuckets;
      readonly negative: ExponentialBuckets;
    }
  | { readonly type: 'summary'; readonly count: bigint; readonly sum: number; readonly quantileValues: readonly ValueAtQuantile[] };

/**
 * One OTLP data point with its metric's name, unit and description, its resource and
 * scope attached: the unit the store keeps and the series query reads.
 * Exemplars are not kept.
 */
export interface MetricPoint {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly startTimeUnixNano: bigint;
  readonly timeUnixNano: bigint;
  readonly attributes: Attributes;
  /** DataPointFlags (bit 0: no recorded value). */
  readonly flags: number;
  readonly data: MetricPointData;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
}
