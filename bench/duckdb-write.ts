/**
 * DuckDB store figures: write throughput, then trace-by-id and search latency
 * over what was written (default 1M spans = 100k traces of 10 spans, ~10
 * attributes each). Prints one JSON line.
 *
 *   node --input-type=module -e "import { runnerImport } from 'vite'; await runnerImport('bench/duckdb-write.ts')" [spans] [batch]
 *
 * Env: ARIADNE_BENCH_DIR (default: a temp dir, removed afterwards), ARIADNE_BENCH_CHECKPOINT
 * (checkpointThreshold, e.g. 16MB).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind, StatusCode, type Attributes, type Resource, type Span } from '../src/model/index.js';
import { openDuckDbStore } from '../src/store/duckdb/index.js';

const args = process.argv.slice(process.argv.indexOf('bench/duckdb-write.ts') + 1).filter((a) => /^\d+$/.test(a));
const TOTAL = Number(args[0] ?? 1_000_000);
const BATCH = Number(args[1] ?? 10_000);
const SPANS_PER_TRACE = 10;
const SERVICES = ['frontend', 'cart', 'checkout', 'payment', 'shipping', 'email', 'currency', 'ads', 'recommendation', 'db'];
const T0 = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;

const resources: Resource[] = SERVICES.map((s, i) => ({
  attributes: [
    { key: 'service.name', value: { type: 'string', value: s } },
    { key: 'host.name', value: { type: 'string', value: `node-${i}` } },
    { key: 'deployment.environment', value: { type: 'string', value: 'prod' } },
  ],
  droppedAttributesCount: 0,
  schemaUrl: '',
}));
const scope = { name: 'bench', version: '1.0.0', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

function id(bytes: number, n: number, salt: number): Uint8Array {
  const b = new Uint8Array(bytes);
  const v = new DataView(b.buffer);
  v.setUint32(0, n);
  v.setUint32(bytes - 4, Math.imul(n ^ salt, 2654435761) >>> 0);
  return b;
}

function makeSpan(trace: number, i: number): Span {
  const start = T0 + BigInt(trace) * 10n * MS + BigInt(i) * MS;
  const service = (trace + i) % SERVICES.length;
  const attributes: Attributes = [
    { key: 'http.method', value: { type: 'string', value: i % 3 === 0 ? 'POST' : 'GET' } },
    { key: 'http.route', value: { type: 'string', value: `/api/v1/items/${i}` } },
    { key: 'http.status_code', value: { type: 'int', value: BigInt(i % 7 === 0 ? 500 : 200) } },
    { key: 'http.url', value: { type: 'string', value: `https://shop.example.com/api/v1/items/${trace % 1000}?q=${i}` } },
    { key: 'net.peer.name', value: { type: 'string', value: SERVICES[(service + 1) % SERVICES.length]! } },
    { key: 'net.peer.port', value: { type: 'int', value: 8080n } },
    { key: 'user.id', value: { type: 'string', value: `user-${trace % 5000}` } },
    { key: 'retry', value: { type: 'bool', value: i === 9 } },
    { key: 'payload.size', value: { type: 'double', value: trace % 100 / 3 } },
    { key: 'thread.name', value: { type: 'string', value: `worker-${i}` } },
  ];
  return {
    traceId: id(16, trace, 0x5bd1e995),
    spanId: id(8, trace * SPANS_PER_TRACE + i, 0x27d4eb2d),
    parentSpanId: i === 0 ? new Uint8Array(0) : id(8, trace * SPANS_PER_TRACE + i - 1, 0x27d4eb2d),
    traceState: '',
    flags: 1,
    name: `op-${service}-${i % 4}`,
    kind: i === 0 ? SpanKind.SERVER : SpanKind.CLIENT,
    startTimeUnixNano: start,
    endTimeUnixNano: start + BigInt(1 + ((trace * 7 + i * 13) % 500)) * MS,
    attributes,
    droppedAttributesCount: 0,
    events: i === 5 ? [{ timeUnixNano: start + 1n, name: 'log', attributes: [], droppedAttributesCount: 0 }] : [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    statusCode: i % 7 === 0 ? StatusCode.ERROR : StatusCode.UNSET,
    statusMessage: '',
    resource: resources[service]!,
    scope,
  };
}

function percentile(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2));
}

async function timeEach(n: number, run: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run(i);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

const dir = process.env['ARIADNE_BENCH_DIR'] ?? (await mkdtemp(join(tmpdir(), 'ariadne-bench-')));
const checkpointThreshold = process.env['ARIADNE_BENCH_CHECKPOINT'];
const store = await openDuckDbStore({ path: dir, ...(checkpointThreshold ? { checkpointThreshold } : {}) });
const traces = Math.ceil(TOTAL / SPANS_PER_TRACE);
let genMs = 0;
let writeMs = 0;
let written = 0;
for (let t = 0; t < traces; ) {
  const g = performance.now();
  const batch: Span[] = [];
  for (; t < traces && batch.length < BATCH; t++) for (let i = 0; i < SPANS_PER_TRACE; i++) batch.push(makeSpan(t, i));
  const w = performance.now();
  genMs += w - g;
  await store.writeSpans(batch);
  writeMs += performance.now() - w;
  written += batch.length;
}

const rand = (i: number): number => Math.imul(i + 1, 2654435761) >>> 0;
const byId = await timeEach(200, (i) => store.getTrace(id(16, rand(i) % traces, 0x5bd1e995)));
const search = await timeEach(50, (i) =>
  store.findTraces({
    service: SERVICES[i % SERVICES.length],
    attributes: new Map([['http.status_code', '500']]),
    minDurationNs: 100n * MS,
    limit: 20,
  }),
);
const searchWindow = await timeEach(50, (i) => {
  const start = T0 + BigInt(rand(i) % traces) * 10n * MS;
  return store.findTraces({ service: SERVICES[i % SERVICES.length], startTimeMinNs: start, startTimeMaxNs: start + 60_000n * MS, limit: 20 });
});
const searchRecent = await timeEach(20, () => store.findTraces({ limit: 20 }));
const services = await timeEach(20, () => store.getServices());
const operations = await timeEach(20, (i) => store.getOperations(SERVICES[i % SERVICES.length]!));
const dependencies = await timeEach(5, () => store.getDependencies(T0 + BigInt(traces) * 10n * MS, 3600_000n * MS));
// close() checkpoints whatever the WAL still holds: work the writes deferred, so it counts.
const closeStart = performance.now();
await store.close();
const closeMs = performance.now() - closeStart;
if (process.env['ARIADNE_BENCH_DIR'] === undefined) await rm(dir, { recursive: true, force: true });

console.log(
  JSON.stringify({
    bench: 'duckdb-store',
    spans: written,
    batch: BATCH,
    write_spans_per_s: Math.round(written / (writeMs / 1000)),
    write_and_close_spans_per_s: Math.round(written / ((writeMs + closeMs) / 1000)),
    close_ms: Math.round(closeMs),
    generate_spans_per_s: Math.round(written / (genMs / 1000)),
    get_trace_ms: byId,
    search_service_attr_duration_ms: search,
    search_service_window_ms: searchWindow,
    search_no_conditions_ms: searchRecent,
    services_ms: services,
    operations_ms: operations,
    dependencies_1h_ms: dependencies,
  }),
);
