import { describe, expect, it } from 'vitest';
import { ConfigNode } from '../../../src/collector/config/config-node.js';
import { DataRefusedError } from '../../../src/collector/errors.js';
import { memoryLimiterProcessorFactory, memoryUsageSource } from '../../../src/collector/processors/memory-limiter/factory.js';
import { Recorder, settings, span, testHost } from '../helpers/test-host.js';

const MIB = 1024 * 1024;

describe('memory_limiter processor', () => {
  it('refuses with a retryable error above the soft limit (limit - spike) and accepts again below it', async () => {
    let usage = 10 * MIB;
    memoryUsageSource.read = () => usage;
    const host = testHost();
    const next = new Recorder();
    const config = memoryLimiterProcessorFactory.parseConfig(ConfigNode.of({ check_interval: '1h', limit_mib: 100, spike_limit_mib: 20 }, 'p'));
    const p = memoryLimiterProcessorFactory.createTraces!(settings(host, 'memory_limiter'), config, next);
    try {
      await p.start();
      await p.consumeTraces([span()]);
      expect(next.spans).toHaveLength(1);

      const cases: [usageMiB: number, refused: boolean][] = [
        [79, false],
        [80, true], // soft limit = 100 - 20
        [150, true],
        [60, false],
      ];
      for (const [mib, refused] of cases) {
        usage = mib * MIB;
        (p as unknown as { limiter: { check(): void } }).limiter.check();
        const r = p.consumeTraces([span(), span()]);
        if (refused) {
          const err = await r.then(() => undefined, (e: unknown) => e);
          expect(err, `${mib} MiB`).toBeInstanceOf(DataRefusedError);
          expect((err as DataRefusedError).httpStatus, 'retryable: 503').toBe(503);
        } else await expect(r, `${mib} MiB`).resolves.toBeUndefined();
      }
      const text = await host.metrics.registry.metrics();
      expect(text).toMatch(/otelcol_processor_refused_spans_total\{processor="memory_limiter"\} 4/);
    } finally {
      await p.shutdown();
      delete memoryUsageSource.read;
    }
  });

  it('spike_limit_mib defaults to 20% of limit_mib', () => {
    expect(memoryLimiterProcessorFactory.parseConfig(ConfigNode.of({ check_interval: '1s', limit_mib: 500 }, 'p'))).toEqual({
      checkIntervalMs: 1000,
      limitMiB: 500,
      spikeLimitMiB: 100,
    });
  });
});
