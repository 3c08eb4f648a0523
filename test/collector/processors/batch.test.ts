import { describe, expect, it } from 'vitest';
import { batchProcessorFactory } from '../../../src/collector/processors/batch/factory.js';
import { ConfigNode } from '../../../src/collector/config/config-node.js';
import { Recorder, settings, span, testHost, tick } from '../helpers/test-host.js';

function make(cfg: Record<string, unknown>) {
  const host = testHost();
  const next = new Recorder();
  const p = batchProcessorFactory.createTraces!(settings(host, 'batch'), batchProcessorFactory.parseConfig(ConfigNode.of(cfg, 'processors.batch')), next);
  return { host, next, p };
}

describe('batch processor', () => {
  it('sends when send_batch_size is reached, splitting at send_batch_max_size', async () => {
    const { next, p, host } = make({ send_batch_size: 4, send_batch_max_size: 5, timeout: '10s' });
    await p.start();
    await p.consumeTraces([span(), span(), span()]);
    expect(next.batches).toHaveLength(0);
    await p.consumeTraces([span(), span(), span(), span(), span(), span(), span(), span()]);
    await tick();
    // 11 spans buffered: two batches of 5 go at once (>= 4 each), 1 waits for the timeout.
    expect(next.batches.map((b) => b.length)).toEqual([5, 5]);
    await p.shutdown();
    expect(next.batches.map((b) => b.length)).toEqual([5, 5, 1]);
    const text = await host.metrics.registry.metrics();
    expect(text).toMatch(/otelcol_processor_batch_batch_size_trigger_send_total\{processor="batch"\} 2/);
  });

  it('sends on timeout what is below send_batch_size', async () => {
    const { next, p, host } = make({ send_batch_size: 100, timeout: '30ms' });
    await p.start();
    await p.consumeTraces([span(), span()]);
    expect(next.batches).toHaveLength(0);
    await tick(80);
    expect(next.batches.map((b) => b.length)).toEqual([2]);
    expect(await host.metrics.registry.metrics()).toMatch(/otelcol_processor_batch_timeout_trigger_send_total\{processor="batch"\} 1/);
    await p.shutdown();
  });

  it('counts and logs the spans of a batch the next component refused', async () => {
    const { next, p, host } = make({ send_batch_size: 1, timeout: '1s' });
    next.fail = new Error('backend down');
    await p.start();
    await p.consumeTraces([span(), span(), span()]);
    await p.shutdown();
    expect(await host.metrics.registry.metrics()).toMatch(/ariadne_processor_dropped_items_total\{processor="batch",reason="export_failed"\} 3/);
    expect(host.logs.join('\n')).toMatch(/backend down/);
  });

  it('refuses spans after shutdown', async () => {
    const { p } = make({});
    await p.start();
    await p.shutdown();
    await expect(p.consumeTraces([span()])).rejects.toThrow(/shutting down/);
  });
});
