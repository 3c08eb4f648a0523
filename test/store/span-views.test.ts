/**
 * The in-memory definitions of the UI's read methods (src/store/span-views.ts) give
 * the same answers as the DuckDB store's queries, on the conformance fixtures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusCode, type Span } from '../../src/model/index.js';
import { openDuckDbStore } from '../../src/store/duckdb/index.js';
import type { Store } from '../../src/store/index.js';
import { serviceStatsOf, spansMatchingText, traceOutlineOf, traceSummaryOf } from '../../src/store/span-views.js';
import { checkoutTrace, HOUR, MS, resource, span, spanId, T0, traceId } from './fixtures.js';

const trace = checkoutTrace({ trace: 1 });
const latency: Span[] = Array.from({ length: 37 }, (_, i) =>
  span({
    traceId: traceId(2),
    spanId: spanId(2, i),
    parentSpanId: i === 0 ? new Uint8Array(0) : spanId(2, 0),
    name: `op${i % 3}`,
    startTimeUnixNano: T0 + BigInt(i) * MS,
    endTimeUnixNano: T0 + BigInt(i) * MS + BigInt((i * 7919) % 101) * MS,
    statusCode: i % 5 === 0 ? StatusCode.ERROR : StatusCode.UNSET,
    resource: resource(i % 2 === 0 ? 'even' : 'odd'),
  }),
);
const all = [...trace, ...latency];

let store: Store;
beforeAll(async () => {
  store = await openDuckDbStore({ path: ':memory:' });
  await store.writeSpans([...all].reverse());
});
afterAll(() => store.close());

describe('span-views agree with the DuckDB store', () => {
  it('outline', async () => {
    for (const [id, spans] of [
      [traceId(1), trace],
      [traceId(2), latency],
    ] as const) {
      expect(traceOutlineOf(id, [...spans].reverse())).toStrictEqual(await store.getTraceOutline(id));
    }
  });

  it('summary', async () => {
    const got = await store.getTraceSummaries([traceId(1), traceId(2)]);
    expect(traceSummaryOf(trace)).toStrictEqual(got.get(Buffer.from(traceId(1)).toString('hex')));
    expect(traceSummaryOf(latency)).toStrictEqual(got.get(Buffer.from(traceId(2)).toString('hex')));
  });

  for (const text of ['ORDERS', 'duckdb', 'prod', 'http.', '9007199254740993', 'GET', 'op1', 'no such', '']) {
    it(`search ${JSON.stringify(text)}`, async () => {
      for (const [id, spans] of [
        [traceId(1), trace],
        [traceId(2), latency],
      ] as const) {
        expect(spansMatchingText(spans, text).map((s) => s.spanId)).toStrictEqual(await store.searchTraceSpans(id, text));
      }
    });
  }

  it('service stats', async () => {
    for (const [from, to] of [
      [T0, T0 + HOUR],
      [T0 + 10n * MS, T0 + 20n * MS],
    ] as const) {
      expect(serviceStatsOf(all, from, to)).toStrictEqual(await store.getServiceStats(from, to));
    }
  });
});
