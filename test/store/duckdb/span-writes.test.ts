/**
 * Span writes overlap (one write's COMMIT with the next one's appends, on two
 * connections with kept appenders): every write still lands whole or not at all, and
 * whatever else uses the writer waits for the commits in flight.
 */
import { describe, expect, it } from 'vitest';
import { openDuckDbStore, StoreWriteError } from '../../../src/store/duckdb/index.js';
import type { Store } from '../../../src/store/index.js';
import { checkoutTrace, HOUR, T0, traceId } from '../fixtures.js';

async function withStore(run: (store: Store) => Promise<void>): Promise<void> {
  const store = await openDuckDbStore({ path: ':memory:' });
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

describe('DuckDB span writes in flight together', () => {
  it('stores every one of many concurrent writes, each readable once it resolves', async () => {
    await withStore(async (store) => {
      expect(store.concurrentSpanWrites).toBe(2);
      await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          await store.writeSpans(checkoutTrace({ trace: i + 1 }));
          expect(await store.getTrace(traceId(i + 1)), `trace ${i + 1} right after its write`).toHaveLength(4);
        }),
      );
      const found = await store.findTraces({ service: 'frontend', startTimeMinNs: T0 - HOUR, startTimeMaxNs: T0 + HOUR, limit: 100 });
      expect(found).toHaveLength(40);
    });
  });

  it('keeps writing on both connections after a failed write, storing none of the failed batch', async () => {
    await withStore(async (store) => {
      const writes: Promise<unknown>[] = [];
      for (let i = 1; i <= 6; i++) {
        const spans = checkoutTrace({ trace: i });
        // Writes 2 and 3 fail mid-batch (flags outside uint32), one on each connection.
        writes.push(store.writeSpans(i === 2 || i === 3 ? [spans[0]!, { ...spans[1]!, flags: -1 }] : spans).catch((e: unknown) => e));
      }
      const results = await Promise.all(writes);
      expect(results[1]).toBeInstanceOf(StoreWriteError);
      expect(results[2]).toBeInstanceOf(StoreWriteError);
      for (const i of [1, 4, 5, 6]) expect(await store.getTrace(traceId(i)), `trace ${i}`).toHaveLength(4);
      for (const i of [2, 3]) expect(await store.getTrace(traceId(i)), `trace ${i}`).toEqual([]);
      for (let i = 7; i <= 10; i++) await store.writeSpans(checkoutTrace({ trace: i }));
      for (let i = 7; i <= 10; i++) expect(await store.getTrace(traceId(i)), `trace ${i}`).toHaveLength(4);
    });
  });

  it('runs retention after the span writes queued before it, commits included', async () => {
    await withStore(async (store) => {
      const old = Array.from({ length: 6 }, (_, i) => store.writeSpans(checkoutTrace({ trace: i + 1, start: T0 })));
      const removed = store.deleteOlderThan(T0 + HOUR);
      await Promise.all(old);
      expect(await removed).toBe(24);
      for (let i = 1; i <= 6; i++) expect(await store.getTrace(traceId(i))).toEqual([]);
    });
  });
});
