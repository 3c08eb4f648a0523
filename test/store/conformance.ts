/**
 * The Store conformance suite: what a user of any backend can rely on, checked
 * through the Store interface only, so every backend runs it unchanged
 * (the model is Hono's runTest: one suite, `skip` states its reason).
 *
 *   runStoreConformance('duckdb', async () => ({ store, cleanup }));
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanKind, StatusCode, type Span } from '../../src/model/index.js';
import type { Store, TraceQuery, TraceSummary } from '../../src/store/index.js';
import { checkoutTrace, hex, HOUR, MS, resource, span, spanId, T0, traceId } from './fixtures.js';

export interface OpenedStore {
  readonly store: Store;
  /** Removes what open() created; called after the store is closed. */
  cleanup(): Promise<void>;
}

export interface ConformanceOptions {
  /** Skip the whole suite, saying why (e.g. 'needs a ClickHouse server: set CLICKHOUSE_URL'). */
  readonly skip?: string;
}

const ids = (summaries: readonly TraceSummary[]): string[] => summaries.map((s) => hex(s.traceId));
const byStart = (spans: readonly Span[]): Span[] => [...spans].sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));

export function runStoreConformance(name: string, open: () => Promise<OpenedStore>, opts: ConformanceOptions = {}): void {
  const suite = opts.skip !== undefined ? describe.skip : describe;
  suite(`Store conformance: ${name}${opts.skip !== undefined ? ` (skipped: ${opts.skip})` : ''}`, () => {
    let opened: OpenedStore;
    let store: Store;
    const find = (q: Omit<TraceQuery, 'limit'> & { limit?: number }): Promise<TraceSummary[]> => store.findTraces({ limit: 20, ...q });

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await store.close();
      await opened.cleanup();
    });

    describe('writeSpans and getTrace', () => {
      it('returns every field exactly as written', async () => {
        const spans = checkoutTrace({ trace: 1 });
        await store.writeSpans(spans);
        expect(await store.getTrace(traceId(1))).toStrictEqual(spans);
      });

      it('returns spans in start-time order whatever the write order', async () => {
        const spans = checkoutTrace({ trace: 1 });
        await store.writeSpans([...spans].reverse());
        const got = await store.getTrace(traceId(1));
        expect(got.map((s) => s.name)).toEqual(spans.map((s) => s.name));
      });

      it('returns an empty list for an unknown trace', async () => {
        await store.writeSpans(checkoutTrace({ trace: 1 }));
        expect(await store.getTrace(traceId(999))).toEqual([]);
      });

      it('accepts an empty batch', async () => {
        await expect(store.writeSpans([])).resolves.toBeUndefined();
      });

      it('keeps a span whose end is before its start, as given', async () => {
        const odd = span({ traceId: traceId(5), spanId: spanId(5, 0), name: 'clock skew', startTimeUnixNano: T0, endTimeUnixNano: T0 - 5n * MS, resource: resource('skewed') });
        await store.writeSpans([odd]);
        expect(await store.getTrace(traceId(5))).toStrictEqual([odd]);
        expect(ids(await find({ service: 'skewed' }))).toEqual([hex(traceId(5))]);
      });

      it('returns a trace written across two batches whole, with a summary counting all its spans', async () => {
        const spans = checkoutTrace({ trace: 1 });
        await store.writeSpans(spans.slice(0, 2));
        await store.writeSpans(spans.slice(2));
        expect(await store.getTrace(traceId(1))).toStrictEqual(spans);
        const [summary] = await find({ service: 'frontend' });
        expect(summary?.spanCount).toBe(4);
        expect(summary?.errorCount).toBe(1);
        expect(summary?.rootSpanName).toBe('GET /checkout');
      });

      it('stores all spans of concurrent writes', async () => {
        const traces = [1, 2, 3, 4, 5, 6].map((n) => checkoutTrace({ trace: n, start: T0 + BigInt(n) * MS }));
        await Promise.all([...traces.map((t) => store.writeSpans(t)), store.findTraces({ limit: 5 }), store.getServices()]);
        for (const [i, t] of traces.entries()) expect(await store.getTrace(traceId(i + 1)), `trace ${i + 1}`).toStrictEqual(t);
      });

      it('getTraces returns several traces keyed by lowercase hex id', async () => {
        const a = checkoutTrace({ trace: 1 });
        const b = checkoutTrace({ trace: 2, start: T0 + 2n * HOUR });
        await store.writeSpans([...a, ...b]);
        const got = await store.getTraces([traceId(1), traceId(2), traceId(999)]);
        expect(got.get(hex(traceId(1)))).toStrictEqual(a);
        expect(got.get(hex(traceId(2)))).toStrictEqual(b);
        expect(got.get(hex(traceId(999))) ?? []).toEqual([]);
        expect([...got.keys()].every((k) => k === k.toLowerCase())).toBe(true);
      });

      it('getTraces of no ids is an empty map', async () => {
        await store.writeSpans(checkoutTrace({ trace: 1 }));
        expect((await store.getTraces([])).size).toBe(0);
      });
    });

    describe('findTraces', () => {
      beforeEach(async () => {
        // Trace 1 calls db; trace 2, an hour later, calls inventory instead.
        await store.writeSpans(checkoutTrace({ trace: 1 }));
        await store.writeSpans(checkoutTrace({ trace: 2, start: T0 + HOUR, db: resource('inventory') }));
      });

      it('summarises a trace: start, duration, root, counts per service', async () => {
        const [summary] = await find({ service: 'db' });
        expect(summary).toStrictEqual({
          traceId: traceId(1),
          startTimeUnixNano: T0,
          durationNs: 100n * MS,
          rootServiceName: 'frontend',
          rootSpanName: 'GET /checkout',
          spanCount: 4,
          errorCount: 1,
          services: [
            { service: 'db', spanCount: 1 },
            { service: 'frontend', spanCount: 3 },
          ],
        });
      });

      it('leaves the root undefined until the root span arrives', async () => {
        const [root, ...rest] = checkoutTrace({ trace: 3, start: T0 + 2n * HOUR, db: resource('late-root') });
        await store.writeSpans(rest);
        const [before] = await find({ service: 'late-root' });
        expect(before?.rootServiceName).toBeUndefined();
        expect(before?.rootSpanName).toBeUndefined();
        expect(before?.spanCount).toBe(3);
        await store.writeSpans([root!]);
        const [after] = await find({ service: 'late-root' });
        expect(after?.rootServiceName).toBe('frontend');
        expect(after?.rootSpanName).toBe('GET /checkout');
        expect(after?.startTimeUnixNano).toBe(T0 + 2n * HOUR);
        expect(after?.spanCount).toBe(4);
      });

      it('finds by service', async () => {
        expect(ids(await find({ service: 'db' }))).toEqual([hex(traceId(1))]);
        expect(ids(await find({ service: 'inventory' }))).toEqual([hex(traceId(2))]);
        expect(ids(await find({ service: 'frontend' }))).toEqual([hex(traceId(2)), hex(traceId(1))]);
        expect(await find({ service: 'nobody' })).toEqual([]);
      });

      it('finds by operation, alone and with a service', async () => {
        expect(ids(await find({ operation: 'INSERT orders' }))).toHaveLength(2);
        expect(ids(await find({ service: 'db', operation: 'INSERT orders' }))).toEqual([hex(traceId(1))]);
        expect(await find({ operation: 'no such operation' })).toEqual([]);
      });

      it('finds by span kind', async () => {
        expect(ids(await find({ service: 'frontend', spanKind: SpanKind.CLIENT }))).toHaveLength(2);
        expect(await find({ service: 'db', spanKind: SpanKind.CLIENT })).toEqual([]);
        expect(await find({ spanKind: SpanKind.PRODUCER })).toEqual([]);
      });

      const attributeCases: { name: string; attrs: [string, string][]; found: boolean }[] = [
        { name: 'string value', attrs: [['http.method', 'GET']], found: true },
        { name: 'int in text form', attrs: [['http.status_code', '200']], found: true },
        { name: 'int64 beyond 2^53 in text form', attrs: [['big.int', '9007199254740993']], found: true },
        { name: 'bool in text form', attrs: [['retry', 'false']], found: true },
        { name: 'resource attribute', attrs: [['deployment.environment', 'prod']], found: true },
        { name: 'attribute of a child span', attrs: [['db.system', 'duckdb']], found: true },
        { name: 'two attributes of one span', attrs: [['http.method', 'GET'], ['http.status_code', '200']], found: true },
        { name: 'other value', attrs: [['http.method', 'POST']], found: false },
        { name: 'prefix of the value', attrs: [['http.method', 'GE']], found: false },
        { name: 'suffix of the key', attrs: [['method', 'GET']], found: false },
        { name: 'unknown key', attrs: [['no.such.key', 'GET']], found: false },
        { name: 'attributes of two different spans', attrs: [['http.method', 'GET'], ['db.system', 'duckdb']], found: false },
      ];
      for (const c of attributeCases) {
        it(`finds by attribute: ${c.name} -> ${c.found ? 'match' : 'no match'}`, async () => {
          const got = await find({ attributes: new Map(c.attrs) });
          expect(got.length > 0, c.name).toBe(c.found);
        });
      }

      it('finds by min and max duration', async () => {
        // Span durations: root 100 ms, client 50, db 30, render 20.
        expect(ids(await find({ service: 'db', minDurationNs: 30n * MS }))).toEqual([hex(traceId(1))]);
        expect(await find({ service: 'db', minDurationNs: 31n * MS })).toEqual([]);
        expect(ids(await find({ minDurationNs: 100n * MS }))).toHaveLength(2);
        expect(await find({ minDurationNs: 101n * MS })).toEqual([]);
        expect(ids(await find({ maxDurationNs: 20n * MS }))).toHaveLength(2);
        expect(await find({ maxDurationNs: 19n * MS })).toEqual([]);
        expect(await find({ service: 'db', maxDurationNs: 25n * MS })).toEqual([]);
        expect(ids(await find({ minDurationNs: 40n * MS, maxDurationNs: 60n * MS, spanKind: SpanKind.CLIENT }))).toHaveLength(2);
      });

      it('finds by start time window, bounds inclusive', async () => {
        expect(ids(await find({ startTimeMinNs: T0 + HOUR }))).toEqual([hex(traceId(2))]);
        expect(ids(await find({ startTimeMaxNs: T0 + HOUR - 1n }))).toEqual([hex(traceId(1))]);
        expect(ids(await find({ startTimeMinNs: T0 - HOUR, startTimeMaxNs: T0 }))).toEqual([hex(traceId(1))]);
        expect(await find({ startTimeMinNs: T0 + 3n * HOUR })).toEqual([]);
        // A window holding only the db span of trace 1 still returns the whole trace's summary.
        const [s] = await find({ startTimeMinNs: T0 + 20n * MS, startTimeMaxNs: T0 + 20n * MS });
        expect(s?.spanCount).toBe(4);
      });

      it('needs one span to meet every condition', async () => {
        const none: { name: string; q: Omit<TraceQuery, 'limit'> }[] = [
          { name: 'db service with the root operation', q: { service: 'db', operation: 'GET /checkout' } },
          { name: 'db service with a root attribute', q: { service: 'db', attributes: new Map([['http.method', 'GET']]) } },
          { name: 'client kind with the root duration', q: { spanKind: SpanKind.CLIENT, minDurationNs: 90n * MS } },
          { name: 'render operation with the server kind', q: { operation: 'render', spanKind: SpanKind.SERVER } },
        ];
        for (const c of none) expect(await find(c.q), c.name).toEqual([]);
      });

      it('returns at most limit traces, most recent first', async () => {
        for (let n = 10; n < 15; n++) await store.writeSpans(checkoutTrace({ trace: n, start: T0 + 2n * HOUR + BigInt(n) * 1000n * MS }));
        const got = await find({ service: 'frontend', limit: 3 });
        expect(ids(got)).toEqual([14, 13, 12].map((n) => hex(traceId(n))));
        expect(ids(await find({ service: 'frontend', limit: 100 }))).toHaveLength(7);
      });

      it('orders by the latest matching span start', async () => {
        // Trace 3 starts before trace 2 but has a db span after trace 2's.
        const late = span({ traceId: traceId(3), spanId: spanId(3, 0), name: 'late', startTimeUnixNano: T0 + 2n * HOUR, endTimeUnixNano: T0 + 2n * HOUR + MS, resource: resource('frontend') });
        const early = span({ traceId: traceId(3), spanId: spanId(3, 1), name: 'early', startTimeUnixNano: T0 + 1n, endTimeUnixNano: T0 + MS, resource: resource('frontend') });
        await store.writeSpans([early, late]);
        expect(ids(await find({ service: 'frontend' }))).toEqual([3, 2, 1].map((n) => hex(traceId(n))));
        expect(ids(await find({ service: 'frontend', operation: 'early' }))).toEqual([hex(traceId(3))]);
      });
    });

    describe('services, operations, dependencies', () => {
      beforeEach(async () => {
        await store.writeSpans(checkoutTrace({ trace: 1 }));
        await store.writeSpans(checkoutTrace({ trace: 2, start: T0 + MS, db: resource('inventory') }));
      });

      it('lists services sorted', async () => {
        await store.writeSpans([span({ traceId: traceId(3), spanId: spanId(3, 0), name: 'x', startTimeUnixNano: T0, endTimeUnixNano: T0, resource: resource('accounts') })]);
        expect(await store.getServices()).toEqual(['accounts', 'db', 'frontend', 'inventory']);
      });

      it('lists a service operations sorted by name then kind, optionally of one kind', async () => {
        await store.writeSpans([
          span({ traceId: traceId(3), spanId: spanId(3, 0), name: 'render', kind: SpanKind.SERVER, startTimeUnixNano: T0, endTimeUnixNano: T0, resource: resource('frontend') }),
        ]);
        expect(await store.getOperations('frontend')).toEqual([
          { name: 'GET /checkout', spanKind: SpanKind.SERVER },
          { name: 'POST /orders', spanKind: SpanKind.CLIENT },
          { name: 'render', spanKind: SpanKind.INTERNAL },
          { name: 'render', spanKind: SpanKind.SERVER },
        ]);
        expect(await store.getOperations('frontend', SpanKind.SERVER)).toEqual([
          { name: 'GET /checkout', spanKind: SpanKind.SERVER },
          { name: 'render', spanKind: SpanKind.SERVER },
        ]);
        expect(await store.getOperations('db')).toEqual([{ name: 'INSERT orders', spanKind: SpanKind.SERVER }]);
        expect(await store.getOperations('nobody')).toEqual([]);
      });

      it('counts calls between different services in the window', async () => {
        await store.writeSpans(checkoutTrace({ trace: 3, start: T0 + 10n * MS }));
        await store.writeSpans(checkoutTrace({ trace: 4, start: T0 - 3n * HOUR }));
        const links = await store.getDependencies(T0 + HOUR, 2n * HOUR);
        expect(links).toEqual(
          expect.arrayContaining([
            { parent: 'frontend', child: 'db', callCount: 2 },
            { parent: 'frontend', child: 'inventory', callCount: 1 },
          ]),
        );
        expect(links).toHaveLength(2);
        expect(await store.getDependencies(T0 - HOUR, HOUR)).toEqual([]);
      });
    });

    describe('deleteOlderThan', () => {
      it('removes spans that started before the cutoff and keeps the rest', async () => {
        const old = checkoutTrace({ trace: 1, start: T0 - 2n * HOUR, db: resource('old-db') });
        const recent = checkoutTrace({ trace: 2 });
        await store.writeSpans([...old, ...recent]);
        expect(await store.deleteOlderThan(T0 - HOUR)).toBe(4);
        expect(await store.getTrace(traceId(1))).toEqual([]);
        expect(await store.getTrace(traceId(2))).toStrictEqual(recent);
        expect(await find({ service: 'old-db' })).toEqual([]);
        expect(ids(await find({ service: 'frontend' }))).toEqual([hex(traceId(2))]);
        expect(await store.deleteOlderThan(T0 - HOUR)).toBe(0);
      });

      it('keeps the newer part of a trace that straddles the cutoff, and its summary counts only that', async () => {
        // Root at -15 ms and client at -5 ms go; db at +5 ms and render at +55 ms stay.
        const spans = checkoutTrace({ trace: 1, start: T0 - 15n * MS });
        await store.writeSpans(spans);
        expect(await store.deleteOlderThan(T0)).toBe(2);
        expect(await store.getTrace(traceId(1))).toStrictEqual(spans.slice(2));
        const [s] = await find({ service: 'db' });
        expect(s).toMatchObject({ startTimeUnixNano: T0 + 5n * MS, spanCount: 2, errorCount: 1 });
        expect(s?.rootServiceName).toBeUndefined();
        expect(s?.services).toEqual([
          { service: 'db', spanCount: 1 },
          { service: 'frontend', spanCount: 1 },
        ]);
      });
    });

    describe('untrusted strings are data', () => {
      const hostile = [
        `it's "quoted"`,
        `'; DROP TABLE spans; --`,
        `a\x01b\x02c`,
        `日本語 🚀 \u0000 nul`,
        `back\\slash %_ like`,
        'x'.repeat(100_000),
      ];

      it('stores and finds hostile service, operation, attribute keys and values', async () => {
        for (const [i, text] of hostile.entries()) {
          const s = span({
            traceId: traceId(100 + i),
            spanId: spanId(100 + i, 0),
            name: text,
            startTimeUnixNano: T0 + BigInt(i),
            endTimeUnixNano: T0 + BigInt(i) + MS,
            attributes: [{ key: text, value: { type: 'string', value: text } }],
            statusMessage: text,
            traceState: text,
            resource: resource(text),
          });
          await store.writeSpans([s]);
          const label = JSON.stringify(text.slice(0, 40));
          expect(await store.getTrace(s.traceId), label).toStrictEqual([s]);
          const want = [hex(s.traceId)];
          expect(ids(await find({ service: text })), label).toEqual(want);
          expect(ids(await find({ operation: text })), label).toEqual(want);
          expect(ids(await find({ attributes: new Map([[text, text]]) })), label).toEqual(want);
          expect(await store.getOperations(text), label).toEqual([{ name: text, spanKind: SpanKind.INTERNAL }]);
        }
        expect(await store.getServices()).toEqual([...hostile].sort());
      });
    });

    describe('close', () => {
      it('is idempotent, and later calls reject', async () => {
        await store.writeSpans(checkoutTrace({ trace: 1 }));
        await store.close();
        await store.close();
        await expect(store.getTrace(traceId(1))).rejects.toThrow(/closed/);
        await expect(store.writeSpans(checkoutTrace({ trace: 2 }))).rejects.toThrow(/closed/);
        await expect(store.findTraces({ limit: 1 })).rejects.toThrow(/closed/);
      });

      it('finishes writes accepted before close', async () => {
        const spans = checkoutTrace({ trace: 1 });
        const write = store.writeSpans(spans);
        await store.close();
        await expect(write).resolves.toBeUndefined();
      });
    });

    it('keeps the status code and message of each span', async () => {
      const spans = checkoutTrace({ trace: 1 });
      await store.writeSpans(spans);
      const got = byStart(await store.getTrace(traceId(1)));
      expect(got.map((s) => [s.statusCode, s.statusMessage])).toEqual([
        [StatusCode.UNSET, ''],
        [StatusCode.UNSET, ''],
        [StatusCode.ERROR, 'duplicate key'],
        [StatusCode.OK, ''],
      ]);
    });
  });
}
