/**
 * Route tests over the ArrayStore test double (an HTTP-layer fixture, not a backend):
 * paths, parameters, envelopes, status codes, HEAD/405/404, streaming.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Span } from '../../src/model/index.js';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import { createQueryRouter, type QueryError, type QueryRouterOptions } from '../../src/query/index.js';
import { fullFidelityTrace } from '../helpers/span-fixture.js';
import { ArrayStore } from './helpers/array-store.js';
import { makeSpan, resourceOf, TRACE_A, TRACE_B } from './helpers/spans.js';

const NOW = 1_700_000_100_000_000_000n;

interface Served {
  url: string;
  close(): Promise<void>;
}
const servers: Served[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: Partial<QueryRouterOptions> & { store: QueryRouterOptions['store'] }): Promise<Served> {
  const router = createQueryRouter({ now: () => NOW, onInternalError: () => {}, ...options });
  const server = http.createServer((req, res) => {
    void router(req, res).then((handled) => {
      if (!handled) {
        res.writeHead(418, { 'Content-Type': 'text/plain' });
        res.end('not a query route');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const served = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  servers.push(served);
  return served;
}

async function get(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; text: string; body: any }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** Two traces: A (frontend -> backend) older, B (frontend only, error) newer. */
function sampleSpans(): Span[] {
  const frontend = resourceOf('frontend');
  const backend = resourceOf('backend');
  return [
    makeSpan({ traceId: TRACE_A, spanId: 'a000000000000001', name: 'GET /cart', kind: 2, resource: frontend, startTimeUnixNano: 1_700_000_000_000_000_000n, endTimeUnixNano: 1_700_000_000_050_000_000n }),
    makeSpan({
      traceId: TRACE_A,
      spanId: 'a000000000000002',
      parentSpanId: 'a000000000000001',
      name: 'SELECT cart',
      kind: 3,
      resource: backend,
      attributes: [{ key: 'db.system', value: { type: 'string', value: 'postgresql' } }],
      startTimeUnixNano: 1_700_000_000_010_000_000n,
      endTimeUnixNano: 1_700_000_000_020_000_000n,
    }),
    makeSpan({ traceId: TRACE_B, spanId: 'b000000000000001', name: 'POST /pay', kind: 2, statusCode: 2, resource: frontend, startTimeUnixNano: 1_700_000_050_000_000_000n, endTimeUnixNano: 1_700_000_050_200_000_000n }),
  ];
}

describe('Jaeger UI API', () => {
  it('GET /api/services', async () => {
    const { url } = await serve({ store: new ArrayStore(sampleSpans()) });
    const r = await get(`${url}/api/services`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.body).toEqual({ data: ['backend', 'frontend'], total: 2, limit: 0, offset: 0, errors: null });
  });

  it('GET /api/services/{service}/operations: unique names; the service is percent-decoded', async () => {
    const store = new ArrayStore([
      ...sampleSpans(),
      makeSpan({ spanId: 'c000000000000001', name: 'GET /cart', kind: 3, resource: resourceOf('frontend') }),
      makeSpan({ spanId: 'c000000000000002', name: 'x', resource: resourceOf('a/b c') }),
    ]);
    const { url } = await serve({ store });
    expect((await get(`${url}/api/services/frontend/operations`)).body).toEqual({
      data: ['GET /cart', 'POST /pay'],
      total: 2,
      limit: 0,
      offset: 0,
      errors: null,
    });
    expect((await get(`${url}/api/services/a%2Fb%20c/operations`)).body.data).toEqual(['x']);
    expect(store.operationCalls.at(-1)).toEqual({ service: 'a/b c' });
  });

  it('GET /api/operations?service=&spanKind= gives {name, spanKind} objects', async () => {
    const store = new ArrayStore([...sampleSpans(), makeSpan({ spanId: 'c000000000000003', name: 'tick', kind: 0, resource: resourceOf('frontend') })]);
    const { url } = await serve({ store });
    expect((await get(`${url}/api/operations?service=frontend`)).body).toEqual({
      data: [
        { name: 'GET /cart', spanKind: 'server' },
        { name: 'POST /pay', spanKind: 'server' },
        { name: 'tick', spanKind: '' },
      ],
      total: 3,
      limit: 0,
      offset: 0,
      errors: null,
    });
    expect((await get(`${url}/api/operations?service=backend&spanKind=client`)).body.data).toEqual([{ name: 'SELECT cart', spanKind: 'client' }]);
    expect(store.operationCalls.at(-1)).toEqual({ service: 'backend', spanKind: 3 });
    const bad = await get(`${url}/api/operations`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 400, msg: "parameter 'service': is required" }] });
  });

  it('GET /api/traces/{traceID}: the trace in Jaeger JSON', async () => {
    const { url } = await serve({ store: new ArrayStore(sampleSpans()) });
    const r = await get(`${url}/api/traces/${TRACE_A}`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(0);
    expect(r.body.errors).toBeNull();
    expect(r.body.data).toHaveLength(1);
    const trace = r.body.data[0];
    expect(trace.traceID).toBe(TRACE_A);
    expect(trace.spans.map((s: { spanID: string }) => s.spanID)).toEqual(['a000000000000001', 'a000000000000002']);
    expect(trace.spans[1].references).toEqual([{ refType: 'CHILD_OF', traceID: TRACE_A, spanID: 'a000000000000001' }]);
    expect(trace.spans[1].tags).toEqual([
      { key: 'db.system', type: 'string', value: 'postgresql' },
      { key: 'span.kind', type: 'string', value: 'client' },
    ]);
    expect(trace.processes).toEqual({ p1: { serviceName: 'frontend', tags: [] }, p2: { serviceName: 'backend', tags: [] } });
    expect(trace.warnings).toBeNull();
  });

  it('GET /api/traces/{traceID}: a short id is left-padded; uppercase works', async () => {
    const id64 = '00000000000000008448eb211c80319c';
    const { url } = await serve({ store: new ArrayStore([makeSpan({ traceId: id64 })]) });
    for (const given of ['8448eb211c80319c', '8448EB211C80319C', id64]) {
      const r = await get(`${url}/api/traces/${given}`);
      expect(r.status, given).toBe(200);
      expect(r.body.data[0].traceID, given).toBe('8448eb211c80319c');
    }
  });

  it('GET /api/traces/{traceID}: 404 and 400 in the Jaeger error envelope', async () => {
    const { url } = await serve({ store: new ArrayStore(sampleSpans()) });
    const missing = await get(`${url}/api/traces/${'1'.repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}');
    const bad = await get(`${url}/api/traces/not-hex`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ code: 400, msg: "parameter 'traceID': cannot parse 'not-hex' as a trace id (1 to 32 hex digits)" }]);
    expect((await get(`${url}/api/traces/${'a'.repeat(33)}`)).status).toBe(400);
  });

  it('GET /api/traces: full traces, most recent first, with the parsed query passed to the store', async () => {
    const store = new ArrayStore(sampleSpans());
    const { url } = await serve({ store });
    const r = await get(`${url}/api/traces?service=frontend&lookback=1h&limit=5`);
    expect(r.status).toBe(200);
    expect(r.body.data.map((t: { traceID: string }) => t.traceID)).toEqual([TRACE_B, TRACE_A]);
    expect(r.body.data[1].spans).toHaveLength(2);
    expect(r.body).toMatchObject({ total: 0, limit: 0, offset: 0, errors: null });
    expect(store.queries.at(-1)).toEqual({ service: 'frontend', startTimeMinNs: NOW - 3_600_000_000_000n, startTimeMaxNs: NOW, limit: 5 });
  });

  it('GET /api/traces: tags (JSON) and tag (key:value) both filter', async () => {
    const store = new ArrayStore(sampleSpans());
    const { url } = await serve({ store });
    const viaTag = await get(`${url}/api/traces?service=backend&tag=db.system:postgresql`);
    expect(viaTag.body.data.map((t: { traceID: string }) => t.traceID)).toEqual([TRACE_A]);
    const viaTags = await get(`${url}/api/traces?service=backend&tags=${encodeURIComponent('{"db.system":"mysql"}')}`);
    expect(viaTags.body.data).toEqual([]);
    expect(Object.fromEntries(store.queries.at(-1)!.attributes!)).toEqual({ 'db.system': 'mysql' });
  });

  it('GET /api/traces: limit defaults to 20 and is capped at maxTraceLimit', async () => {
    const store = new ArrayStore(sampleSpans());
    const { url } = await serve({ store, maxTraceLimit: 50 });
    await get(`${url}/api/traces?service=frontend`);
    expect(store.queries.at(-1)!.limit).toBe(20);
    await get(`${url}/api/traces?service=frontend&limit=10000`);
    expect(store.queries.at(-1)!.limit).toBe(50);
  });

  it('GET /api/traces?traceID=...: found traces, and an error entry per missing one', async () => {
    const { url } = await serve({ store: new ArrayStore(sampleSpans()) });
    const r = await get(`${url}/api/traces?traceID=${TRACE_B}&traceID=abc`);
    expect(r.status).toBe(200);
    expect(r.body.data.map((t: { traceID: string }) => t.traceID)).toEqual([TRACE_B]);
    expect(r.body.errors).toEqual([{ msg: 'trace not found', traceID: '0000000000000abc' }]);
  });

  const badSearches: [name: string, query: string, msg: string][] = [
    ['the example from the docs', 'service=frontend&minDuration=12parsecs', "parameter 'minDuration': cannot parse '12parsecs' as a duration"],
    ['no service', 'operation=x', "parameter 'service': is required (or give traceID)"],
    ['start after end', 'service=frontend&start=2000&end=1000', "parameter 'start': must not be after 'end' (2000 > 1000)"],
    ['limit not a number', 'service=frontend&limit=lots', "parameter 'limit': cannot parse 'lots' as a positive integer"],
  ];
  it.each(badSearches)('GET /api/traces 400: %s', async (name, query, msg) => {
    const { url } = await serve({ store: new ArrayStore(sampleSpans()) });
    const r = await get(`${url}/api/traces?${query}`);
    expect(r.status, name).toBe(400);
    expect(r.text, name).toBe(JSON.stringify({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 400, msg }] }));
  });

  it('GET /api/dependencies: links merged and filtered, window in milliseconds', async () => {
    const store = new ArrayStore(sampleSpans());
    store.dependencyLinks = [
      { parent: 'frontend', child: 'backend', callCount: 4 },
      { parent: 'backend', child: 'db', callCount: 2 },
    ];
    const { url } = await serve({ store });
    const r = await get(`${url}/api/dependencies?endTs=1700000001000&lookback=3600000`);
    expect(r.body).toEqual({
      data: [
        { parent: 'backend', child: 'db', callCount: 2 },
        { parent: 'frontend', child: 'backend', callCount: 5 },
      ],
      total: 0,
      limit: 0,
      offset: 0,
      errors: null,
    });
    expect(store.dependencyCalls.at(-1)).toEqual({ endNs: 1_700_000_001_000_000_000n, lookbackNs: 3_600_000_000_000n });
    expect((await get(`${url}/api/dependencies?service=db`)).body.data).toEqual([{ parent: 'backend', child: 'db', callCount: 2 }]);
    expect((await get(`${url}/api/dependencies?endTs=soon`)).status).toBe(400);
  });
});

describe('router behaviour', () => {
  it('returns false for paths outside /api so the caller can serve them', async () => {
    const { url } = await serve({ store: new ArrayStore() });
    for (const path of ['/', '/metrics', '/healthz', '/apis', '/search?service=x', '/static/api/services']) {
      expect((await get(`${url}${path}`)).status, path).toBe(418);
    }
  });

  it('unknown paths under /api answer a JSON 404 in the matching envelope', async () => {
    const { url } = await serve({ store: new ArrayStore() });
    const v1 = await get(`${url}/api/nothing`);
    expect(v1.status).toBe(404);
    expect(v1.body).toEqual({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'no such API route: /api/nothing' }] });
    const v3 = await get(`${url}/api/v3/nothing`);
    expect(v3.status).toBe(404);
    expect(v3.body).toEqual({ error: { httpCode: 404, message: 'no such API route: /api/v3/nothing' } });
    expect((await get(`${url}/api`)).status).toBe(404);
    expect((await get(`${url}/api/traces/`)).status).toBe(404);
  });

  it('other methods on known routes: 405 with Allow', async () => {
    const { url } = await serve({ store: new ArrayStore() });
    for (const [path, method] of [
      ['/api/services', 'POST'],
      ['/api/traces/abc', 'DELETE'],
      ['/api/v3/services', 'PUT'],
    ] as const) {
      const r = await get(`${url}${path}`, { method });
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, HEAD');
    }
    expect((await get(`${url}/api/services`, { method: 'POST' })).body.errors[0]).toEqual({ code: 405, msg: 'method POST is not allowed; use GET or HEAD' });
    expect((await get(`${url}/api/v3/services`, { method: 'POST' })).body).toEqual({ error: { httpCode: 405, message: 'method POST is not allowed; use GET or HEAD' } });
  });

  it('HEAD: same status and headers, no body', async () => {
    const { url } = await serve({ store: new ArrayStore(sampleSpans()) });
    const services = await get(`${url}/api/services`, { method: 'HEAD' });
    expect(services.status).toBe(200);
    expect(services.text).toBe('');
    expect(Number(services.headers.get('content-length'))).toBeGreaterThan(0);
    const trace = await get(`${url}/api/traces/${TRACE_A}`, { method: 'HEAD' });
    expect([trace.status, trace.text]).toEqual([200, '']);
    const missing = await get(`${url}/api/traces/${TRACE_A.replace('0a', '0b')}`, { method: 'HEAD' });
    expect([missing.status, missing.text]).toEqual([404, '']);
    const v3 = await get(`${url}/api/v3/traces/${TRACE_A}`, { method: 'HEAD' });
    expect([v3.status, v3.text]).toEqual([200, '']);
  });

  it('serves under a base path', async () => {
    const { url } = await serve({ store: new ArrayStore(sampleSpans()), basePath: '/jaeger/' });
    expect((await get(`${url}/jaeger/api/services`)).body.data).toEqual(['backend', 'frontend']);
    expect((await get(`${url}/api/services`)).status).toBe(418);
    expect((await get(`${url}/jaegerx/api/services`)).status).toBe(418);
  });

  it('a failing store answers 500 in the envelope and is reported', async () => {
    const store = new ArrayStore();
    store.failWith = new Error('disk on fire');
    const reported: QueryError[] = [];
    const { url } = await serve({ store, onInternalError: (e) => reported.push(e) });
    const r = await get(`${url}/api/services`);
    expect(r.status).toBe(500);
    expect(r.body.errors).toEqual([{ code: 500, msg: 'store error: disk on fire' }]);
    const v3 = await get(`${url}/api/v3/services`);
    expect(v3.body).toEqual({ error: { httpCode: 500, message: 'store error: disk on fire' } });
    expect(reported.map((e) => e.code)).toEqual(['ERR_QUERY_STORE', 'ERR_QUERY_STORE']);
    expect(reported[0]!.cause).toBe(store.failWith);
  });

  it('broken percent-encoding in a path parameter is a 400 naming it', async () => {
    const { url } = await serve({ store: new ArrayStore() });
    const r = await get(`${url}/api/services/%E0%A4%A/operations`);
    expect(r.status).toBe(400);
    expect(r.body.errors[0].msg).toBe("parameter 'service': malformed percent-encoding in '%E0%A4%A'");
  });

  const badOptions: [name: string, options: Partial<QueryRouterOptions>, message: string][] = [
    ['zero maxTraceLimit', { maxTraceLimit: 0 }, 'query router option maxTraceLimit must be a positive integer, got 0'],
    ['fractional defaultTraceLimit', { defaultTraceLimit: 1.5 }, 'query router option defaultTraceLimit must be a positive integer, got 1.5'],
    ['negative streamChunkSpans', { streamChunkSpans: -1 }, 'query router option streamChunkSpans must be a positive integer, got -1'],
  ];
  it.each(badOptions)('rejects bad options: %s', (name, options, message) => {
    expect(() => createQueryRouter({ store: new ArrayStore(), ...options }), name).toThrow(message);
  });
});

describe('api_v3', () => {
  const WINDOW = 'query.start_time_min=2023-11-14T00:00:00Z&query.start_time_max=2023-11-15T00:00:00Z';

  it('GET /api/v3/services and /api/v3/operations', async () => {
    const { url } = await serve({ store: new ArrayStore(sampleSpans()) });
    expect((await get(`${url}/api/v3/services`)).body).toEqual({ services: ['backend', 'frontend'] });
    expect((await get(`${url}/api/v3/operations?service=backend`)).body).toEqual({ operations: [{ name: 'SELECT cart', spanKind: 'client' }] });
    expect((await get(`${url}/api/v3/operations?service=frontend&span_kind=client`)).body).toEqual({ operations: [] });
    const bad = await get(`${url}/api/v3/operations`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: { httpCode: 400, message: "parameter 'service': is required" } });
  });

  it('GET /api/v3/traces/{trace_id}: {"result": TracesData}, exact to the nanosecond and type', async () => {
    const spans = fullFidelityTrace();
    const { url } = await serve({ store: new ArrayStore(spans) });
    const hexId = Buffer.from(spans[0]!.traceId).toString('hex');
    const r = await get(`${url}/api/v3/traces/${hexId}`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['result']);
    expect(r.body.result.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano).toBe(String(spans[0]!.startTimeUnixNano));
    const back = decodeTraceRequestJson(JSON.stringify(r.body.result));
    const plain = (x: unknown) => JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)));
    expect(plain(back)).toEqual(plain([...spans].sort((a, b) => Number(a.startTimeUnixNano - b.startTimeUnixNano))));
  });

  it('GET /api/v3/traces/{trace_id}: 404 "No traces found", 400 for a bad id or hint', async () => {
    const { url } = await serve({ store: new ArrayStore(sampleSpans()) });
    const missing = await get(`${url}/api/v3/traces/${'2'.repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('{"error":{"httpCode":404,"message":"No traces found"}}');
    const bad = await get(`${url}/api/v3/traces/zz`);
    expect(bad.body).toEqual({ error: { httpCode: 400, message: "parameter 'trace_id': cannot parse 'zz' as a trace id (1 to 32 hex digits)" } });
    expect((await get(`${url}/api/v3/traces/${TRACE_A}?start_time=yesterday`)).status).toBe(400);
    expect((await get(`${url}/api/v3/traces/${TRACE_A}?start_time=2023-11-14T00:00:00Z&raw_traces=true`)).status).toBe(200);
  });

  it('GET /api/v3/traces?query.*: resource spans of each found trace, most recent first', async () => {
    const store = new ArrayStore(sampleSpans());
    const { url } = await serve({ store });
    const r = await get(`${url}/api/v3/traces?${WINDOW}&query.service_name=frontend&query.num_traces=10&query.attributes=${encodeURIComponent('{}')}`);
    expect(r.status).toBe(200);
    const traceIds = r.body.result.resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans.map((s: any) => s.traceId)));
    expect(traceIds).toEqual([TRACE_B, TRACE_A, TRACE_A]);
    expect(store.queries.at(-1)).toEqual({
      service: 'frontend',
      startTimeMinNs: 1_699_920_000_000_000_000n,
      startTimeMaxNs: 1_700_006_400_000_000_000n,
      limit: 10,
    });
  });

  it('GET /api/v3/traces: 404 when nothing matches, 400 on bad parameters', async () => {
    const { url } = await serve({ store: new ArrayStore(sampleSpans()) });
    const none = await get(`${url}/api/v3/traces?${WINDOW}&query.service_name=nobody`);
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ error: { httpCode: 404, message: 'No traces found' } });
    const bad = await get(`${url}/api/v3/traces?${WINDOW}&query.duration_min=12parsecs`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: { httpCode: 400, message: "parameter 'query.duration_min': cannot parse '12parsecs' as a duration" } });
    expect((await get(`${url}/api/v3/traces?query.service_name=frontend`)).status).toBe(400);
  });
});

describe('streaming large traces', () => {
  function bigTrace(n: number): Span[] {
    const spans: Span[] = [];
    const resources = [resourceOf('a'), resourceOf('b'), resourceOf('c')];
    for (let i = 0; i < n; i++) {
      spans.push(
        makeSpan({
          spanId: (i + 1).toString(16).padStart(16, '0'),
          parentSpanId: i === 0 ? '' : '0000000000000001',
          name: `op-${i % 50}`,
          resource: resources[i % 3]!,
          attributes: [{ key: 'payload', value: { type: 'string', value: 'x'.repeat(200) } }],
          startTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(i) * 1000n,
        }),
      );
    }
    return spans;
  }

  /** Reads a response slowly so the server's socket buffer fills and it must wait for 'drain'. */
  function slowGet(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
    return new Promise((resolve, reject) => {
      http
        .get(url, (res) => {
          const chunks: Buffer[] = [];
          res.pause();
          const pump = (): void => {
            let c: Buffer | null;
            while ((c = res.read() as Buffer | null) !== null) chunks.push(c);
            if (!res.readableEnded) setTimeout(pump, 5);
          };
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
          setTimeout(pump, 50);
        })
        .on('error', reject);
    });
  }

  it('GET /api/traces/{id} streams a 20,000-span trace in chunks (chunked transfer, valid JSON)', async () => {
    const spans = bigTrace(20_000);
    const { url } = await serve({ store: new ArrayStore(spans), streamChunkSpans: 100 });
    const r = await slowGet(`${url}/api/traces/${TRACE_A}`);
    expect(r.status).toBe(200);
    expect(r.headers['transfer-encoding']).toBe('chunked');
    expect(r.headers['content-length']).toBeUndefined();
    expect(r.text.length).toBeGreaterThan(5_000_000);
    const body = JSON.parse(r.text);
    expect(body.data[0].spans).toHaveLength(20_000);
    expect(Object.keys(body.data[0].processes)).toEqual(['p1', 'p2', 'p3']);
    expect(body.data[0].spans[19_999].spanID).toBe((20_000).toString(16).padStart(16, '0'));
    expect(body).toMatchObject({ total: 0, limit: 0, offset: 0, errors: null });
  });

  it('GET /api/v3/traces/{id} streams too', async () => {
    const spans = bigTrace(5_000);
    const { url } = await serve({ store: new ArrayStore(spans), streamChunkSpans: 64 });
    const r = await slowGet(`${url}/api/v3/traces/${TRACE_A}`);
    const body = JSON.parse(r.text);
    expect(body.result.resourceSpans.map((rs: any) => rs.scopeSpans[0].spans.length)).toEqual([1667, 1667, 1666]);
  });

  it('a client that disconnects mid-stream stops the writer; the server keeps serving', async () => {
    const spans = bigTrace(30_000);
    const { url } = await serve({ store: new ArrayStore(spans), streamChunkSpans: 50 });
    await new Promise<void>((resolve) => {
      const req = http.get(`${url}/api/traces/${TRACE_A}`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => resolve());
    });
    expect((await get(`${url}/api/services`)).status).toBe(200);
  });
});
