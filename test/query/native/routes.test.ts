/** The native API (/api/v1) over the real DuckDB store, in memory: what the web UI reads. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeApiHandler } from '../../../src/query/native/index.js';
import { openDuckDbStore } from '../../../src/store/duckdb/index.js';
import type { Store } from '../../../src/store/index.js';
import { checkoutTrace, hex, MS, resource, span, spanId, T0, traceId } from '../../store/fixtures.js';

let store: Store;
let server: http.Server;
let url: string;
const trace = checkoutTrace({ trace: 1 });
const id = hex(traceId(1));
const sid = (n: number): string => hex(spanId(1, n));

beforeAll(async () => {
  store = await openDuckDbStore({ path: ':memory:' });
  await store.writeSpans(trace);
  // The trace the root span links to, so the link can be followed.
  await store.writeSpans([span({ traceId: traceId(1_000_001), spanId: spanId(1_000_001, 7), name: 'nightly batch', startTimeUnixNano: T0 - MS, endTimeUnixNano: T0, resource: resource('batch') })]);
  // A trace whose root never arrived.
  await store.writeSpans([
    span({ traceId: traceId(2), spanId: spanId(2, 1), parentSpanId: spanId(2, 0), name: 'orphan', startTimeUnixNano: T0 + MS, endTimeUnixNano: T0 + 2n * MS, resource: resource('late') }),
  ]);
  const handler = createNativeApiHandler({ store, now: () => T0 + 30n * 60_000n * MS, onInternalError: () => {} });
  server = http.createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) res.writeHead(418).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await store.close();
});

async function get(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(`${url}${path}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

describe('GET /api/v1/search', () => {
  it('answers summaries, not whole traces', async () => {
    const r = await get('/api/v1/search?service=db');
    expect(r.status).toBe(200);
    expect(r.body.traces).toEqual([
      {
        traceId: id,
        startTimeUnixNano: T0.toString(),
        durationNs: 100e6,
        rootServiceName: 'frontend',
        rootSpanName: 'GET /checkout',
        spanCount: 4,
        errorCount: 1,
        services: [
          { service: 'db', spanCount: 1 },
          { service: 'frontend', spanCount: 3 },
        ],
      },
    ]);
    expect(r.body.limit).toBe(20);
    expect(BigInt(r.body.window.endUnixNano) - BigInt(r.body.window.startUnixNano)).toBe(3_600_000n * MS);
  });

  it('finds by attribute, status and across services; says null for a missing root', async () => {
    expect((await get('/api/v1/search?attr=db.system%3Dduckdb')).body.traces.map((t: any) => t.traceId)).toEqual([id]);
    expect((await get('/api/v1/search?attr=db.system%3Dmysql')).body.traces).toEqual([]);
    expect((await get('/api/v1/search?status=error&service=frontend')).body.traces).toEqual([]);
    const late = (await get('/api/v1/search?service=late')).body.traces[0];
    expect(late.rootServiceName).toBeNull();
    expect(late.rootSpanName).toBeNull();
  });

  it('refuses a bad parameter with its name and a 400', async () => {
    const r = await get('/api/v1/search?minDuration=fast');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('ERR_QUERY_PARAM');
    expect(r.body.error.message).toContain("parameter 'minDuration'");
  });
});

describe('GET /api/v1/traces/{id}', () => {
  it('answers the compact outline: columns, a string table, parent indexes', async () => {
    const r = await get(`/api/v1/traces/${id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    const s = r.body.strings as string[];
    expect(r.body).toMatchObject({ format: 1, traceId: id, startTimeUnixNano: T0.toString(), spanCount: 4, orphans: [] });
    const spans = r.body.spans;
    expect(spans.spanId).toEqual([0, 1, 2, 3].map(sid));
    expect(spans.parent).toEqual([-1, 0, 1, 0]);
    expect(spans.name.map((i: number) => s[i])).toEqual(['GET /checkout', 'POST /orders', 'INSERT orders', 'render']);
    expect(spans.service.map((i: number) => s[i])).toEqual(['frontend', 'frontend', 'db', 'frontend']);
    expect(spans.kind).toEqual([2, 3, 2, 1]);
    expect(spans.start).toEqual([0, 10e6, 20e6, 70e6]);
    expect(spans.duration).toEqual([100e6, 50e6, 30e6, 20e6]);
    expect(spans.status).toEqual([0, 0, 2, 1]);
    expect(spans.statusMessage.map((i: number) => s[i])).toEqual(['', '', 'duplicate key', '']);
    expect(new Set(s).size).toBe(s.length);
  });

  it('lists spans whose parent is not in the trace', async () => {
    const r = await get(`/api/v1/traces/${hex(traceId(2))}`);
    expect(r.body.spans.parent).toEqual([-1]);
    expect(r.body.orphans).toEqual([[0, hex(spanId(2, 0))]]);
  });

  it('answers HEAD without a body', async () => {
    const r = await fetch(`${url}/api/v1/traces/${id}`, { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('');
  });

  const errors: { name: string; path: string; status: number; code: string }[] = [
    { name: 'unknown trace', path: `/api/v1/traces/${'1'.repeat(32)}`, status: 404, code: 'ERR_QUERY_TRACE_NOT_FOUND' },
    { name: 'not hex', path: '/api/v1/traces/xyz', status: 400, code: 'ERR_QUERY_PARAM' },
    { name: 'too long', path: `/api/v1/traces/${'1'.repeat(33)}`, status: 400, code: 'ERR_QUERY_PARAM' },
    { name: 'unknown route', path: '/api/v1/nothing', status: 404, code: 'ERR_QUERY_ROUTE_NOT_FOUND' },
    { name: 'bad percent-encoding', path: '/api/v1/traces/%E0%A4%A', status: 400, code: 'ERR_QUERY_PARAM' },
  ];
  for (const e of errors) {
    it(`answers ${e.status} for ${e.name}`, async () => {
      const r = await get(e.path);
      expect(r.status, e.name).toBe(e.status);
      expect(r.body.error.code, e.name).toBe(e.code);
    });
  }

  it('refuses other methods with 405 and Allow', async () => {
    const r = await get(`/api/v1/traces/${id}`, { method: 'POST' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, HEAD');
  });

  it('leaves paths outside /api/v1 to the next handler', async () => {
    expect((await fetch(`${url}/api/traces/${id}`)).status).toBe(418);
    expect((await fetch(`${url}/api/v10/search`)).status).toBe(418);
  });

  it('streams a 20,000-span trace whole', async () => {
    const big = traceId(3);
    const root = spanId(3, 0);
    const spans = Array.from({ length: 20_000 }, (_, i) =>
      span({ traceId: big, spanId: spanId(3, i), parentSpanId: i === 0 ? new Uint8Array(0) : root, name: `op ${i % 10}`, startTimeUnixNano: T0 + BigInt(i), endTimeUnixNano: T0 + BigInt(i) + MS, resource: resource('big') }),
    );
    await store.writeSpans(spans);
    const r = await get(`/api/v1/traces/${hex(big)}`);
    expect(r.body.spanCount).toBe(20_000);
    expect(r.body.spans.parent.filter((p: number) => p === 0)).toHaveLength(19_999);
    expect(r.body.strings).toEqual(['big', 'op 0', '', 'op 1', 'op 2', 'op 3', 'op 4', 'op 5', 'op 6', 'op 7', 'op 8', 'op 9']);
  });
});

describe('GET /api/v1/traces/{id}/spans/{spanId}', () => {
  it('answers the whole span with typed values, event offsets and the linked trace', async () => {
    const r = await get(`/api/v1/traces/${id}/spans/${sid(0)}`);
    expect(r.status).toBe(200);
    const s = r.body.span;
    expect(s).toMatchObject({ traceId: id, spanId: sid(0), parentSpanId: '', name: 'GET /checkout', kind: 2, kindName: 'server', durationNs: 100e6, flags: 1 });
    const attr = (k: string) => s.attributes.find((a: any) => a.key === k)?.value;
    expect(attr('big.int')).toEqual({ type: 'int', value: '9007199254740993' });
    expect(attr('nan')).toEqual({ type: 'double', value: 'NaN' });
    expect(attr('payload')).toEqual({ type: 'bytes', value: 'AAEC/v8=' });
    expect(s.events.map((e: any) => [e.name, e.offsetNs])).toEqual([
      ['request.received', 1],
      ['response.sent', 99e6],
    ]);
    expect(s.links[0]).toMatchObject({ traceId: hex(traceId(1_000_001)), trace: { rootServiceName: 'batch', rootSpanName: 'nightly batch', spanCount: 1 } });
    expect(s.resource.attributes[0]).toEqual({ key: 'service.name', value: { type: 'string', value: 'frontend' } });
    expect(s.scope).toMatchObject({ name: '@ariadne/test', version: '1.2.3' });
    expect(r.body.otlp.resourceSpans[0].scopeSpans[0].spans[0].spanId).toBe(sid(0));
  });

  it('says when a linked trace is not stored', async () => {
    await store.writeSpans(checkoutTrace({ trace: 9, start: T0 + 10n * MS, db: resource('db9') }));
    const r = await get(`/api/v1/traces/${hex(traceId(9))}/spans/${hex(spanId(9, 0))}`);
    expect(r.body.span.links[0].trace).toBeNull();
  });

  it('answers the OTLP/JSON as a download', async () => {
    const r = await get(`/api/v1/traces/${id}/spans/${sid(2)}?download=1`);
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="span-${sid(2)}.json"`);
    expect(r.body.resourceSpans[0].scopeSpans[0].spans[0].name).toBe('INSERT orders');
  });

  it('tells an unknown span from an unknown trace', async () => {
    expect((await get(`/api/v1/traces/${id}/spans/${'7'.repeat(16)}`)).body.error.code).toBe('ERR_QUERY_SPAN_NOT_FOUND');
    expect((await get(`/api/v1/traces/${'1'.repeat(32)}/spans/${sid(0)}`)).body.error.code).toBe('ERR_QUERY_TRACE_NOT_FOUND');
    expect((await get(`/api/v1/traces/${id}/spans/abc`)).status).toBe(400);
  });
});

describe('GET /api/v1/traces/{id}/search', () => {
  it('answers the ids of matching spans', async () => {
    expect((await get(`/api/v1/traces/${id}/search?q=DuckDB`)).body).toEqual({ spanIds: [sid(2)], truncated: false });
    expect((await get(`/api/v1/traces/${id}/search?q=prod`)).body.spanIds).toEqual([sid(0), sid(1), sid(3)]);
    expect((await get(`/api/v1/traces/${id}/search?q=%20`)).body.spanIds).toEqual([]);
    expect((await get(`/api/v1/traces/${id}/search?q=${'x'.repeat(1001)}`)).status).toBe(400);
  });
});

describe('GET /api/v1/services/stats', () => {
  it('answers per-service and per-operation figures for the window', async () => {
    const r = await get('/api/v1/services/stats?lookback=1h');
    expect(r.status).toBe(200);
    const db = r.body.services.find((s: any) => s.service === 'db');
    expect(db).toEqual({ service: 'db', spanCount: 1, errorCount: 1, p50Ns: 30e6, p95Ns: 30e6, p99Ns: 30e6, operations: [{ operation: 'INSERT orders', spanCount: 1, errorCount: 1, p50Ns: 30e6, p95Ns: 30e6, p99Ns: 30e6 }] });
    expect((await get('/api/v1/services/stats?lookback=nope')).status).toBe(400);
  });
});
