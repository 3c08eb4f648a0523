/**
 * Logs and metrics through real collector pipelines: the OpenTelemetry JS SDK sends to
 * collector A's shared otlp receiver (HTTP protobuf, HTTP JSON, gRPC); A's logs and
 * metrics pipelines (batch, attributes) forward through the otlp (gRPC) and otlphttp
 * (protobuf and JSON) exporters to collector B's receivers; every field that reached A's
 * pipeline must arrive at B unchanged. Each side records what its pipeline delivered
 * with a recording exporter registered next to the real factories.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { FACTORIES } from '../../../src/collector/components.js';
import type { ExporterFactory, Factory } from '../../../src/collector/component.js';
import { parseCollectorConfig } from '../../../src/collector/config/collector-config.js';
import { ComponentRegistry } from '../../../src/collector/registry.js';
import { CollectorService } from '../../../src/collector/service.js';
import type { LogRecord, MetricPoint } from '../../../src/model/index.js';
import { logExporter, metricExporter, type Transport } from '../../helpers/otel-signal-exporters.js';
import { waitFor } from '../helpers/collector-process.js';

/** What each recorder id received, per signal. */
const recorded = new Map<string, { logs: LogRecord[]; metrics: MetricPoint[] }>();
const recorderFactory: ExporterFactory<Record<string, never>> = {
  kind: 'exporter',
  type: 'recorder',
  parseConfig: () => ({}),
  createLogs: (set) => ({
    start: async () => {},
    shutdown: async () => {},
    consumeLogs: async (records) => void recordOf(set.idText).logs.push(...records),
  }),
  createMetrics: (set) => ({
    start: async () => {},
    shutdown: async () => {},
    consumeMetrics: async (points) => void recordOf(set.idText).metrics.push(...points),
  }),
};
function recordOf(id: string): { logs: LogRecord[]; metrics: MetricPoint[] } {
  let r = recorded.get(id);
  if (!r) recorded.set(id, (r = { logs: [], metrics: [] }));
  return r;
}
const registry = new ComponentRegistry([...FACTORIES, recorderFactory] as Factory[]);

function service(yaml: string): CollectorService {
  return new CollectorService(parseCollectorConfig(parseYaml(yaml), registry), { log: () => {} });
}

function address(s: CollectorService, name: string): string {
  const l = s.listeners.find((x) => x.name === name);
  if (!l) throw new Error(`no listener ${name} in ${s.listeners.map((x) => x.name).join(', ')}`);
  return `${l.address.host}:${l.address.port}`;
}

const ROUTES = ['grpc', 'http', 'json'] as const;
let a: CollectorService;
let b: CollectorService;

beforeAll(async () => {
  b = service(`
receivers:
  otlp/grpc: { protocols: { grpc: { endpoint: "127.0.0.1:0" } } }
  otlp/http: { protocols: { http: { endpoint: "127.0.0.1:0" } } }
  otlp/json: { protocols: { http: { endpoint: "127.0.0.1:0" } } }
exporters:
  recorder/b-grpc:
  recorder/b-http:
  recorder/b-json:
service:
  telemetry: { metrics: { level: none } }
  pipelines:
${ROUTES.map((r) => `    logs/${r}: { receivers: [otlp/${r}], exporters: [recorder/b-${r}] }\n    metrics/${r}: { receivers: [otlp/${r}], exporters: [recorder/b-${r}] }`).join('\n')}
`);
  await b.start();
  a = service(`
receivers:
  otlp: { protocols: { grpc: { endpoint: "127.0.0.1:0" }, http: { endpoint: "127.0.0.1:0" } } }
processors:
  batch: { timeout: 50ms }
  attributes:
    actions: [{ key: collector.tier, value: agent, action: insert }]
exporters:
  recorder/a:
  otlp: { endpoint: "${address(b, 'otlp/grpc-grpc')}", tls: { insecure: true }, retry_on_failure: { enabled: false } }
  otlphttp: { endpoint: "http://${address(b, 'otlp/http-http')}", retry_on_failure: { enabled: false } }
  otlphttp/json: { endpoint: "http://${address(b, 'otlp/json-http')}", encoding: json, compression: none, retry_on_failure: { enabled: false } }
service:
  telemetry: { metrics: { address: "127.0.0.1:0" } }
  pipelines:
    logs: { receivers: [otlp], processors: [batch, attributes], exporters: [recorder/a, otlp, otlphttp, otlphttp/json] }
    metrics: { receivers: [otlp], processors: [batch, attributes], exporters: [recorder/a, otlp, otlphttp, otlphttp/json] }
`);
  await a.start();
});
afterAll(async () => {
  await a?.shutdown();
  await b?.shutdown();
});

const randomHex = (bytes: number): string => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');

/** A's and B's items of one run, matched by a per-run marker. */
async function arrived<T>(pick: (r: { logs: LogRecord[]; metrics: MetricPoint[] }) => T[], mine: (t: T) => boolean, expected: number): Promise<{ sent: T[]; got: Record<(typeof ROUTES)[number], T[]> }> {
  // The batch processor acknowledges once buffered: A's own exporter sees the items a little later.
  const sent = await waitFor('collector A to deliver', async () => {
    const s = pick(recordOf('recorder/a')).filter(mine);
    return s.length >= expected ? s : undefined;
  });
  expect(sent.length, 'items that reached collector A').toBe(expected);
  const got = await waitFor('every route to deliver', async () => {
    const out = Object.fromEntries(ROUTES.map((r) => [r, pick(recordOf(`recorder/b-${r}`)).filter(mine)])) as Record<(typeof ROUTES)[number], T[]>;
    return ROUTES.every((r) => out[r].length >= expected) ? out : undefined;
  });
  return { sent, got };
}

const TRANSPORTS: readonly Transport[] = ['http/protobuf', 'http/json', 'grpc'];
const endpointOf = (t: Transport): string => (t === 'grpc' ? address(a, 'otlp-grpc') : `http://${address(a, 'otlp-http')}`);

describe.each(TRANSPORTS)('logs sent over %s', (transport) => {
  it('arrive at the next collector through otlp, otlphttp and otlphttp/json with every field', async () => {
    const run = randomHex(4);
    const traceId = randomHex(16);
    const spanId = randomHex(8);
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'checkout', run, 'host.cpus': 4, 'deployment.canary': true }),
      processors: [new SimpleLogRecordProcessor({ exporter: logExporter(transport, endpointOf(transport)) })],
    });
    const logger = provider.getLogger('checkout-logger', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' });
    const t0 = Date.now() - 1000;
    const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED });
    logger.emit({ timestamp: t0, observedTimestamp: t0 + 1, severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: { reason: 'card declined', code: 51, tags: ['a', 'b'] }, attributes: { run, 'order.id': 42, ratio: 0.25, ok: true, list: [1, 2] }, context: ctx });
    logger.emit({ timestamp: t0 + 5, severityNumber: SeverityNumber.INFO, body: `plain ${run}`, attributes: { run }, eventName: 'checkout.done' });
    await provider.forceFlush();
    await provider.shutdown();

    const mine = (r: LogRecord): boolean => r.attributes.some((kv) => kv.key === 'run' && kv.value.type === 'string' && kv.value.value === run);
    const { sent, got } = await arrived((r) => r.logs, mine, 2);
    // The pipeline's attributes processor ran before the exporters.
    expect(sent[0]!.attributes.find((kv) => kv.key === 'collector.tier')?.value).toEqual({ type: 'string', value: 'agent' });
    expect(Buffer.from(sent[0]!.traceId).toString('hex')).toBe(traceId);
    for (const route of ROUTES) expect(got[route], `${transport} -> ${route}`).toEqual(sent);
  });
});

describe.each(TRANSPORTS)('metrics sent over %s', (transport) => {
  it('arrive at the next collector through otlp, otlphttp and otlphttp/json with every field', async () => {
    const run = randomHex(4);
    const reader = new PeriodicExportingMetricReader({ exporter: metricExporter(transport, endpointOf(transport)), exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'checkout', run }),
      readers: [reader],
      views: [{ instrumentName: 'rpc.exp', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
    });
    const meter = provider.getMeter('infra', '0.1.0');
    meter.createGauge('cpu.utilization', { unit: '1', description: 'CPU' }).record(0.5, { run, core: 1 });
    meter.createUpDownCounter('memory.usage', { unit: 'By' }).add(1000, { run });
    meter.createCounter('network.io', { unit: 'By' }).add(1000, { run, 'network.io.direction': 'receive' });
    const latency = meter.createHistogram('rpc.duration', { unit: 'ms', advice: { explicitBucketBoundaries: [10, 20, 50, 100] } });
    const exp = meter.createHistogram('rpc.exp', { unit: 'ms' });
    for (let i = 1; i <= 100; i++) {
      latency.record(i, { run });
      exp.record(i, { run });
    }
    await provider.shutdown(); // one export (a forceFlush first would export the cumulative points twice)

    const mine = (p: MetricPoint): boolean => p.attributes.some((kv) => kv.key === 'run' && kv.value.type === 'string' && kv.value.value === run);
    const { sent, got } = await arrived((r) => r.metrics, mine, 5);
    expect(new Set(sent.map((p) => p.data.type))).toEqual(new Set(['gauge', 'sum', 'histogram', 'exponential_histogram']));
    for (const route of ROUTES) expect(got[route], `${transport} -> ${route}`).toEqual(sent);
  });
});

describe('a summary point and a log with bytes, kvlist body and flags (OTLP/JSON in)', () => {
  it('arrive unchanged through every route', async () => {
    const run = randomHex(4);
    const res = { attributes: [{ key: 'service.name', value: { stringValue: 'legacy' } }, { key: 'run', value: { stringValue: run } }] };
    const metrics = {
      resourceMetrics: [{
        resource: res,
        scopeMetrics: [{
          scope: { name: 'prom-bridge', version: '2' },
          metrics: [{
            name: 'http.latency', unit: 's', description: 'summary',
            summary: { dataPoints: [{ attributes: [{ key: 'run', value: { stringValue: run } }], startTimeUnixNano: '1700000000000000000', timeUnixNano: '1700000001000000001', count: '12', sum: 3.5, quantileValues: [{ quantile: 0.5, value: 0.2 }, { quantile: 0.99, value: 1.5 }] }] },
          }],
        }],
      }],
    };
    const logs = {
      resourceLogs: [{
        resource: res,
        scopeLogs: [{
          scope: { name: 'raw', version: '' },
          logRecords: [{
            timeUnixNano: '1700000000000000007', observedTimeUnixNano: '1700000000000000008', severityNumber: 13, severityText: 'WARN', flags: 1,
            body: { kvlistValue: { values: [{ key: 'blob', value: { bytesValue: Buffer.from('hi').toString('base64') } }, { key: 'n', value: { intValue: '9007199254740993' } }] } },
            attributes: [{ key: 'run', value: { stringValue: run } }], droppedAttributesCount: 3,
          }],
        }],
      }],
    };
    const base = `http://${address(a, 'otlp-http')}`;
    for (const [path, body] of [['/v1/metrics', metrics], ['/v1/logs', logs]] as const) {
      const r = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(r.status, `${path}: ${await r.clone().text()}`).toBe(200);
    }
    const mineP = (p: MetricPoint): boolean => p.attributes.some((kv) => kv.key === 'run' && kv.value.type === 'string' && kv.value.value === run);
    const m = await arrived((r) => r.metrics, mineP, 1);
    expect(m.sent[0]!.data).toMatchObject({ type: 'summary', count: 12n, sum: 3.5 });
    for (const route of ROUTES) expect(m.got[route], route).toEqual(m.sent);
    const mineL = (l: LogRecord): boolean => l.attributes.some((kv) => kv.key === 'run' && kv.value.type === 'string' && kv.value.value === run);
    const l = await arrived((r) => r.logs, mineL, 1);
    expect(l.sent[0]!.timeUnixNano).toBe(1700000000000000007n);
    expect(l.sent[0]!.droppedAttributesCount).toBe(3);
    for (const route of ROUTES) expect(l.got[route], route).toEqual(l.sent);
  });
});
