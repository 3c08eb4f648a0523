import { describe, expect, it } from 'vitest';
import { IngestQueue } from '../../src/ingest/ingest-queue.js';
import type { Span } from '../../src/model/index.js';
import { OtlpQueueFullError } from '../../src/otlp/errors.js';
import type { Store } from '../../src/store/index.js';
import { AriadneMetrics } from '../../src/telemetry/metrics.js';

/** A store whose writes end only when the test says so. */
function fakeStore(concurrentSpanWrites?: number) {
  const writes: { spans: readonly Span[]; finish: (err?: Error) => void }[] = [];
  const store = {
    concurrentSpanWrites,
    writeSpans: (spans: readonly Span[]) =>
      new Promise<void>((resolve, reject) => writes.push({ spans, finish: (err) => (err ? reject(err) : resolve()) })),
  } as unknown as Store;
  return { store, writes };
}

const spans = (n: number): Span[] => Array.from({ length: n }, () => ({}) as Span);
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('IngestQueue', () => {
  it('keeps as many writes in flight as the store overlaps, and acknowledges each only after its write', async () => {
    const { store, writes } = fakeStore(2);
    const q = new IngestQueue(store, { queueSize: 100, maxBatchSpans: 100, retryAfterSeconds: 1 }, new AriadneMetrics());
    const acked: string[] = [];
    const a = q.submit(spans(10)).then(() => acked.push('a'));
    const b = q.submit(spans(10)).then(() => acked.push('b'));
    const c = q.submit(spans(10)).then(() => acked.push('c'));
    await tick();
    expect(writes.length, 'two writes started, the third request waits').toBe(2);
    writes[1]!.finish();
    await tick();
    expect(acked).toEqual(['b']);
    expect(writes.length, 'a write ended: the waiting request is written').toBe(3);
    writes[0]!.finish();
    writes[2]!.finish();
    await Promise.all([a, b, c]);
    expect(acked).toEqual(['b', 'a', 'c']);
  });

  it('writes one batch at a time for a store that does not overlap writes', async () => {
    const { store, writes } = fakeStore();
    const q = new IngestQueue(store, { queueSize: 100, maxBatchSpans: 100, retryAfterSeconds: 1 }, new AriadneMetrics());
    void q.submit(spans(10));
    void q.submit(spans(10));
    void q.submit(spans(10));
    await tick();
    expect(writes.length).toBe(1);
    writes[0]!.finish();
    await tick();
    expect(writes.length).toBe(2);
    expect(writes[1]!.spans.length, 'the two waiting requests in one group commit').toBe(20);
    writes[1]!.finish();
  });

  it('refuses when full while writes are in flight, and drain waits for every write', async () => {
    const { store, writes } = fakeStore(2);
    const q = new IngestQueue(store, { queueSize: 25, maxBatchSpans: 100, retryAfterSeconds: 1 }, new AriadneMetrics());
    const a = q.submit(spans(10));
    const b = q.submit(spans(10));
    await expect(q.submit(spans(10))).rejects.toBeInstanceOf(OtlpQueueFullError);
    await tick();
    let drained = false;
    const d = q.drain().then(() => (drained = true));
    writes[0]!.finish();
    await a;
    await tick();
    expect(drained, 'one write still in flight').toBe(false);
    writes[1]!.finish(new Error('disk full'));
    await expect(b).rejects.toThrow(/disk full/);
    await d;
    expect(drained).toBe(true);
    expect(q.depthSpans).toBe(0);
  });
});
