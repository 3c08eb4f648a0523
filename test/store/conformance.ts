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

    describe('trace views for the UI', () => {
      beforeEach(async () => {
        await store.writeSpans(checkoutTrace({ trace: 1 }));
        await store.writeSpans(checkoutTrace({ trace: 2, start: T0 + HOUR, db: resource('inventory') }));
      });

      it('finds failing traces by status code', async () => {
        expect(ids(await find({ statusCode: StatusCode.ERROR, service: 'db' }))).toEqual([hex(traceId(1))]);
        expect(ids(await find({ statusCode: StatusCode.ERROR }))).toHaveLength(2);
        expect(await find({ statusCode: StatusCode.ERROR, service: 'frontend' })).toEqual([]);
        expect(ids(await find({ statusCode: StatusCode.OK, operation: 'render' }))).toHaveLength(2);
      });

      it('getTraceSummaries returns what findTraces does, for known ids only', async () => {
        const [found] = await find({ service: 'db' });
        const got = await store.getTraceSummaries([traceId(1), traceId(999)]);
        expect([...got.keys()]).toEqual([hex(traceId(1))]);
        expect(got.get(hex(traceId(1)))).toStrictEqual(found);
        expect((await store.getTraceSummaries([])).size).toBe(0);
      });

      it('getTraceOutline gives every span as parallel columns in getTrace order', async () => {
        const spans = checkoutTrace({ trace: 1 });
        const outline = await store.getTraceOutline(traceId(1));
        expect(outline).toStrictEqual({
          traceId: traceId(1),
          startTimeUnixNano: T0,
          spanIds: spans.map((s) => hex(s.spanId)),
          parentSpanIds: ['', hex(spans[0]!.spanId), hex(spans[1]!.spanId), hex(spans[0]!.spanId)],
          names: ['GET /checkout', 'POST /orders', 'INSERT orders', 'render'],
          services: ['frontend', 'frontend', 'db', 'frontend'],
          kinds: [SpanKind.SERVER, SpanKind.CLIENT, SpanKind.SERVER, SpanKind.INTERNAL],
          startOffsetsNs: [0, 10e6, 20e6, 70e6],
          durationsNs: [100e6, 50e6, 30e6, 20e6],
          statusCodes: [StatusCode.UNSET, StatusCode.UNSET, StatusCode.ERROR, StatusCode.OK],
          statusMessages: ['', '', 'duplicate key', ''],
        });
        expect(await store.getTraceOutline(traceId(999))).toBeUndefined();
      });

      it('getTraceOutline keeps hostile text exact and a negative duration negative', async () => {
        const text = `<img src=x onerror=alert(1)> "\\ \u0000 日本 🚀`;
        const odd = span({ traceId: traceId(7), spanId: spanId(7, 0), name: text, statusMessage: text, startTimeUnixNano: T0, endTimeUnixNano: T0 - 5n * MS, resource: resource(text) });
        await store.writeSpans([odd]);
        const outline = await store.getTraceOutline(traceId(7));
        expect(outline?.names).toEqual([text]);
        expect(outline?.services).toEqual([text]);
        expect(outline?.statusMessages).toEqual([text]);
        expect(outline?.durationsNs).toEqual([-5e6]);
      });

      it('getSpans returns whole spans by id, in start order, leaving out unknown ids', async () => {
        const spans = checkoutTrace({ trace: 1 });
        expect(await store.getSpans(traceId(1), [spans[3]!.spanId, spans[0]!.spanId, spanId(1, 99)])).toStrictEqual([spans[0], spans[3]]);
        expect(await store.getSpans(traceId(2), [spans[0]!.spanId])).toEqual([]);
        expect(await store.getSpans(traceId(999), [spans[0]!.spanId])).toEqual([]);
        expect(await store.getSpans(traceId(1), [])).toEqual([]);
      });

      const searchCases: { name: string; text: string; spans: number[] }[] = [
        { name: 'span name, any case', text: 'insert ORDERS', spans: [2] },
        { name: 'part of a name', text: '/ORD', spans: [1] },
        { name: 'status message', text: 'duplicate', spans: [2] },
        { name: 'attribute value', text: 'duckdb', spans: [2] },
        { name: 'attribute key', text: 'peer.serv', spans: [1] },
        { name: 'int attribute in text form', text: '9007199254740993', spans: [0] },
        { name: 'resource attribute of every frontend span', text: 'prod', spans: [0, 1, 3] },
        { name: 'nothing', text: 'no such text', spans: [] },
        { name: 'empty text matches nothing', text: '', spans: [] },
        { name: 'not the field names of a stored array value', text: 'arrayValue', spans: [] },
      ];
      for (const c of searchCases) {
        it(`searchTraceSpans: ${c.name}`, async () => {
          const spans = checkoutTrace({ trace: 1 });
          const got = await store.searchTraceSpans(traceId(1), c.text);
          expect(got.map(hex), c.name).toEqual(c.spans.map((i) => hex(spans[i]!.spanId)));
        });
      }

      it('getServiceStats counts spans, errors and nearest-rank latency per service and operation', async () => {
        // 100 spans of 1..100 ms on `latency`, every tenth one failed.
        const many = Array.from({ length: 100 }, (_, i) =>
          span({
            traceId: traceId(50),
            spanId: spanId(50, i),
            name: i % 2 === 0 ? 'even' : 'odd',
            startTimeUnixNano: T0 + BigInt(i),
            endTimeUnixNano: T0 + BigInt(i) + BigInt(i + 1) * MS,
            statusCode: i % 10 === 0 ? StatusCode.ERROR : StatusCode.UNSET,
            resource: resource('latency'),
          }),
        );
        await store.writeSpans(many);
        const stats = await store.getServiceStats(T0, T0 + HOUR - 1n);
        expect(stats.map((s) => s.service)).toEqual(['db', 'frontend', 'latency']);
        const latency = stats.find((s) => s.service === 'latency');
        expect(latency).toStrictEqual({
          service: 'latency',
          spanCount: 100,
          errorCount: 10,
          p50Ns: 50n * MS,
          p95Ns: 95n * MS,
          p99Ns: 99n * MS,
          operations: [
            // even: 1, 3, 5 ... 99 ms; odd: 2, 4 ... 100 ms; failures at i = 0, 10, ... are all even.
            { operation: 'even', spanCount: 50, errorCount: 10, p50Ns: 49n * MS, p95Ns: 95n * MS, p99Ns: 99n * MS },
            { operation: 'odd', spanCount: 50, errorCount: 0, p50Ns: 50n * MS, p95Ns: 96n * MS, p99Ns: 100n * MS },
          ],
        });
        const frontend = stats.find((s) => s.service === 'frontend');
        expect(frontend?.operations.map((o) => [o.operation, o.spanCount])).toEqual([
          ['GET /checkout', 1],
          ['POST /orders', 1],
          ['render', 1],
        ]);
        expect(stats.find((s) => s.service === 'db')).toMatchObject({ spanCount: 1, errorCount: 1, p50Ns: 30n * MS, p99Ns: 30n * MS });
        // Trace 2 starts an hour later: only a window that holds it sees inventory.
        expect((await store.getServiceStats(T0, T0 + 2n * HOUR)).map((s) => s.service)).toEqual(['db', 'frontend', 'inventory', 'latency']);
        expect(await store.getServiceStats(T0 - 2n * HOUR, T0 - HOUR)).toEqual([]);
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
