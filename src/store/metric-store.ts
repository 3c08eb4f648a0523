import type { MetricPoint } from '../model/index.js';

export interface MetricPointQuery {
  /** The metric name, exactly. */
  readonly name: string;
  /**
   * Resource attributes every returned point's resource has (key -> value text). The
   * identity attributes (k8s.pod.name + k8s.namespace.name, else service.instance.id,
   * else host.name) are what the store indexes; other keys filter on top.
   */
  readonly resource: ReadonlyMap<string, string>;
  /** Point time window, unix ns, inclusive. */
  readonly startTimeMinNs: bigint;
  readonly startTimeMaxNs: bigint;
  /** At most this many points (the earliest); the store's own cap applies when absent. */
  readonly limit?: number;
}

/**
 * Metric points next to the spans, joined by the resource that produced them. A
 * separate interface from Store (see LogStore).
 */
export interface MetricStore {
  /** Resolves only once the points are durable. */
  writeMetricPoints(points: readonly MetricPoint[]): Promise<void>;
  /** Matching points in time order (ties: attributes text), with their resource and scope. */
  getMetricPoints(query: MetricPointQuery): Promise<MetricPoint[]>;
  /** Names of the metrics with points from a resource matching `resource` in the window, sorted. */
  getMetricNames(resource: ReadonlyMap<string, string>, startTimeMinNs: bigint, startTimeMaxNs: bigint): Promise<string[]>;
  /** Drops points whose time is before cutoffNs; returns how many it removed. */
  deleteMetricPointsOlderThan(cutoffNs: bigint): Promise<number>;
}

export function isMetricStore(store: object): store is MetricStore {
  const s = store as Partial<MetricStore>;
  return typeof s.writeMetricPoints === 'function' && typeof s.getMetricPoints === 'function';
}
