// Logs and metrics benchmark (issue 7) on the embedded DuckDB store, with span ingest of
// the same run as the baseline:
//   spans/s, log records/s, metric points/s written (batches of 10,000, as a collector's
//   batch), each also as OTLP protobuf MB/s (bytes measured by encoding a sample), so
//   "logs at least as fast as spans per byte" is one comparison;
//   "logs of a trace" and "series of a pod over 1 h" p50/p99 ms with BENCH_SIGNALS
//   (default 1,000,000) log records and as many metric points stored.
// Store level: the receivers' cost (decode, validate) is the same code for every signal.
import { openDuckDbStore } from '../dist/store/duckdb/index.js';
import { chdbAvailable, openClickHouseStore } from '../dist/store/clickhouse/index.js';
import { encodeTraceRequestProto } from '../dist/otlp/encode-proto.js';
import { otlpType, LOGS_REQUEST, METRICS_REQUEST } from '../dist/otlp/proto-root.js';
import { encodeLogsRequestProto } from '../dist/otlp/encode-logs-proto.js';
import { decodeLogsRequestProtobufjs, decodeLogsRequestProto } from '../dist/otlp/decode-logs-proto.js';
import { ProtoWriter } from '../dist/otlp/proto-writer.js';
import { beginLogsRequest, writeLogRecordField } from '../dist/otlp/write-logs-proto.js';
import { generateSpans, percentile, removeDir, round, tempDir } from './lib.js';

const N = Number(process.env.BENCH_SIGNALS ?? 1_000_000);
const BATCH = 10_000;
const QUERIES = 200;
const T0 = BigInt(Date.now() - 3_600_000) * 1_000_000n;
const PODS = 200;
const SCOPE = { name: 'bench', version: '1', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
const str = (key, value) => ({ key, value: { type: 'string', value } });
const resources = Array.from({ length: PODS }, (_, i) => ({
  attributes: [str('service.name', `svc-${i % 6}`), str('k8s.pod.name', `pod-${i}`), str('k8s.namespace.name', 'bench'), str('service.instance.id', `pod-${i}`)],
  droppedAttributesCount: 0,
  schemaUrl: '',
}));
const hex = (b) => Buffer.from(b).toString('hex');

function logs(from, n, traceIds) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = from + i;
    out[i] = {
      timeUnixNano: T0 + BigInt(k) * 3_000_000n,
      observedTimeUnixNano: T0 + BigInt(k) * 3_000_000n + 1000n,
      severityNumber: k % 50 === 0 ? 17 : 9,
      severityText: k % 50 === 0 ? 'ERROR' : 'INFO',
      body: { type: 'string', value: `request ${k} handled in ${k % 300} ms for user ${k % 10_007}` },
      attributes: [str('http.route', `/api/items/${k % 20}`), { key: 'http.response.status_code', value: { type: 'int', value: BigInt(k % 50 === 0 ? 500 : 200) } }],
      droppedAttributesCount: 0,
      flags: 1,
      traceId: traceIds[k % traceIds.length],
      spanId: new Uint8Array(8).fill((k % 255) + 1),
      eventName: '',
      resource: resources[k % PODS],
      scope: SCOPE,
    };
  }
  return out;
}

const NAMES = ['k8s.pod.cpu.utilization', 'k8s.pod.memory.usage', 'k8s.pod.network.io'];
function points(from, n) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = from + i;
    // Every pod reports 3 metrics each 10 s: time advances once per round of all pods.
    const round = Math.floor(k / (PODS * NAMES.length));
    const name = NAMES[k % NAMES.length];
    const data =
      name === 'k8s.pod.network.io'
        ? { type: 'sum', temporality: 2, monotonic: true, value: { type: 'int', value: BigInt(round * 1000) } }
        : { type: 'gauge', value: { type: 'double', value: (k % 100) / 100 } };
    out[i] = {
      name,
      description: '',
      unit: '1',
      startTimeUnixNano: T0,
      timeUnixNano: T0 + BigInt(round) * 10_000_000_000n,
      attributes: name === 'k8s.pod.network.io' ? [str('network.io.direction', 'receive')] : [],
      flags: 0,
      data,
      resource: resources[Math.floor(k / NAMES.length) % PODS],
      scope: SCOPE,
    };
  }
  return out;
}

function logsProtoBytes(sample) {
  const t = otlpType(LOGS_REQUEST);
  const anyv = (v) => (v.type === 'int' ? { intValue: Number(v.value) } : { stringValue: v.value });
  const msg = {
    resourceLogs: [
      {
        resource: { attributes: sample[0].resource.attributes.map((a) => ({ key: a.key, value: anyv(a.value) })) },
        scopeLogs: [
          {
            scope: { name: 'bench', version: '1' },
            logRecords: sample.map((r) => ({
              timeUnixNano: Number(r.timeUnixNano),
              observedTimeUnixNano: Number(r.observedTimeUnixNano),
              severityNumber: r.severityNumber,
              severityText: r.severityText,
              body: anyv(r.body),
              attributes: r.attributes.map((a) => ({ key: a.key, value: anyv(a.value) })),
              flags: 1,
              traceId: r.traceId,
              spanId: r.spanId,
            })),
          },
        ],
      },
    ],
  };
  return t.encode(t.fromObject(msg)).finish().length / sample.length;
}

function pointsProtoBytes(sample) {
  const t = otlpType(METRICS_REQUEST);
  const msg = {
    resourceMetrics: [
      {
        resource: { attributes: sample[0].resource.attributes.map((a) => ({ key: a.key, value: { stringValue: a.value.value } })) },
        scopeMetrics: [
          {
            metrics: sample.map((p) => ({
              name: p.name,
              unit: p.unit,
              gauge: { dataPoints: [{ timeUnixNano: Number(p.timeUnixNano), startTimeUnixNano: Number(p.startTimeUnixNano), asDouble: Number(p.data.value.value) }] },
            })),
          },
        ],
      },
    ],
  };
  return t.encode(t.fromObject(msg)).finish().length / sample.length;
}

// Only the store's write is timed. Every batch of every signal is made just before its
// write, untimed: in real ingest a batch is freshly decoded objects, and making all of a
// phase's records first (as this bench once did for spans) left a GB-sized live heap
// whose full GCs, ~1 s each, fell into whichever writes triggered them.
// Also the process's CPU time (all threads, DuckDB's included) over the same writes: on
// a shared machine wall time swings with the neighbours' load, CPU time much less.
async function write(n, make, writeBatch) {
  let ms = 0;
  let cpuUs = 0;
  for (let from = 0; from < n; from += BATCH) {
    const batch = make(from, Math.min(BATCH, n - from));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await writeBatch(batch);
    const c = process.cpuUsage(c0);
    ms += performance.now() - t0;
    cpuUs += c.user + c.system;
  }
  return { seconds: ms / 1000, cpuSeconds: cpuUs / 1e6 };
}

async function timeAll(n, fn) {
  const ms = [];
  for (let i = 0; i < 10; i++) await fn(i);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: round(percentile(ms, 50), 2), p99: round(percentile(ms, 99), 2) };
}

/**
 * Encoding log records of one resource as an ExportLogsServiceRequest, us per record:
 * protobufjs (fromObject + encode, the reference) against the store's writer
 * (proto-writer.ts), best of 5 rounds each over the same records.
 */
function logEncodeCost(records) {
  const best = (fn) => {
    let min = Infinity;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      fn();
      min = Math.min(min, performance.now() - t0);
    }
    return round((min * 1000) / records.length, 2);
  };
  const w = new ProtoWriter();
  return {
    protobufjs: best(() => encodeLogsRequestProto(records)),
    protoWriter: best(() => {
      w.reset();
      const close = beginLogsRequest(w, records[0].resource, records[0].scope);
      for (const r of records) writeLogRecordField(w, r);
      close();
      w.finish();
    }),
  };
}

/**
 * Decoding the same ExportLogsServiceRequest bytes (the records of logEncodeCost) into
 * model log records, us per record: through protobufjs messages against straight from
 * the wire (decode-logs-proto.ts), best of 5 rounds each.
 */
function logDecodeCost(records) {
  const bytes = encodeLogsRequestProto(records);
  const best = (fn) => {
    let min = Infinity;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      if (fn(bytes).length !== records.length) throw new Error('log decode lost records');
      min = Math.min(min, performance.now() - t0);
    }
    return round((min * 1000) / records.length, 2);
  };
  return { protobufjs: best(decodeLogsRequestProtobufjs), wire: best(decodeLogsRequestProto) };
}

/**
 * Every figure of one store. `settle(store)` runs between the timed phases and returns
 * the store to go on with: DuckDB closes and reopens its file, so each signal starts
 * with an empty WAL and pays for the checkpoints its own writes trigger, not for a
 * checkpoint of the previous signal's WAL that happened to fall due during its writes.
 */
async function measure(first, storeName, settle = async (s) => s) {
  let store = first;
  try {
    const spanCount = Math.min(N, 500_000);
    // Traces of 10 spans, 1 ms apart, made a batch at a time; their ids are kept for the logs.
    const traceIds = [];
    const spanBatch = (from, n) => {
      const batch = generateSpans(n / 10, 10, T0 + BigInt(from / 10) * 1_000_000n);
      for (let i = 0; i < batch.length; i += 10) traceIds.push(batch[i].traceId);
      return batch;
    };
    const spanBytes = encodeTraceRequestProto(generateSpans(100, 10, T0)).length / 1000;
    const spanWrite = await write(spanCount, spanBatch, (b) => store.writeSpans(b));
    const spanSeconds = spanWrite.seconds;
    store = await settle(store);

    const logBytes = logsProtoBytes(logs(0, 1000, traceIds));
    const logWrite = await write(N, (f, n) => logs(f, n, traceIds), (b) => store.writeLogs(b));
    const logSeconds = logWrite.seconds;
    store = await settle(store);
    const pointBytes = pointsProtoBytes(points(0, 1000));
    const pointWrite = await write(N, points, (b) => store.writeMetricPoints(b));
    const pointSeconds = pointWrite.seconds;
    store = await settle(store);

    const traceLogs = await timeAll(QUERIES, (i) => store.getTraceLogs(traceIds[(i * 7919) % traceIds.length]));
    const endNs = T0 + BigInt(Math.floor(N / (PODS * NAMES.length))) * 10_000_000_000n;
    const podSeries = await timeAll(QUERIES, (i) =>
      store.getMetricPoints({
        name: NAMES[i % NAMES.length],
        resource: new Map([['k8s.pod.name', `pod-${i % PODS}`], ['k8s.namespace.name', 'bench']]),
        startTimeMinNs: endNs - 3_600_000_000_000n,
        startTimeMaxNs: endNs,
      }),
    );
    const sample = await store.getTraceLogs(traceIds[0]);
    return {
      store: storeName,
      spans: spanCount,
      spansPerSec: Math.round(spanCount / spanSeconds),
      spanMBPerSec: round((spanCount * spanBytes) / spanSeconds / 1e6, 1),
      logRecords: N,
      logsPerSec: Math.round(N / logSeconds),
      logMBPerSec: round((N * logBytes) / logSeconds / 1e6, 1),
      metricPoints: N,
      pointsPerSec: Math.round(N / pointSeconds),
      pointMBPerSec: round((N * pointBytes) / pointSeconds / 1e6, 1),
      // OTLP protobuf MB per CPU-second: the per-byte comparison, steadier under load.
      spanMBPerCpuSec: round((spanCount * spanBytes) / spanWrite.cpuSeconds / 1e6, 1),
      logMBPerCpuSec: round((N * logBytes) / logWrite.cpuSeconds / 1e6, 1),
      pointMBPerCpuSec: round((N * pointBytes) / pointWrite.cpuSeconds / 1e6, 1),
      traceLogsMs: traceLogs,
      logEncodeUsPerRecord: logEncodeCost(logs(0, 10_000, traceIds).map((r) => ({ ...r, resource: resources[0] }))),
      logDecodeUsPerRecord: logDecodeCost(logs(0, 10_000, traceIds).map((r) => ({ ...r, resource: resources[0] }))),
      traceLogsPerTrace: sample.length,
      podSeries1hMs: podSeries,
      note: `store-level writes in batches of ${BATCH}; protobuf bytes per record: span ${round(spanBytes)}, log ${round(logBytes)}, point ${round(pointBytes)}; ${PODS} pods; trace ${hex(traceIds[0]).slice(0, 8)}…`,
    };
  } finally {
    await store.close();
  }
}

// DuckDB (the targets' store), then ClickHouse on chDB in this process when the npm
// package is installed (BENCH_SIGNALS_CLICKHOUSE=0 skips it), same data and queries.
export async function benchSignals() {
  const dir = tempDir();
  let duckdb;
  try {
    const reopen = async (s) => {
      await s.close();
      return openDuckDbStore({ path: dir });
    };
    duckdb = await measure(await openDuckDbStore({ path: dir }), 'duckdb', reopen);
  } finally {
    removeDir(dir);
  }
  let clickhouse = 'skipped: the npm package chdb is not installed';
  if (process.env.BENCH_SIGNALS_CLICKHOUSE === '0') clickhouse = 'skipped: BENCH_SIGNALS_CLICKHOUSE=0';
  else if (await chdbAvailable()) {
    const chDir = tempDir();
    try {
      clickhouse = await measure(await openClickHouseStore({ url: `chdb:${chDir}?database=bench_signals` }), 'clickhouse (chDB)');
    } finally {
      removeDir(chDir);
    }
  }
  return { bench: 'signals', ...duckdb, clickhouse };
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(JSON.stringify(await benchSignals()) + '\n');
