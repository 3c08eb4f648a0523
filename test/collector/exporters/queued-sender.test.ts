import { describe, expect, it } from 'vitest';
import { ExportError, permanent, retryable } from '../../../src/collector/exporters/helper/export-errors.js';
import { QueuedRetrySender } from '../../../src/collector/exporters/helper/queued-sender.js';
import { DEFAULT_QUEUE, DEFAULT_RETRY, type RetryConfig, type SendingQueueConfig } from '../../../src/collector/exporters/helper/settings.js';
import { SendingQueueFullError, PermanentConsumerError, RetryableConsumerError } from '../../../src/collector/errors.js';
import { testHost, tick } from '../helpers/test-host.js';

function sender(opts: { queue?: Partial<SendingQueueConfig>; retry?: Partial<RetryConfig>; send: (n: number[]) => Promise<void> }) {
  const host = testHost();
  const sleeps: number[] = [];
  const s = new QueuedRetrySender<number[]>({
    exporter: 'otlp/test',
    itemName: 'spans',
    queue: { ...DEFAULT_QUEUE, ...opts.queue },
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    timeoutMs: 1000,
    host,
    count: (d) => d.length,
    send: (d) => opts.send(d),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  const metric = async (name: string): Promise<number> => Number(new RegExp(`${name}\\{exporter="otlp/test"\\} (\\d+)`).exec(await host.metrics.registry.metrics())?.[1] ?? 0);
  return { s, host, sleeps, metric };
}

describe('sending_queue and retry_on_failure', () => {
  it('a full queue refuses at once with a retryable error and counts the dropped spans', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const { s, metric } = sender({ queue: { queueSize: 2, numConsumers: 1 }, send: () => gate });
    await s.consume([1]); // taken by the one consumer
    await s.consume([2, 2]);
    await s.consume([3]);
    const err = await s.consume([4, 4, 4]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendingQueueFullError);
    expect((err as SendingQueueFullError).httpStatus).toBe(503);
    expect(await metric('otelcol_exporter_enqueue_failed_spans_total')).toBe(3);
    expect(await metric('otelcol_exporter_queue_capacity')).toBe(2);
    release();
    await s.shutdown();
    expect(await metric('otelcol_exporter_sent_spans_total')).toBe(4);
  });

  it('retries a retryable failure with exponential backoff, honouring Retry-After', async () => {
    let calls = 0;
    const { s, sleeps, metric } = sender({
      retry: { initialIntervalMs: 100, multiplier: 2, randomizationFactor: 0, maxIntervalMs: 300 },
      queue: { enabled: false },
      send: async () => {
        calls++;
        if (calls === 1) throw retryable('503', 1000);
        if (calls < 5) throw retryable('unavailable');
      },
    });
    await s.consume([1, 2]);
    expect(calls).toBe(5);
    // attempt 0 -> max(100, Retry-After 1000); then 200, 300 (capped), 300.
    expect(sleeps).toEqual([1000, 200, 300, 300]);
    expect(await metric('otelcol_exporter_sent_spans_total')).toBe(2);
  });

  it('does not retry a permanent failure; the waiting caller gets a permanent error', async () => {
    let calls = 0;
    const { s, metric } = sender({
      queue: { enabled: false },
      send: async () => {
        calls++;
        throw permanent('400 bad request');
      },
    });
    const err = await s.consume([1, 2, 3]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentConsumerError);
    expect(calls).toBe(1);
    expect(await metric('otelcol_exporter_send_failed_spans_total')).toBe(3);
  });

  it('gives up after max_elapsed_time and counts the spans as failed', async () => {
    const { s, metric } = sender({
      queue: { enabled: false },
      retry: { initialIntervalMs: 50, maxIntervalMs: 50, randomizationFactor: 0, maxElapsedTimeMs: 120 },
      send: async () => {
        await tick(30);
        throw retryable('down');
      },
    });
    const err = await s.consume([1]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableConsumerError);
    expect(await metric('otelcol_exporter_send_failed_spans_total')).toBe(1);
  });

  it('retry_on_failure disabled sends once', async () => {
    let calls = 0;
    const { s } = sender({
      queue: { enabled: false },
      retry: { enabled: false },
      send: async () => {
        calls++;
        throw new ExportError('down', true);
      },
    });
    await expect(s.consume([1])).rejects.toBeInstanceOf(RetryableConsumerError);
    expect(calls).toBe(1);
  });

  it('shutdown drains what is queued', async () => {
    const sent: number[] = [];
    const { s } = sender({
      queue: { numConsumers: 2 },
      send: async (d) => {
        await tick(5);
        sent.push(...d);
      },
    });
    for (let i = 0; i < 20; i++) await s.consume([i]);
    await s.shutdown();
    expect(sent.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
