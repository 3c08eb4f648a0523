// Query benchmark: a store preloaded with 1M spans in 100k traces; trace-by-id and search
// (service + attribute + minDuration) latency through the HTTP API, p50/p99.
// Baseline in the same run: the same calls on the store in-process (no HTTP, no JSON).
import { openDuckDbStore } from '../dist/store/duckdb/index.js';
import { generateSpans, percentile, removeDir, round, startAriadne, tempDir } from './lib.js';
import path from 'node:path';

const TRACES = Number(process.env.BENCH_TRACES ?? 100_000);
const SPANS_PER_TRACE = 10;
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);

const hex = (b) => Buffer.from(b).toString('hex');

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

const TIERS = ['gold', 'silver', 'bronze'];

export async function benchQuery() {
  const dir = tempDir();
  const endNs = BigInt(Date.now()) * 1_000_000n;
  const stepNs = 72_000_000n; // 100k traces over 2 hours
  const startNs = endNs - BigInt(TRACES) * stepNs;
  const sampleIds = [];
  try {
    const store = await openDuckDbStore({ path: path.join(dir, 'ariadne.duckdb') });
    const tLoad = performance.now();
    const BATCH_TRACES = 1000;
    for (let t = 0; t < TRACES; t += BATCH_TRACES) {
      const spans = generateSpans(BATCH_TRACES, SPANS_PER_TRACE, startNs + BigInt(t) * stepNs, stepNs);
      if (t % 10_000 === 0) sampleIds.push(...spans.filter((_, i) => i % (SPANS_PER_TRACE * 50) === 0).map((s) => s.traceId));
      await store.writeSpans(spans);
    }
    const loadSeconds = (performance.now() - tLoad) / 1000;

    const pick = (i) => sampleIds[(i * 7919) % sampleIds.length];
    const searchQuery = (i) => ({
      service: 'checkout',
      attributes: new Map([['customer.tier', TIERS[i % 3]]]),
      minDurationNs: 2_000_000n,
      startTimeMinNs: startNs,
      startTimeMaxNs: endNs + 3_600_000_000_000n,
      limit: 20,
    });
    let found = 0;
    const baseById = await timeAll(QUERIES, async (i) => {
      found += (await store.getTrace(pick(i))).length > 0 ? 1 : 0;
    });
    const baseSearch = await timeAll(Math.min(QUERIES, 100), async (i) => {
      await store.findTraces(searchQuery(i));
    });
    await store.close();
    if (found !== QUERIES) throw new Error(`only ${found} of ${QUERIES} traces found in-process`);

    const a = await startAriadne(dir.replace(/\/$/, ''));
    try {
      const startUs = startNs / 1000n;
      const endUs = endNs / 1000n + 3_600_000_000n;
      const byId = await timeAll(QUERIES, async (i) => {
        const res = await fetch(`${a.http}/api/traces/${hex(pick(i))}`);
        const body = await res.json();
        if (res.status !== 200 || body.data[0].spans.length !== SPANS_PER_TRACE) throw new Error(`trace by id answered ${res.status}`);
      });
      let results = 0;
      const search = await timeAll(Math.min(QUERIES, 100), async (i) => {
        const tags = encodeURIComponent(JSON.stringify({ 'customer.tier': TIERS[i % 3] }));
        const res = await fetch(`${a.http}/api/traces?service=checkout&tags=${tags}&minDuration=2ms&start=${startUs}&end=${endUs}&limit=20`);
        const body = await res.json();
        if (res.status !== 200) throw new Error(`search answered ${res.status}: ${JSON.stringify(body.errors)}`);
        results += body.data.length;
      });
      return {
        bench: 'query',
        spans: TRACES * SPANS_PER_TRACE,
        traces: TRACES,
        preload_seconds: round(loadSeconds),
        preload_spans_per_sec: Math.round((TRACES * SPANS_PER_TRACE) / loadSeconds),
        trace_by_id_http_ms_p50: byId.p50,
        trace_by_id_http_ms_p99: byId.p99,
        search_http_ms_p50: search.p50,
        search_http_ms_p99: search.p99,
        search_results_per_query: round(results / Math.min(QUERIES, 100)),
        baseline_store_trace_by_id_ms_p50: baseById.p50,
        baseline_store_trace_by_id_ms_p99: baseById.p99,
        baseline_store_search_ms_p50: baseSearch.p50,
        baseline_store_search_ms_p99: baseSearch.p99,
        peak_rss_mib: round(a.peakRssMiB()),
      };
    } finally {
      await a.stop();
    }
  } finally {
    removeDir(dir);
  }
}
