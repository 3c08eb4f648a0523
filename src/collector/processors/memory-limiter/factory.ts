/** The `memory_limiter` processor (traces and metrics), as the Collector's memorylimiterprocessor. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Span } from '../../../model/index.js';
import type { CreateSettings, MetricsComponent, ProcessorFactory, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import type { TracesConsumer } from '../../consumer.js';
import { metricPointCount, type Metric, type MetricsConsumer } from '../../metrics-data.js';
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

class MemoryLimiterProcessor {
  protected readonly limiter: MemoryLimiter;
  constructor(set: CreateSettings, config: MemoryLimiterConfig) {
    this.limiter = new MemoryLimiter(set.idText, config, set.host, memoryUsageSource.read);
  }
  async start(): Promise<void> {
    this.limiter.start();
  }
  async shutdown(): Promise<void> {
    this.limiter.stop();
  }
}

class TracesMemoryLimiter extends MemoryLimiterProcessor implements TracesComponent {
  constructor(set: CreateSettings, config: MemoryLimiterConfig, private readonly next: TracesConsumer) {
    super(set, config);
  }
  consumeTraces(spans: readonly Span[]): Promise<void> {
    try {
      this.limiter.admit(spans.length);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.next.consumeTraces(spans);
  }
}

class MetricsMemoryLimiter extends MemoryLimiterProcessor implements MetricsComponent {
  constructor(set: CreateSettings, config: MemoryLimiterConfig, private readonly next: MetricsConsumer) {
    super(set, config);
  }
  consumeMetrics(metrics: readonly Metric[]): Promise<void> {
    try {
      this.limiter.admit(metricPointCount(metrics));
    } catch (err) {
      return Promise.reject(err);
    }
    return this.next.consumeMetrics(metrics);
  }
}

export const memoryLimiterProcessorFactory: ProcessorFactory<MemoryLimiterConfig> = {
  kind: 'processor',
  type: 'memory_limiter',
  parseConfig,
  createTraces: (set, config, next) => new TracesMemoryLimiter(set, config, next),
  createMetrics: (set, config, next) => new MetricsMemoryLimiter(set, config, next),
};
