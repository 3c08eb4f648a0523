/** The `memory_limiter` processor (traces, logs and metrics), as the Collector's memorylimiterprocessor. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { signalComponent, type CreateSettings, type ProcessorFactory, type SignalComponents } from '../../component.js';
import type { Signal } from '../../component-id.js';
import type { ConfigNode } from '../../config/config-node.js';
import { consumeFn, ITEM_NAMES, type SignalConsumers } from '../../consumer.js';
import { MemoryLimiter, type MemoryLimiterConfig, type UsageReader } from './memory-limiter.js';

const MIB = 1024 * 1024;

/** The cgroup memory limit when there is one, else the machine's memory (limit_percentage's base). */
function totalMemoryBytes(): number {
  try {
    const v = readFileSync('/sys/fs/cgroup/memory.max', 'utf8').trim();
    if (/^\d+$/.test(v)) return Math.min(Number(v), os.totalmem());
  } catch {
    /* not in a cgroup v2 container */
  }
  return os.totalmem();
}

function parseConfig(node: ConfigNode): MemoryLimiterConfig {
  const checkIntervalMs = node.duration('check_interval', 0);
  if (checkIntervalMs <= 0) node.fail('check_interval', 'must be greater than zero');
  const limitMiBSet = node.int('limit_mib', 0, 0);
  const spikeMiBSet = node.int('spike_limit_mib', 0, 0);
  const limitPct = node.int('limit_percentage', 0, 0, 100);
  const spikePct = node.int('spike_limit_percentage', 0, 0, 100);
  // GC pacing knobs of Go's runtime; V8 collects on its own.
  node.accept('min_gc_interval_when_soft_limited', 'min_gc_interval_when_hard_limited');
  let limitMiB: number;
  let spikeLimitMiB: number;
  if (limitMiBSet > 0) {
    limitMiB = limitMiBSet;
    spikeLimitMiB = spikeMiBSet > 0 ? spikeMiBSet : Math.floor(limitMiB / 5);
    if (spikeLimitMiB >= limitMiB) node.fail('spike_limit_mib', 'must be smaller than limit_mib');
  } else if (limitPct > 0) {
    if (spikePct > limitPct) node.fail('spike_limit_percentage', 'must be smaller than limit_percentage');
    const total = totalMemoryBytes() / MIB;
    limitMiB = (total * limitPct) / 100;
    spikeLimitMiB = (total * spikePct) / 100;
  } else {
    node.fail('limit_mib', "'limit_mib' or 'limit_percentage' must be greater than zero");
  }
  return { checkIntervalMs, limitMiB, spikeLimitMiB };
}

/** For tests: how the processors read memory usage (process memory by default). */
export const memoryUsageSource: { read?: UsageReader } = {};

/** Refuses data while memory is above the soft limit, whatever the signal. */
function createLimiter<S extends Signal>(signal: S) {
  return (set: CreateSettings, config: MemoryLimiterConfig, next: SignalConsumers[S]): SignalComponents[S] => {
    const limiter = new MemoryLimiter(set.idText, config, set.host, memoryUsageSource.read, ITEM_NAMES[signal]);
    const forward = consumeFn(signal, next);
    const lifecycle = {
      start: async () => limiter.start(),
      shutdown: async () => limiter.stop(),
    };
    const component = signalComponent(signal, lifecycle, (items) => {
      try {
        limiter.admit(items.length);
      } catch (err) {
        return Promise.reject(err);
      }
      return forward(items);
    });
    // Tests drive the limiter's checks directly.
    return Object.assign(component, { limiter });
  };
}

export const memoryLimiterProcessorFactory: ProcessorFactory<MemoryLimiterConfig> = {
  kind: 'processor',
  type: 'memory_limiter',
  parseConfig,
  createTraces: createLimiter('traces'),
  createLogs: createLimiter('logs'),
  createMetrics: createLimiter('metrics'),
};
