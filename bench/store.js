// Store benchmark: the same generated spans (bench/lib.js: 10 attributes each, six
// services, 10 spans a trace, one day of traffic) written to DuckDB and to ClickHouse in
// one run, then read back through the Store interface on both:
//   spans/s written; bytes per span on disk (DuckDB's file, ClickHouse's own part sizes
//   from system.parts, after merges); trace by id, search by service + min duration and
//   search by attribute (a user id: 1 trace in 2,000, or none: half the ids asked for
//   are absent, the worst case), each p50/p99 in ms after 10 untimed warm-up reads.
// BENCH_STORE_SPANS (default 10,000,000, the scale) sets the size; both the
// requested and the written count are reported. ClickHouse is ARIADNE_CLICKHOUSE_URL
// when set, else chDB in this process (npm install --no-save chdb@3.4.0); without either
// the ClickHouse figures are null with the reason.
import { statSync } from 'node:fs';
import path from 'node:path';
import { openDuckDbStore } from '../dist/store/duckdb/index.js';
import { chdbAvailable, connectClickHouse, openClickHouseStore } from '../dist/store/clickhouse/index.js';
import { generateSpans, percentile, removeDir, round, tempDir } from './lib.js';

const SPANS = Number(process.env.BENCH_STORE_SPANS ?? 10_000_000);
const SPANS_PER_TRACE = 10;
const TRACES = Math.max(1, Math.floor(SPANS / SPANS_PER_TRACE));
const BATCH_TRACES = 2_000; // 20,000 spans a write, a collector's batch
const QUERIES = Number(process.env.BENCH_STORE_QUERIES ?? 200);
const DAY_NS = 86_400_000_000_000n;
const SERVICES = ['frontend', 'cart', 'checkout', 'payment', 'shipping', 'db'];

async function timeAll(n, fn) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: round(percentile(ms, 50), 2), p99: round(percentile(ms, 99), 2) };
}

async function clickhouseBytes(url) {
  const { client, layout } = await connectClickHouse({ url });
  try {
    // Merged as a long-running server would have them; the sizes are ClickHouse's own.
    for (const t of ['spans', 'traces', 'operations', 'resource_scopes']) await client.command({ query: `OPTIMIZE TABLE ${layout.local(t)} FINAL` });
    const rs = await client.query({
      query: 'SELECT table, toString(sum(bytes_on_disk)) FROM system.parts WHERE database = {db:String} AND active GROUP BY table',
      query_params: { db: layout.database },
      format: 'JSONCompactEachRow',
    });
    return Object.fromEntries((await rs.json()).map(([t, b]) => [t, Number(b)]));
  } finally {
    await client.close();
  }
}

async function measureReads(store, sampleIds, startNs, endNs) {
  const pick = (i) => sampleIds[(i * 7919) % sampleIds.length];
  const window = { startTimeMinNs: startNs, startTimeMaxNs: endNs, limit: 20 };
  // Warm-up, untimed, with other ids and values: a store that has run for a while has
  // its indexes and file metadata in memory; the first reads after opening load them.
  for (let i = 0; i < 10; i++) {
    await store.getTrace(pick(QUERIES + i));
    await store.findTraces({ ...window, service: SERVICES[i % SERVICES.length], minDurationNs: 3_000_000n });
    await store.findTraces({ ...window, attributes: new Map([['user.id', `user-${4999 - i}`]]) });
  }
  let found = 0;
  const byId = await timeAll(QUERIES, async (i) => {
    found += (await store.getTrace(pick(i))).length === SPANS_PER_TRACE ? 1 : 0;
  });
  if (found !== QUERIES) throw new Error(`only ${found} of ${QUERIES} traces found whole`);
  let serviceHits = 0;
  const byService = await timeAll(Math.min(QUERIES, 100), async (i) => {
    serviceHits += (await store.findTraces({ ...window, service: SERVICES[i % SERVICES.length], minDurationNs: BigInt(1 + (i % 4)) * 1_000_000n })).length;
  });
  let attributeHits = 0;
  const byAttribute = await timeAll(Math.min(QUERIES, 100), async (i) => {
    const user = `user-${(i * 37) % 5000}`;
    attributeHits += (await store.findTraces({ ...window, attributes: new Map([['user.id', user]]) })).length;
  });
  return { byId, byService, byAttribute, serviceHits, attributeHits };
}

function figures(prefix, f) {
  return {
    [`${prefix}_write_spans_per_sec`]: Math.round(f.spans / f.writeSeconds),
    [`${prefix}_bytes_per_span`]: round(f.bytes / f.spans, 1),
    [`${prefix}_trace_by_id_ms_p50`]: f.reads.byId.p50,
    [`${prefix}_trace_by_id_ms_p99`]: f.reads.byId.p99,
    [`${prefix}_search_service_duration_ms_p50`]: f.reads.byService.p50,
    [`${prefix}_search_service_duration_ms_p99`]: f.reads.byService.p99,
    [`${prefix}_search_attribute_ms_p50`]: f.reads.byAttribute.p50,
    [`${prefix}_search_attribute_ms_p99`]: f.reads.byAttribute.p99,
    [`${prefix}_search_attribute_results_per_query`]: round(f.reads.attributeHits / Math.min(QUERIES, 100), 1),
  };
}

export async function benchStore() {
  const dir = tempDir();
  const serverUrl = process.env.ARIADNE_CLICKHOUSE_URL;
  const hasChdb = serverUrl === undefined && (await chdbAvailable());
  const chUrl = serverUrl ?? (hasChdb ? `chdb:${path.join(dir, 'chdb')}?database=bench_store` : undefined);
  const endNs = BigInt(Date.now()) * 1_000_000n;
  const startNs = endNs - DAY_NS;
  const stepNs = DAY_NS / BigInt(TRACES);
  const sampleIds = [];
  try {
    const duckFile = path.join(dir, 'ariadne.duckdb');
    const duck = await openDuckDbStore({ path: duckFile, memoryLimit: '1GB' });
    const ch = chUrl ? await openClickHouseStore({ url: chUrl }) : undefined;
    let duckSeconds = 0;
    let chSeconds = 0;
    let written = 0;
    for (let t = 0; t < TRACES; t += BATCH_TRACES) {
      const n = Math.min(BATCH_TRACES, TRACES - t);
      const spans = generateSpans(n, SPANS_PER_TRACE, startNs + BigInt(t) * stepNs, stepNs);
      for (let i = 0; i < spans.length; i += SPANS_PER_TRACE * 97) sampleIds.push(spans[i].traceId);
      let t0 = performance.now();
      await duck.writeSpans(spans);
      duckSeconds += (performance.now() - t0) / 1000;
      if (ch) {
        t0 = performance.now();
        await ch.writeSpans(spans);
        chSeconds += (performance.now() - t0) / 1000;
      }
      written += spans.length;
    }
    await duck.close();
    const duckBytes = statSync(duckFile).size + (statSync(`${duckFile}.wal`, { throwIfNoEntry: false })?.size ?? 0);
    const duckReader = await openDuckDbStore({ path: duckFile, memoryLimit: '1GB' });
    const duckReads = await measureReads(duckReader, sampleIds, startNs, endNs);
    await duckReader.close();

    const out = {
      bench: 'store',
      spans_requested: SPANS,
      spans: written,
      traces: TRACES,
      ...figures('duckdb', { spans: written, writeSeconds: duckSeconds, bytes: duckBytes, reads: duckReads }),
    };
    if (ch) {
      const parts = await clickhouseBytes(chUrl);
      const chBytes = Object.values(parts).reduce((a, b) => a + b, 0);
      const chReads = await measureReads(ch, sampleIds, startNs, endNs);
      await ch.close();
      Object.assign(out, {
        clickhouse_engine: serverUrl ? 'server' : 'chdb',
        ...figures('clickhouse', { spans: written, writeSeconds: chSeconds, bytes: chBytes, reads: chReads }),
        clickhouse_spans_table_bytes_per_span: round((parts.spans ?? 0) / written, 1),
        clickhouse_traces_table_bytes_per_span: round((parts.traces ?? 0) / written, 1),
      });
    } else {
      Object.assign(out, { clickhouse_engine: null, clickhouse_skipped: "no ARIADNE_CLICKHOUSE_URL and no 'chdb' package" });
    }
    Object.assign(out, { target_bytes_per_span: 40, target_trace_by_id_ms_p99: 50, target_search_attribute_ms_p99: 300 });
    return out;
  } finally {
    removeDir(dir);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(JSON.stringify(await benchStore()) + '\n');
