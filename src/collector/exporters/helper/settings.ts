/**
 * `sending_queue`, `retry_on_failure` and `timeout`, the exporterhelper settings every
 * Collector exporter shares, with the Collector's defaults.
 */
import type { ConfigNode } from '../../config/config-node.js';

export interface SendingQueueConfig {
  /** Default true: consumeTraces returns once queued; false sends in the caller's request. */
  readonly enabled: boolean;
  /** Concurrent senders; default 10. */
  readonly numConsumers: number;
  /** Capacity in `sizer` units; default 1000. When full, new data is refused and counted. */
  readonly queueSize: number;
  /** `requests` (default: one consumeTraces call is one unit) or `items` (spans). */
  readonly sizer: 'requests' | 'items';
  /** Default false: a full queue refuses at once; true makes the caller wait for room. */
  readonly blockOnOverflow: boolean;
}

export interface RetryConfig {
  /** Default true. */
  readonly enabled: boolean;
  /** First wait; default 5s. */
  readonly initialIntervalMs: number;
  /** Each wait is spread by ± this fraction; default 0.5. */
  readonly randomizationFactor: number;
  /** Growth per retry; default 1.5. */
  readonly multiplier: number;
  /** Longest wait; default 30s. */
  readonly maxIntervalMs: number;
  /** Give up after this long; default 300s; 0 retries forever. */
  readonly maxElapsedTimeMs: number;
}

export const DEFAULT_QUEUE: SendingQueueConfig = { enabled: true, numConsumers: 10, queueSize: 1000, sizer: 'requests', blockOnOverflow: false };
export const DEFAULT_RETRY: RetryConfig = {
  enabled: true,
  initialIntervalMs: 5000,
  randomizationFactor: 0.5,
  multiplier: 1.5,
  maxIntervalMs: 30_000,
  maxElapsedTimeMs: 300_000,
};

export function parseSendingQueue(parent: ConfigNode, dflt: SendingQueueConfig = DEFAULT_QUEUE): SendingQueueConfig {
  const q = parent.section('sending_queue');
  q.unsupported('storage', 'persistent queues are not implemented; the queue is in memory');
  q.unsupported('batch', 'use the batch processor');
  // wait_for_result: the caller waits for the send; that is `enabled: false` here.
  const waitForResult = q.bool('wait_for_result', false);
  const blocking = q.bool('blocking', dflt.blockOnOverflow); // the older name
  const sizer = q.enumOf('sizer', ['requests', 'items', 'bytes'] as const, dflt.sizer);
  if (sizer === 'bytes') q.fail('sizer', 'is not supported by Ariadne: use requests or items');
  return {
    enabled: q.bool('enabled', dflt.enabled) && !waitForResult,
    numConsumers: q.int('num_consumers', dflt.numConsumers, 1, 1000),
    queueSize: q.int('queue_size', dflt.queueSize, 1),
    sizer: sizer === 'bytes' ? 'requests' : sizer,
    blockOnOverflow: q.bool('block_on_overflow', blocking),
  };
}

export function parseRetry(parent: ConfigNode, dflt: RetryConfig = DEFAULT_RETRY): RetryConfig {
  const r = parent.section('retry_on_failure');
  const cfg: RetryConfig = {
    enabled: r.bool('enabled', dflt.enabled),
    initialIntervalMs: r.duration('initial_interval', dflt.initialIntervalMs),
    randomizationFactor: r.number('randomization_factor', dflt.randomizationFactor, { min: 0, max: 1 }),
    multiplier: r.number('multiplier', dflt.multiplier, { min: 1 }),
    maxIntervalMs: r.duration('max_interval', dflt.maxIntervalMs),
    maxElapsedTimeMs: r.duration('max_elapsed_time', dflt.maxElapsedTimeMs),
  };
  if (cfg.enabled && cfg.initialIntervalMs <= 0) r.fail('initial_interval', 'must be a positive duration when retries are enabled');
  if (cfg.maxIntervalMs < cfg.initialIntervalMs) r.fail('max_interval', 'must be at least initial_interval');
  return cfg;
}

export function parseTimeout(parent: ConfigNode, dfltMs: number): number {
  return parent.duration('timeout', dfltMs, { positive: true });
}
