import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBDataChunk } from '@duckdb/node-api';
import { SpanKind, StatusCode, type Attributes, type Resource, type Span } from '../src/model/index.js';
import { encodeSpanColumns } from '../src/store/duckdb/span-columns.js';
import { encodeTracePartColumns } from '../src/store/duckdb/trace-parts.js';
import { CREATE_STATEMENTS, SPAN_COLUMNS, TRACE_PART_COLUMNS } from '../src/store/duckdb/schema.js';
const SPANS_PER_TRACE = 10;
const SERVICES = ['frontend', 'cart', 'checkout', 'payment', 'shipping', 'email', 'currency', 'ads', 'recommendation', 'db'];
const T0 = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;
const resources: Resource[] = SERVICES.map((s, i) => ({
  attributes: [
    { key: 'service.name', value: { type: 'string', value: s } },
    { key: 'host.name', value: { type: 'string', value: `node-${i}` } },
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


const dir = await mkdtemp(join(tmpdir(), 'probe-'));
const inst = await DuckDBInstance.create(join(dir, 'x.duckdb'), process.env.CKPT ? { checkpoint_threshold: process.env.CKPT } : {});
const c = await inst.connect();
for (const s of CREATE_STATEMENTS) await c.run(s);
const t: Record<string, number> = { enc: 0, parts: 0, chunk: 0, append: 0, flush: 0, commit: 0 };
let trace = 0;
const N = 20;
for (let b = 0; b < N; b++) {
  const batch: Span[] = [];
  for (let k = 0; k < 1000; k++, trace++) for (let i = 0; i < 10; i++) batch.push(makeSpan(trace, i));
  let x = performance.now();
  const cols = encodeSpanColumns(batch);
  t.enc += performance.now() - x; x = performance.now();
  const pcols = encodeTracePartColumns(batch);
  t.parts += performance.now() - x;
  await c.run('BEGIN TRANSACTION');
  const app = await c.createAppender('spans');
  const types = SPAN_COLUMNS.map((d) => d.type);
  for (let off = 0; off < batch.length; off += 2048) {
    const n = Math.min(2048, batch.length - off);
    x = performance.now();
    const ch = DuckDBDataChunk.create(types, n);
    ch.setColumns(cols.map((col) => col.slice(off, off + n)));
    t.chunk += performance.now() - x; x = performance.now();
    app.appendDataChunk(ch);
    t.append += performance.now() - x;
  }
  x = performance.now();
  app.flushSync(); app.closeSync();
  const pa = await c.createAppender('trace_parts');
  const ch2 = DuckDBDataChunk.create(TRACE_PART_COLUMNS.map((d) => d.type), pcols[0]!.length > 2048 ? 2048 : pcols[0]!.length);
  ch2.setColumns(pcols.map((col) => col.slice(0, 2048 > pcols[0]!.length ? pcols[0]!.length : 2048)));
  pa.appendDataChunk(ch2); pa.flushSync(); pa.closeSync();
  t.flush += performance.now() - x; x = performance.now();
  await c.run('COMMIT');
  t.commit += performance.now() - x;
}
x = performance.now(); await c.run('CHECKPOINT'); t.finalCheckpoint = performance.now() - x;
const total = Object.values(t).reduce((a, b) => a + b, 0);
console.log(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v)])), 'spans/s', Math.round((N * 10000) / (total / 1000)));
