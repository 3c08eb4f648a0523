/**
 * The ariadne exporter's `storage` key: a collector with a ClickHouse URL writes to
 * ClickHouse (schema migrated on start) instead of DuckDB under data_dir. Runs on chDB
 * (ClickHouse's engine in-process, through the production client path) when the npm
 * package is installed, and on a real server when ARIADNE_CLICKHOUSE_URL is set. Spans,
 * logs and metric points all arrive; no message carries the URL's password.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../src/collector/components.js';
import { parseCollectorConfig, parseConfigText } from '../../../src/collector/config/collector-config.js';
import { CollectorService } from '../../../src/collector/service.js';
import { encodeTraceRequestProto } from '../../../src/otlp/encode-proto.js';
import { chdbAvailable, openClickHouseStore } from '../../../src/store/clickhouse/index.js';
import type { LogRecord, MetricPoint, Resource } from '../../../src/model/index.js';
import { encodeLogsRequestProto } from '../../../src/otlp/encode-logs-proto.js';
import { encodeMetricsRequestProto } from '../../../src/otlp/encode-metrics-proto.js';
import type { LogStore } from '../../../src/store/log-store.js';
import type { MetricStore } from '../../../src/store/metric-store.js';
import { postTraces } from '../../helpers/otlp-clients.js';
import { attr, newTraceId, resourceOf, span } from '../helpers/test-host.js';

const HAS_CHDB = await chdbAvailable();
const SERVER_URL = process.env['ARIADNE_CLICKHOUSE_URL'];

function collector(storage: string, pipelines: string, env: NodeJS.ProcessEnv = {}): CollectorService {
  const yaml = `
receivers:
  otlp: { protocols: { http: { endpoint: "127.0.0.1:0" } } }
exporters:
  ariadne: { storage: "${storage}" }
service:
  telemetry: { metrics: { level: none } }
  pipelines:
${pipelines}
`;
  // The config loader's ${env:VAR} expansion, as `ariadne collector --config` runs it.
  return new CollectorService(parseCollectorConfig(parseConfigText(yaml, 'test config', env), defaultRegistry()), { log });
}

let log: (m: string) => void = () => {};

const TRACES = '    traces: { receivers: [otlp], exporters: [ariadne] }';

/** One storage URL through a whole collector: spans in over OTLP/HTTP, read back from ClickHouse. */
async function writesTracesToClickHouse(url: string): Promise<void> {
  const s = collector(url, TRACES);
  await s.start();
  const spans = [span({ name: 'ch-root' }), span({ name: 'ch-other' })];
  try {
    const l = s.listeners.find((x) => x.name === 'otlp-http')!;
    const r = await postTraces(`http://${l.address.host}:${l.address.port}`, encodeTraceRequestProto(spans));
    expect(r.status).toBe(200);
  } finally {
    await s.shutdown();
  }
  // Acknowledged means durable: a fresh connection (no migration) finds every span.
  const store = await openClickHouseStore({ url, migrate: false });
  try {
    for (const sp of spans) expect((await store.getTrace(sp.traceId)).map((x) => x.name)).toEqual([sp.name]);
  } finally {
    await store.close();
  }
}

/** Logs and metric points through logs and metrics pipelines, read back from ClickHouse. */
async function writesSignalsToClickHouse(url: string): Promise<void> {
  const s = collector(url, `${TRACES}\n    logs: { receivers: [otlp], exporters: [ariadne] }\n    metrics: { receivers: [otlp], exporters: [ariadne] }`);
  await s.start();
  const traceId = newTraceId();
  const resource: Resource = { ...resourceOf('inventory'), attributes: [...resourceOf('inventory').attributes, attr('k8s.pod.name', 'inventory-3'), attr('k8s.namespace.name', 'shop')] };
  const scope = { name: 'test', version: '1', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
  const t = BigInt(Date.now()) * 1_000_000n;
  const record: LogRecord = {
    timeUnixNano: t, observedTimeUnixNano: t, severityNumber: 17, severityText: 'ERROR', body: { type: 'string', value: 'stock read timed out' },
    attributes: [attr('shard', 3)], droppedAttributesCount: 0, flags: 1, traceId, spanId: new Uint8Array(8).fill(7), eventName: '', resource, scope,
  };
  const point: MetricPoint = {
    name: 'k8s.pod.cpu.utilization', description: '', unit: '1', startTimeUnixNano: 0n, timeUnixNano: t, attributes: [], flags: 0,
    data: { type: 'gauge', value: { type: 'double', value: 0.93 } }, resource, scope,
  };
  try {
    const l = s.listeners.find((x) => x.name === 'otlp-http')!;
    const base = `http://${l.address.host}:${l.address.port}`;
    for (const [path, body] of [['/v1/logs', encodeLogsRequestProto([record])], ['/v1/metrics', encodeMetricsRequestProto([point])]] as const) {
      const r = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(body) });
      expect(r.status, path).toBe(200);
    }
  } finally {
    await s.shutdown();
  }
  const store = (await openClickHouseStore({ url, migrate: false })) as unknown as LogStore & MetricStore & { close(): Promise<void> };
  try {
    expect(await store.getTraceLogs(traceId)).toStrictEqual([record]);
    const pod = new Map([['k8s.pod.name', 'inventory-3'], ['k8s.namespace.name', 'shop']]);
    expect(await store.getMetricPoints({ name: point.name, resource: pod, startTimeMinNs: t - 1_000_000_000n, startTimeMaxNs: t + 1_000_000_000n })).toStrictEqual([point]);
  } finally {
    await store.close();
  }
}

const chdbDir = HAS_CHDB ? mkdtempSync(path.join(tmpdir(), 'ariadne-collector-chdb-')) : '';
afterAll(() => {
  if (chdbDir) rmSync(chdbDir, { recursive: true, force: true });
});

describe.skipIf(!HAS_CHDB)(`ariadne exporter storage on chDB${HAS_CHDB ? '' : " (skipped: the npm package 'chdb' is not installed)"}`, () => {
  const url = `chdb:${chdbDir}?database=collector_storage`;
  it('opens a ClickHouse store (migrated on start) and writes acknowledged spans to it', () => writesTracesToClickHouse(url));
  it('takes logs and metric points through logs and metrics pipelines into it', () => writesSignalsToClickHouse(url));
});

describe.skipIf(SERVER_URL === undefined)(`ariadne exporter storage on a ClickHouse server${SERVER_URL ? '' : ' (skipped: ARIADNE_CLICKHOUSE_URL is not set)'}`, () => {
  it('opens the server store (migrated on start) and writes acknowledged spans to it', () => writesTracesToClickHouse(SERVER_URL!));
  it('takes logs and metric points through logs and metrics pipelines into it', () => writesSignalsToClickHouse(SERVER_URL!));
});

describe('storage credentials', () => {
  it('never appear in a start error, with the password given inline or through ${env:VAR}', async () => {
    for (const [storage, env] of [
      ['clickhouse://writer:s3cret-pw@127.0.0.1:1/traces', {}],
      ['clickhouse://writer:${env:CH_PASSWORD}@127.0.0.1:1/traces', { CH_PASSWORD: 's3cret-pw' }],
    ] as const) {
      const logs: string[] = [];
      log = (m) => void logs.push(m);
      const s = collector(storage, TRACES, env);
      const err = await s.start().then(() => undefined, (e: unknown) => e as Error);
      await s.shutdown();
      expect(err, storage).toBeInstanceOf(Error);
      expect(err!.message, storage).toMatch(/ClickHouse|127\.0\.0\.1/);
      for (const text of [err!.message, String(err!.stack), ...logs]) expect(text, storage).not.toContain('s3cret-pw');
    }
  });
});
