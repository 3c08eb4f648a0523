// Ingest benchmark: OTLP/HTTP protobuf requests of 1,000 spans x 10 attributes from 2
// concurrent clients into `ariadne start`, each acknowledged only once durable.
// Baseline in the same run: protobufjs decode-only throughput of the same bodies.
// Peak RSS is the kernel's high-water mark (VmHWM) of each fresh `ariadne start`.
import { Agent, request } from 'undici';
import { encodeTraceRequestProto } from '../dist/otlp/encode-proto.js';
import { otlpType, TRACE_REQUEST } from '../dist/otlp/proto-root.js';
import { decodeTraceRequestProto } from '../dist/otlp/decode-proto.js';
import { generateSpans, median, percentile, removeDir, round, START_NODE_FLAGS, startAriadne, tempDir } from './lib.js';

const SPANS_PER_REQUEST = 1000;
const CLIENTS = 2;
// 64 requests of 1,000 spans stay under the default queue_size (65,536): none is refused.
const MANY_CLIENTS = 64;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RUN_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const BODIES = Number(process.env.BENCH_BODIES ?? 400);

function makeBodies(n) {
  const bodies = [];
  const start = BigInt(Date.now()) * 1_000_000n;
  for (let i = 0; i < n; i++) {
    // 100 traces of 10 spans: a realistic mix of roots and children.
    bodies.push(encodeTraceRequestProto(generateSpans(100, 10, start + BigInt(i) * 1_000_000_000n)));
  }
  return bodies;
}

function decodeCeiling(bodies) {
  const type = otlpType(TRACE_REQUEST);
  const t0 = performance.now();
  let spans = 0;
  for (let i = 0; i < 100; i++) {
    type.decode(bodies[i % bodies.length]);
    spans += SPANS_PER_REQUEST;
  }
  const rawPerSec = spans / ((performance.now() - t0) / 1000);
  const t1 = performance.now();
  spans = 0;
  for (let i = 0; i < 100; i++) spans += decodeTraceRequestProto(bodies[i % bodies.length]).length;
  return { protobufjsDecodeSpansPerSec: rawPerSec, decodeToModelSpansPerSec: spans / ((performance.now() - t1) / 1000) };
}

async function post(agent, url, body) {
  const t0 = performance.now();
  const res = await request(`${url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf' },
    body,
    dispatcher: agent,
  });
  await res.body.arrayBuffer();
  if (res.statusCode !== 200) throw new Error(`export answered ${res.statusCode}`);
  return performance.now() - t0;
}

async function saturate(url, bodies, seconds, clients = CLIENTS) {
  const agent = new Agent({ connections: clients });
  let next = 0;
  let spans = 0;
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        await post(agent, url, bodies[next++ % bodies.length]);
        spans += SPANS_PER_REQUEST;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  await agent.close();
  return spans / elapsed;
}

async function paced(url, bodies, spansPerSec, seconds) {
  const agent = new Agent({ connections: CLIENTS * 2 });
  const intervalMs = (SPANS_PER_REQUEST / spansPerSec) * 1000;
  const latencies = [];
  const inflight = [];
  const t0 = performance.now();
  for (let i = 0; performance.now() - t0 < seconds * 1000; i++) {
    const due = t0 + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(post(agent, url, bodies[i % bodies.length]).then((ms) => latencies.push(ms)));
  }
  await Promise.all(inflight);
  await agent.close();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function benchIngest() {
  const bodies = makeBodies(BODIES);
  const bytesPerSpan = bodies.reduce((n, b) => n + b.length, 0) / (bodies.length * SPANS_PER_REQUEST);
  const ceiling = decodeCeiling(bodies);
  const rates = [];
  const rss = [];
  for (let r = 0; r < RUNS; r++) {
    const dir = tempDir();
    const a = await startAriadne(dir);
    try {
      await saturate(a.otlpHttp, bodies.slice(0, 4), 1); // warm-up
      rates.push(await saturate(a.otlpHttp, bodies, RUN_SECONDS));
      rss.push(a.peakRssMiB());
    } finally {
      await a.stop();
      removeDir(dir);
    }
  }
  const max = median(rates);
  // Informational: with many clients the ingest queue fills with decoded spans, a
  // memory cost the 2-client runs above never reach.
  let manyClientsRss;
  {
    const dir = tempDir();
    const a = await startAriadne(dir);
    try {
      await saturate(a.otlpHttp, bodies, RUN_SECONDS, MANY_CLIENTS);
      manyClientsRss = a.peakRssMiB();
    } finally {
      await a.stop();
      removeDir(dir);
    }
  }
  const dir = tempDir();
  const a = await startAriadne(dir);
  let lat;
  try {
    lat = await paced(a.otlpHttp, bodies, max / 2, RUN_SECONDS);
  } finally {
    await a.stop();
    removeDir(dir);
  }
  return {
    bench: 'ingest',
    server_node_flags: (process.env.BENCH_ARIADNE_NODE_ARGS ?? START_NODE_FLAGS.join(' ')) || 'none',
    transport: 'otlp-http-protobuf',
    spans_per_request: SPANS_PER_REQUEST,
    attributes_per_span: 10,
    clients: CLIENTS,
    runs: RUNS,
    run_seconds: RUN_SECONDS,
    bytes_per_span: round(bytesPerSpan),
    durable_spans_per_sec_median: Math.round(max),
    durable_spans_per_sec_runs: rates.map(Math.round),
    baseline_protobufjs_decode_spans_per_sec: Math.round(ceiling.protobufjsDecodeSpansPerSec),
    baseline_decode_to_model_spans_per_sec: Math.round(ceiling.decodeToModelSpansPerSec),
    half_load_spans_per_sec: Math.round(max / 2),
    half_load_export_ms_p50: round(lat.p50),
    half_load_export_ms_p99: round(lat.p99),
    peak_rss_mib_median: round(median(rss)),
    peak_rss_mib_runs: rss.map((x) => round(x)),
    peak_rss_mib_64_clients: round(manyClientsRss),
  };
}
