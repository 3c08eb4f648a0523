/** The query routes over the real DuckDB store (in memory): what the all-in-one serves. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import { createQueryRouter } from '../../src/query/index.js';
import { openDuckDbStore } from '../../src/store/duckdb/index.js';
import type { Store } from '../../src/store/index.js';
import { fullFidelityTrace } from '../helpers/span-fixture.js';
import { makeSpan, resourceOf, TRACE_B } from './helpers/spans.js';

const START = 1_732_000_000_123_456_789n;
const NOW = START + 60_000_000_000n;

let store: Store;
let server: http.Server;
let url: string;
const spans = fullFidelityTrace(START);
const traceHex = Buffer.from(spans[0]!.traceId).toString('hex');

beforeAll(async () => {
  store = await openDuckDbStore({ path: ':memory:' });
  await store.writeSpans(spans);
  await store.writeSpans([
    makeSpan({ traceId: TRACE_B, spanId: 'b000000000000001', name: 'POST /pay', kind: 2, resource: resourceOf('payments'), startTimeUnixNano: START + 1_000n, endTimeUnixNano: START + 5_000_000n }),
  ]);
  const router = createQueryRouter({ store, now: () => NOW, onInternalError: () => {} });
  server = http.createServer((req, res) => {
    void router(req, res).then((handled) => {
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

async function getJson(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`);
  return { status: res.status, body: await res.json() };
}

describe('query routes over DuckDB', () => {
  it('/api/services lists both services', async () => {
    const r = await getJson('/api/services');
    expect(r.body.data).toEqual(['checkout', 'payments']);
    expect(r.body.total).toBe(2);
  });

  it('/api/traces/{id}: Jaeger JSON with every OTLP detail mapped', async () => {
    const r = await getJson(`/api/traces/${traceHex}`);
    expect(r.status).toBe(200);
    const trace = r.body.data[0];
    expect(trace.traceID).toBe(traceHex);
    expect(trace.spans).toHaveLength(2);
    const [root, child] = trace.spans;
    expect(root.startTime).toBe(Number(START / 1000n));
    expect(root.duration).toBe(12_345);
    expect(root.flags).toBe(1);
    expect(root.tags).toContainEqual({ key: 'w3c.tracestate', type: 'string', value: 'ot=th:8,vendor=abc' });
    expect(root.tags).toContainEqual({ key: 'otel.scope.name', type: 'string', value: '@ariadne/test' });
    expect(child.references[0]).toEqual({ refType: 'CHILD_OF', traceID: traceHex, spanID: root.spanID });
    expect(child.references[1].refType).toBe('FOLLOWS_FROM');
    expect(child.references[1].traceID).not.toBe(traceHex);
    expect(child.tags).toContainEqual({ key: 'int.big', type: 'int64', value: '9007199254740993' });
    expect(child.tags).toContainEqual({ key: 'bytes', type: 'binary', value: 'AAEC/v8=' });
    expect(child.tags).toContainEqual({ key: 'kvlist', type: 'string', value: '{"inner":"x","nested":{"deep":9007199254740993}}' });
    expect(child.tags).toContainEqual({ key: 'error', type: 'bool', value: true });
    expect(child.tags).toContainEqual({ key: 'otel.dropped_events_count', type: 'int64', value: 4 });
    expect(child.logs[0].fields[0]).toEqual({ key: 'event', type: 'string', value: 'exception' });
    expect(trace.processes.p1.serviceName).toBe('checkout');
    expect(trace.processes.p1.tags).toContainEqual({ key: 'host.cores', type: 'int64', value: 8 });
  });

  it('/api/traces search finds it by service, tag and duration', async () => {
    const r = await getJson('/api/traces?service=checkout&tag=http.request.method:GET&minDuration=10ms&lookback=1h');
    expect(r.status).toBe(200);
    expect(r.body.data.map((t: { traceID: string }) => t.traceID)).toEqual([traceHex]);
    const none = await getJson('/api/traces?service=checkout&minDuration=1s&lookback=1h');
    expect(none.body.data).toEqual([]);
  });

  it('/api/operations and /api/v3/operations', async () => {
    const ops = await getJson('/api/operations?service=checkout&spanKind=client');
    expect(ops.body.data).toEqual([{ name: 'SELECT orders', spanKind: 'client' }]);
    const v3 = await getJson('/api/v3/operations?service=checkout');
    expect(v3.body.operations.map((o: { name: string }) => o.name).sort()).toEqual(['GET /cart', 'SELECT orders']);
  });

  it('/api/v3/traces/{id} returns the spans exactly as written', async () => {
    const r = await getJson(`/api/v3/traces/${traceHex}`);
    const back = decodeTraceRequestJson(JSON.stringify(r.body.result));
    const plain = (x: unknown) =>
      JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)));
    expect(plain(back)).toEqual(plain(spans));
  });

  it('/api/v3/traces finds by the query.* window', async () => {
    const r = await getJson(
      `/api/v3/traces?query.service_name=payments&query.start_time_min=2024-11-19T00:00:00Z&query.start_time_max=2024-11-20T00:00:00Z`,
    );
    expect(r.status).toBe(200);
    expect(r.body.result.resourceSpans[0].scopeSpans[0].spans[0].name).toBe('POST /pay');
  });
});
