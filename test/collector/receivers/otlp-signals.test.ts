/**
 * The otlp receiver as one instance across signals: one HTTP port and one gRPC port
 * serve traces, logs and metrics; a signal no pipeline takes answers 404 /
 * UNIMPLEMENTED naming it; the ariadne exporter's bounded queue pushes back on logs and
 * metrics with 503 + Retry-After / UNAVAILABLE and counts every refused item; and an
 * acknowledged log record or point is already in the store (DuckDB, on disk).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { defaultRegistry } from '../../../src/collector/components.js';
import { parseCollectorConfig } from '../../../src/collector/config/collector-config.js';
import { CollectorService } from '../../../src/collector/service.js';
import { Temporality, type LogRecord, type MetricPoint } from '../../../src/model/index.js';
import { encodeLogsRequestProto } from '../../../src/otlp/encode-logs-proto.js';
import { encodeMetricsRequestProto } from '../../../src/otlp/encode-metrics-proto.js';
import { encodeTraceRequestProto } from '../../../src/otlp/encode-proto.js';
import { openDuckDbStore } from '../../../src/store/duckdb/index.js';
import type { Store } from '../../../src/store/index.js';
import { isLogStore, type LogStore } from '../../../src/store/log-store.js';
import { isMetricStore, type MetricStore } from '../../../src/store/metric-store.js';
import { metricValue } from '../helpers/collector-process.js';
import { resourceOf, span } from '../helpers/test-host.js';

const SCOPE = { name: 'test', version: '1', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
let seq = 0;

function logRecord(body: string): LogRecord {
  const t = 1_732_000_000_000_000_000n + BigInt(++seq);
  return {
    timeUnixNano: t,
    observedTimeUnixNano: t + 1n,
    severityNumber: 17,
    severityText: 'ERROR',
    body: { type: 'string', value: body },
    attributes: [{ key: 'seq', value: { type: 'int', value: BigInt(seq) } }],
    droppedAttributesCount: 0,
    flags: 1,
    traceId: new Uint8Array(16).fill(7),
    spanId: new Uint8Array(8).fill(seq % 250),
    eventName: '',
    resource: resourceOf('signals-svc'),
    scope: SCOPE,
  };
}

function point(name: string, value: number): MetricPoint {
  return {
    name,
    description: '',
    unit: '1',
    startTimeUnixNano: 1_732_000_000_000_000_000n,
    timeUnixNano: 1_732_000_000_000_000_000n + BigInt(++seq),
    attributes: [],
    flags: 0,
    data: { type: 'sum', temporality: Temporality.CUMULATIVE, monotonic: true, value: { type: 'int', value: BigInt(value) } },
    resource: resourceOf('signals-svc'),
    scope: SCOPE,
  };
}

function grpcCall(address: string, method: string, body: Uint8Array): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest<Buffer, Buffer>(method, (b) => b, (b) => b, Buffer.from(body), (error) => {
      client.close();
      resolve(error ?? null);
    });
  });
}

const LOGS_METHOD = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';
const METRICS_METHOD = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';
const TRACES_METHOD = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

function post(base: string, p: string, body: Uint8Array): Promise<Response> {
  return fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
}

function listener(s: CollectorService, name: string): string {
  const l = s.listeners.find((x) => x.name === name)!;
  return `${l.address.host}:${l.address.port}`;
}

function service(yaml: string, options: ConstructorParameters<typeof CollectorService>[1] = {}): CollectorService {
  return new CollectorService(parseCollectorConfig(parseYaml(yaml), defaultRegistry()), { log: () => {}, ...options });
}

const RECEIVER = `
receivers:
  otlp: { protocols: { grpc: { endpoint: "127.0.0.1:0" }, http: { endpoint: "127.0.0.1:0" } } }
`;

describe('a signal no pipeline takes from the receiver', () => {
  const cases: [name: string, pipelines: string, missing: 'traces' | 'logs' | 'metrics'][] = [
    ['traces only: logs refused', 'traces: { receivers: [otlp], exporters: [nop] }', 'logs'],
    ['traces only: metrics refused', 'traces: { receivers: [otlp], exporters: [nop] }', 'metrics'],
    ['logs only: traces refused', 'logs: { receivers: [otlp], exporters: [nop] }', 'traces'],
  ];
  it.each(cases)('%s with 404 and UNIMPLEMENTED naming the signal', async (_name, pipelines, missing) => {
    const s = service(`${RECEIVER}exporters: { nop: }\nservice:\n  telemetry: { metrics: { level: none } }\n  pipelines:\n    ${pipelines}\n`);
    await s.start();
    try {
      const body = missing === 'logs' ? encodeLogsRequestProto([logRecord('x')]) : missing === 'metrics' ? encodeMetricsRequestProto([point('m', 1)]) : encodeTraceRequestProto([span()]);
      const r = await post(`http://${listener(s, 'otlp-http')}`, `/v1/${missing}`, body);
      expect(r.status).toBe(404);
      const text = Buffer.from(await r.arrayBuffer()).toString('latin1');
      expect(text).toContain(`no ${missing} pipeline uses receiver otlp`);
      const method = missing === 'logs' ? LOGS_METHOD : missing === 'metrics' ? METRICS_METHOD : TRACES_METHOD;
      const err = await grpcCall(listener(s, 'otlp-grpc'), method, body);
      expect(err?.code).toBe(grpc.status.UNIMPLEMENTED);
      expect(err?.details).toContain(`no ${missing} pipeline uses receiver otlp`);
      // The served signals still work on the same ports.
      const served = pipelines.startsWith('logs') ? 'logs' : 'traces';
      const ok = await post(`http://${listener(s, 'otlp-http')}`, `/v1/${served}`, served === 'logs' ? encodeLogsRequestProto([logRecord('y')]) : encodeTraceRequestProto([span()]));
      expect(ok.status).toBe(200);
    } finally {
      await s.shutdown();
    }
  });

  it('one receiver, three signals: one HTTP and one gRPC listener', async () => {
    const s = service(`${RECEIVER}exporters: { nop: }\nservice:\n  telemetry: { metrics: { level: none } }\n  pipelines:\n    traces: { receivers: [otlp], exporters: [nop] }\n    logs: { receivers: [otlp], exporters: [nop] }\n    metrics: { receivers: [otlp], exporters: [nop] }\n`);
    await s.start();
    try {
      expect(s.listeners.map((l) => l.name).sort()).toEqual(['otlp-grpc', 'otlp-http']);
      const base = `http://${listener(s, 'otlp-http')}`;
      expect((await post(base, '/v1/traces', encodeTraceRequestProto([span()]))).status).toBe(200);
      expect((await post(base, '/v1/logs', encodeLogsRequestProto([logRecord('a')]))).status).toBe(200);
      expect((await post(base, '/v1/metrics', encodeMetricsRequestProto([point('m', 1)]))).status).toBe(200);
      expect(await grpcCall(listener(s, 'otlp-grpc'), LOGS_METHOD, encodeLogsRequestProto([logRecord('b')]))).toBeNull();
      expect(await grpcCall(listener(s, 'otlp-grpc'), METRICS_METHOD, encodeMetricsRequestProto([point('m', 2)]))).toBeNull();
    } finally {
      await s.shutdown();
    }
  });
});

describe('ariadne exporter: logs and metrics into DuckDB', () => {
  let dir: string;
  let store: Store;
  let gate: (() => void) | undefined;
  let gated: Promise<void> | undefined;
  let s: CollectorService;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ariadne-signals-'));
    store = await openDuckDbStore({ path: path.join(dir, 'ariadne.duckdb') });
    // The real store; its log and point writes wait while a test holds the gate.
    const held = new Proxy(store, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown;
        if ((prop === 'writeLogs' || prop === 'writeMetricPoints') && typeof v === 'function') {
          return async (items: unknown) => {
            if (gated) await gated;
            return (v as (i: unknown) => Promise<void>).call(target, items);
          };
        }
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    s = service(
      `${RECEIVER}exporters:\n  ariadne: { queue_size: 2, retry_after_seconds: 7 }\nservice:\n  telemetry: { metrics: { level: none } }\n  pipelines:\n    logs: { receivers: [otlp], exporters: [ariadne] }\n    metrics: { receivers: [otlp], exporters: [ariadne] }\n`,
      { openStore: async () => held },
    );
    await s.start();
  });
  afterAll(async () => {
    await s.shutdown();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an acknowledged log record or point is already in the store', async () => {
    const base = `http://${listener(s, 'otlp-http')}`;
    const body = `durable-${Date.now()}`;
    expect((await post(base, '/v1/logs', encodeLogsRequestProto([logRecord(body)]))).status).toBe(200);
    expect(isLogStore(store) && isMetricStore(store)).toBe(true);
    const logs = await (store as unknown as LogStore).findLogs({ bodyContains: body, limit: 10 });
    expect(logs.map((l) => l.body)).toEqual([{ type: 'string', value: body }]);
    expect(await grpcCall(listener(s, 'otlp-grpc'), METRICS_METHOD, encodeMetricsRequestProto([point('durable.points', 5)]))).toBeNull();
    const points = await (store as unknown as MetricStore).getMetricPoints({ name: 'durable.points', resource: new Map(), startTimeMinNs: 0n, startTimeMaxNs: 2n ** 62n });
    expect(points.map((p) => p.data)).toEqual([expect.objectContaining({ type: 'sum', value: { type: 'int', value: 5n } })]);
  });

  it('a full queue answers 503 + Retry-After and UNAVAILABLE, and counts every refused item', async () => {
    const base = `http://${listener(s, 'otlp-http')}`;
    gated = new Promise<void>((r) => (gate = r));
    try {
      // Two records fill queue_size 2 (the first request always goes in); the write waits.
      const first = post(base, '/v1/logs', encodeLogsRequestProto([logRecord('held-1'), logRecord('held-2')]));
      await new Promise((r) => setTimeout(r, 100));
      const refused = await post(base, '/v1/logs', encodeLogsRequestProto([logRecord('refused-1')]));
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('7');
      const err = await grpcCall(listener(s, 'otlp-grpc'), LOGS_METHOD, encodeLogsRequestProto([logRecord('refused-2'), logRecord('refused-3')]));
      expect(err?.code).toBe(grpc.status.UNAVAILABLE);
      gate!();
      expect((await first).status).toBe(200);
    } finally {
      gate?.();
      gated = undefined;
    }
    const text = await s.metrics.registry.metrics();
    expect(metricValue(text, 'otelcol_exporter_enqueue_failed_log_records_total', { exporter: 'ariadne' })).toBe(3);
    expect(metricValue(text, 'otelcol_receiver_refused_log_records_total', { receiver: 'otlp' })).toBe(3);
    const logs = await (store as unknown as LogStore).findLogs({ bodyContains: 'held-', limit: 10 });
    expect(logs).toHaveLength(2);
  });
});
