// Collector benchmark. `ariadne collector` processes, fed OTLP/HTTP protobuf requests of
// 1,000 spans x 10 attributes by 2 concurrent clients (this process, the other core):
//   - pass-through: otlp receiver -> batch -> nop exporter
//   - tail sampling: otlp receiver -> tail_sampling (10 policies) -> batch -> nop exporter
// Each figure is spans/s acknowledged, and spans per CPU-second of the collector process
// (its utime + stime from /proc), i.e. per core: the collector runs on one thread.
// Memory: bytes of heap + buffers per span waiting in the tail sampler, in-process.
// Baseline in the same run: durable ingest of `ariadne start` with the same bodies.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Agent, request } from 'undici';
import { encodeTraceRequestProto } from '../dist/otlp/encode-proto.js';
import { decodeTraceRequestProto } from '../dist/otlp/decode-proto.js';
import { TailSampler } from '../dist/sampling/tail/index.js';
import { parsePolicies } from '../dist/collector/processors/tail-sampling/policy-config.js';
import { ConfigNode } from '../dist/collector/config/config-node.js';
import { generateSpans, median, removeDir, round, ROOT, startAriadne, tempDir } from './lib.js';

const SPANS_PER_REQUEST = 1000;
const CLIENTS = 2;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RUN_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const BODIES = Number(process.env.BENCH_BODIES ?? 200);
const BUFFERED_SPANS = Number(process.env.BENCH_BUFFERED_SPANS ?? 200_000);
const BIN = path.join(ROOT, 'bin/ariadne.js');

// Ten policies of the kinds a gateway runs; about 15% of traces are kept.
const POLICIES = `
      - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }
      - { name: slow, type: latency, latency: { threshold_ms: 4000 } }
      - { name: platinum, type: string_attribute, string_attribute: { key: customer.tier, values: [platinum] } }
      - { name: admin-api, type: string_attribute, string_attribute: { key: http.route, values: ["^/admin/.*"], enabled_regex_matching: true } }
      - { name: server-errors, type: numeric_attribute, numeric_attribute: { key: http.response.status_code, min_value: 500, max_value: 599 } }
      - { name: debug-flag, type: boolean_attribute, boolean_attribute: { key: debug, value: true } }
      - { name: sample-5, type: probabilistic, probabilistic: { sampling_percentage: 5 } }
      - { name: budget, type: rate_limiting, rate_limiting: { spans_per_second: 2000 } }
      - { name: huge, type: span_count, span_count: { min_spans: 500 } }
      - name: gold-errors
        type: and
        and:
          and_sub_policy:
            - { name: gold, type: string_attribute, string_attribute: { key: customer.tier, values: [gold] } }
            - { name: err, type: status_code, status_code: { status_codes: [ERROR] } }`;

function config(processors) {
  return `
receivers:
  otlp: { protocols: { http: { endpoint: "127.0.0.1:0" } } }
processors:
  batch:
  tail_sampling:
    decision_wait: 2s
    num_traces: 200000
    policies:${POLICIES}
exporters:
  nop:
service:
  telemetry: { metrics: { level: none } }
  pipelines:
    traces: { receivers: [otlp], processors: [${processors.join(', ')}], exporters: [nop] }
`;
}

function startCollector(file) {
  const proc = spawn(process.execPath, [BIN, 'collector', '--config', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise((r) => proc.once('exit', r));
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /ariadne: otlp-http listening on (\S+)/.exec(out);
      if (m && /collector running/.test(out)) {
        resolve({ proc, url: `http://${m[1]}`, stop: () => (proc.kill('SIGTERM'), exited) });
      }
    };
    proc.stdout.on('data', (c) => ((out += c), check()));
    proc.stderr.on('data', (c) => ((out += c), check()));
    proc.once('exit', (code) => reject(new Error(`collector exited ${code}: ${out}`)));
  });
}

/** utime + stime of a process, seconds. */
function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // clock ticks, USER_HZ = 100
}

async function saturate(url, bodies, seconds, pid) {
  const agent = new Agent({ connections: CLIENTS });
  let next = 0;
  let spans = 0;
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  const cpu0 = pid ? cpuSeconds(pid) : 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        const res = await request(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: bodies[next++ % bodies.length], dispatcher: agent });
        await res.body.arrayBuffer();
        if (res.statusCode !== 200) throw new Error(`export answered ${res.statusCode}`);
        spans += SPANS_PER_REQUEST;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = pid ? cpuSeconds(pid) - cpu0 : 0;
  await agent.close();
  return { perSec: spans / elapsed, perCpuSec: cpu > 0 ? spans / cpu : NaN };
}

async function runPipeline(dir, name, processors, bodies) {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, config(processors));
  const rates = [];
  const perCpu = [];
  for (let r = 0; r < RUNS; r++) {
    const c = await startCollector(file);
    try {
      await saturate(c.url, bodies.slice(0, 4), 1); // warm-up
      const x = await saturate(c.url, bodies, RUN_SECONDS, c.proc.pid);
      rates.push(x.perSec);
      perCpu.push(x.perCpuSec);
    } finally {
      await c.stop();
    }
  }
  return { rates, perCpu };
}

async function ingestBaseline(bodies) {
  const dir = tempDir();
  const a = await startAriadne(dir);
  try {
    await saturate(a.otlpHttp, bodies.slice(0, 4), 1);
    return (await saturate(a.otlpHttp, bodies, RUN_SECONDS, a.proc.pid)).perSec;
  } finally {
    await a.stop();
    removeDir(dir);
  }
}

/** Heap + buffers per span waiting in the tail sampler (in this process, GC forced). */
function bytesPerBufferedSpan(bodies) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const sampler = new TailSampler({
    decisionWaitMs: 3_600_000,
    numTraces: 1_000_000,
    maxBufferedSpans: 10_000_000,
    expectedNewTracesPerSec: 0,
    sampledCacheSize: 0,
    nonSampledCacheSize: 0,
    sampleOnFirstMatch: false,
    policies: parsePolicies(ConfigNode.of({ policies: JSON.parse(JSON.stringify(policyDocs())) }, 'p')),
  });
  gc();
  gc();
  const m0 = process.memoryUsage();
  let n = 0;
  for (let i = 0; n < BUFFERED_SPANS; i++) {
    const spans = decodeTraceRequestProto(bodies[i % bodies.length]);
    // Fresh trace ids per pass so every span is buffered, not merged into an old trace.
    if (i >= bodies.length) for (const s of spans) s.traceId[0] = (s.traceId[0] + Math.floor(i / bodies.length)) & 0xff;
    sampler.add(spans, 0);
    n += spans.length;
  }
  gc();
  gc();
  const m1 = process.memoryUsage();
  const bytes = m1.heapUsed - m0.heapUsed + (m1.external - m0.external);
  if (sampler.spansWaiting !== n) throw new Error(`expected ${n} buffered spans, found ${sampler.spansWaiting}`);
  return { bytesPerSpan: bytes / n, spans: n, traces: sampler.tracesWaiting };
}

function policyDocs() {
  // The same ten policies, as objects.
  return [
    { name: 'errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
    { name: 'slow', type: 'latency', latency: { threshold_ms: 4000 } },
    { name: 'platinum', type: 'string_attribute', string_attribute: { key: 'customer.tier', values: ['platinum'] } },
    { name: 'admin-api', type: 'string_attribute', string_attribute: { key: 'http.route', values: ['^/admin/.*'], enabled_regex_matching: true } },
    { name: 'server-errors', type: 'numeric_attribute', numeric_attribute: { key: 'http.response.status_code', min_value: 500, max_value: 599 } },
    { name: 'debug-flag', type: 'boolean_attribute', boolean_attribute: { key: 'debug', value: true } },
    { name: 'sample-5', type: 'probabilistic', probabilistic: { sampling_percentage: 5 } },
    { name: 'budget', type: 'rate_limiting', rate_limiting: { spans_per_second: 2000 } },
    { name: 'huge', type: 'span_count', span_count: { min_spans: 500 } },
    {
      name: 'gold-errors',
      type: 'and',
      and: {
        and_sub_policy: [
          { name: 'gold', type: 'string_attribute', string_attribute: { key: 'customer.tier', values: ['gold'] } },
          { name: 'err', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
        ],
      },
    },
  ];
}

export async function benchCollector() {
  const start = BigInt(Date.now()) * 1_000_000n;
  const bodies = Array.from({ length: BODIES }, (_, i) => encodeTraceRequestProto(generateSpans(100, 10, start + BigInt(i) * 1_000_000_000n)));
  const bytesPerSpanOnWire = bodies.reduce((n, b) => n + b.length, 0) / (bodies.length * SPANS_PER_REQUEST);
  const dir = tempDir();
  let pass;
  let tail;
  try {
    pass = await runPipeline(dir, 'passthrough', ['batch'], bodies);
    tail = await runPipeline(dir, 'tail', ['tail_sampling', 'batch'], bodies);
  } finally {
    removeDir(dir);
  }
  const ingest = await ingestBaseline(bodies);
  const memory = bytesPerBufferedSpan(bodies);
  const tailPerSec = median(tail.rates);
  return {
    bench: 'collector',
    transport: 'otlp-http-protobuf',
    spans_per_request: SPANS_PER_REQUEST,
    attributes_per_span: 10,
    bytes_per_span: round(bytesPerSpanOnWire),
    clients: CLIENTS,
    runs: RUNS,
    run_seconds: RUN_SECONDS,
    passthrough_spans_per_sec_median: Math.round(median(pass.rates)),
    passthrough_spans_per_cpu_sec_median: Math.round(median(pass.perCpu)),
    passthrough_spans_per_sec_runs: pass.rates.map(Math.round),
    tail_policies: 10,
    tail_decision_wait_s: 2,
    tail_spans_per_sec_median: Math.round(tailPerSec),
    tail_spans_per_cpu_sec_median: Math.round(median(tail.perCpu)),
    tail_spans_per_sec_runs: tail.rates.map(Math.round),
    tail_bytes_per_buffered_span: round(memory.bytesPerSpan),
    tail_buffered_spans_measured: memory.spans,
    baseline_ingest_durable_spans_per_sec: Math.round(ingest),
    target_tail_spans_per_sec: 30_000,
    target_bytes_per_buffered_span: 1024,
    tail_meets_throughput_target: tailPerSec >= 30_000,
    tail_meets_memory_target: memory.bytesPerSpan <= 1024,
  };
}
