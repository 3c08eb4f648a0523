/**
 * OTLP logs and metrics into a real `ariadne start`, from the OpenTelemetry JS SDK's
 * logs and metrics SDKs over OTLP/HTTP protobuf, OTLP/HTTP JSON and OTLP/gRPC, and
 * back out of the query API: /api/traces/{id}/logs, /api/logs and /api/series.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, AggregationType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { removeDir, startAriadne, type RunningAriadne } from '../helpers/ariadne-process.js';
import { logExporter, metricExporter, type Transport } from '../helpers/otel-signal-exporters.js';
import { getJson } from '../helpers/query-client.js';

let ariadne: RunningAriadne;
beforeAll(async () => {
  ariadne = await startAriadne();
});
afterAll(async () => {
  expect(await ariadne.stop('SIGTERM')).toBe(0);
  removeDir(ariadne.dataDir);
});

const TRANSPORTS: readonly Transport[] = ['http/protobuf', 'http/json', 'grpc'];

function endpointOf(t: Transport): string {
  return t === 'grpc' ? ariadne.otlpGrpc : ariadne.otlpHttpUrl;
}

function podResource(pod: string) {
  return resourceFromAttributes({ 'service.name': 'checkout', 'k8s.pod.name': pod, 'k8s.namespace.name': 'shop', 'service.instance.id': `${pod}-i` });
}

const randomHex = (bytes: number): string => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');

describe.each(TRANSPORTS)('logs over %s', (transport) => {
  it('come back by trace id and span id with every field, and through log search', async () => {
    const traceId = randomHex(16);
    const spanA = randomHex(8);
    const spanB = randomHex(8);
    const provider = new LoggerProvider({ resource: podResource(`pod-${transport}`), processors: [new SimpleLogRecordProcessor({ exporter: logExporter(transport, endpointOf(transport)) })] });
    const logger = provider.getLogger('checkout-logger', '1.2.3');
    const ctxOf = (spanId: string) => trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED });
    const t0 = Date.now() - 1000;
    logger.emit({ timestamp: t0, observedTimestamp: t0 + 1, severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: `charging card ${transport}`, attributes: { 'order.id': 42, ok: true }, context: ctxOf(spanA) });
    logger.emit({ timestamp: t0 + 5, severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: { reason: 'card declined', code: 51 }, context: ctxOf(spanB) });
    logger.emit({ timestamp: t0 + 2, severityNumber: SeverityNumber.WARN, body: 'retrying', context: ctxOf(spanA) });
    await provider.forceFlush();
    await provider.shutdown();

    const all = await getJson(`${ariadne.httpUrl}/api/traces/${traceId}/logs`);
    expect(all.status).toBe(200);
    expect(all.body.data.map((r: { severityText: string }) => r.severityText)).toEqual(['INFO', '', 'ERROR']);
    const first = all.body.data[0];
    expect(first).toMatchObject({
      timeUnixNano: String(BigInt(t0) * 1_000_000n),
      observedTimeUnixNano: String(BigInt(t0 + 1) * 1_000_000n),
      severityNumber: 9,
      body: { stringValue: `charging card ${transport}` },
      attributes: [
        { key: 'order.id', value: { intValue: '42' } },
        { key: 'ok', value: { boolValue: true } },
      ],
      traceId,
      spanId: spanA,
      flags: 1,
      serviceName: 'checkout',
      scope: { name: 'checkout-logger', version: '1.2.3' },
    });
    expect(first.resource.attributes).toContainEqual({ key: 'k8s.pod.name', value: { stringValue: `pod-${transport}` } });
    expect(all.body.data[2].body).toEqual({
      kvlistValue: {
        values: [
          { key: 'reason', value: { stringValue: 'card declined' } },
          { key: 'code', value: { intValue: '51' } },
        ],
      },
    });

    const ofSpan = await getJson(`${ariadne.httpUrl}/api/traces/${traceId}/logs?spanID=${spanA}`);
    expect(ofSpan.body.data.map((r: { spanId: string }) => r.spanId)).toEqual([spanA, spanA]);

    const errors = await getJson(`${ariadne.httpUrl}/api/logs?service=checkout&severity=error&q=DECLINED&start=${(t0 - 1000) * 1000}&end=${(t0 + 1000) * 1000}`);
    expect(errors.status).toBe(200);
    expect(errors.body.data.some((r: { traceId: string }) => r.traceId === traceId)).toBe(true);
    expect(errors.body.data.every((r: { severityNumber: number }) => r.severityNumber >= 17)).toBe(true);
  });
});

describe('the all-in-one carries logs and metrics through its collector pipelines', () => {
  it('counts them as received by the otlp receiver and written by the ariadne exporter', async () => {
    const provider = new LoggerProvider({ resource: podResource('pipeline-pod'), processors: [new SimpleLogRecordProcessor({ exporter: logExporter('http/protobuf', ariadne.otlpHttpUrl) })] });
    provider.getLogger('l').emit({ severityNumber: SeverityNumber.INFO, body: 'through the pipeline' });
    await provider.shutdown();
    const text = await (await fetch(`${ariadne.httpUrl}/metrics`)).text();
    const value = (name: string): number => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    expect(value('otelcol_receiver_accepted_log_records_total')).toBeGreaterThan(0);
    expect(value('otelcol_exporter_sent_log_records_total')).toBeGreaterThan(0);
  });
});

describe.each(TRANSPORTS)('metrics over %s', (transport) => {
  it('come back as series: gauges as values, counters as rates, histograms as p50/p95/p99', async () => {
    const pod = `metrics-pod-${transport.replace('/', '-')}`;
    const reader = new PeriodicExportingMetricReader({ exporter: metricExporter(transport, endpointOf(transport)), exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({
      resource: podResource(pod),
      readers: [reader],
      views: [{ instrumentName: 'rpc.exp', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
    });
    const meter = provider.getMeter('infra');
    const cpu = meter.createGauge('k8s.pod.cpu.utilization', { unit: '1' });
    const mem = meter.createUpDownCounter('k8s.pod.memory.usage', { unit: 'By' });
    const net = meter.createCounter('k8s.pod.network.io', { unit: 'By' });
    const latency = meter.createHistogram('rpc.duration', { unit: 'ms', advice: { explicitBucketBoundaries: [10, 20, 50, 100] } });
    const exp = meter.createHistogram('rpc.exp', { unit: 'ms' });
    cpu.record(0.5);
    mem.add(1000);
    net.add(1000, { 'network.io.direction': 'receive' });
    net.add(10, { 'network.io.direction': 'transmit' });
    await provider.forceFlush();
    await new Promise((r) => setTimeout(r, 1100));
    cpu.record(0.7);
    mem.add(500);
    net.add(3000, { 'network.io.direction': 'receive' });
    for (let i = 1; i <= 100; i++) {
      latency.record(i);
      exp.record(i);
    }
    await provider.forceFlush();
    await provider.shutdown();

    const series = async (name: string): Promise<any> => {
      const r = await getJson(`${ariadne.httpUrl}/api/series?name=${name}&resource.k8s.pod.name=${pod}&resource.k8s.namespace.name=shop&step=1h&start=${(Date.now() - 3_600_000) * 1000}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    const c = await series('k8s.pod.cpu.utilization');
    expect(c.type).toBe('gauge');
    expect(c.series[0].stat).toBe('value');
    // The mean of the bucket's readings (0.5, then 0.7 at the last two exports).
    expect(c.series[0].points[0][1]).toBeGreaterThan(0.5);
    expect(c.series[0].points[0][1]).toBeLessThan(0.7);
    const m = await series('k8s.pod.memory.usage');
    expect(m.type).toBe('sum');
    expect(m.series[0].stat).toBe('value');
    const n = await series('k8s.pod.network.io');
    const rx = n.series.find((s: any) => s.attributes['network.io.direction'] === 'receive');
    expect(rx.stat).toBe('rate');
    // 3000 bytes in the ~1.1 s between the two exports.
    expect(rx.points[0][1]).toBeGreaterThan(1000);
    expect(rx.points[0][1]).toBeLessThan(3000);
    for (const name of ['rpc.duration', 'rpc.exp']) {
      const h = await series(name);
      expect(h.series.map((s: any) => s.stat)).toEqual(['p50', 'p95', 'p99']);
      const [p50, p95, p99] = h.series.map((s: any) => s.points[0][1]);
      expect(p50, name).toBeGreaterThan(35);
      expect(p50, name).toBeLessThan(65);
      expect(p95, name).toBeGreaterThan(p50);
      expect(p99, name).toBeGreaterThanOrEqual(p95);
    }
  });
});

describe('signals over OTLP/HTTP JSON by hand', () => {
  const post = (path: string, body: unknown) =>
    fetch(`${ariadne.otlpHttpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('takes summaries and delta sums, and reports rejected points as partial success', async () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    const res = await post('/v1/metrics', {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'host.name', value: { stringValue: 'node-json' } }] },
          scopeMetrics: [
            {
              metrics: [
                { name: 'rpc.summary', summary: { dataPoints: [{ timeUnixNano: String(now), count: '10', sum: 5, quantileValues: [{ quantile: 0.5, value: 0.4 }, { quantile: 0.95, value: 0.9 }, { quantile: 0.99, value: 1.2 }] }] } },
                { name: 'requests', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ timeUnixNano: String(now), startTimeUnixNano: String(now - 10_000_000_000n), asInt: '60' }] } },
                { name: 'bad', histogram: { dataPoints: [{ timeUnixNano: String(now), count: 1, bucketCounts: [1], explicitBounds: [1, 2] }] } },
              ],
            },
          ],
        },
      ],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { partialSuccess: { rejectedDataPoints: string; errorMessage: string } };
    expect(body.partialSuccess.rejectedDataPoints).toBe('1');
    expect(body.partialSuccess.errorMessage).toContain('bucket_counts');
    const s = await getJson(`${ariadne.httpUrl}/api/series?name=rpc.summary&resource.host.name=node-json&step=1h`);
    expect(s.body.series.map((x: any) => [x.stat, x.points[0][1]])).toEqual([
      ['p50', 0.4],
      ['p95', 0.9],
      ['p99', 1.2],
    ]);
    const r = await getJson(`${ariadne.httpUrl}/api/series?name=requests&resource.host.name=node-json&step=60s`);
    expect(r.body.series[0].stat).toBe('rate');
    expect(r.body.series[0].points[0][1]).toBe(1);
  });

  it('refuses bad log records in part and bad bodies whole', async () => {
    const res = await post('/v1/logs', {
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: '1', body: { stringValue: 'ok' } }, { timeUnixNano: '1', traceId: 'abcd' }] }] }],
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).partialSuccess.rejectedLogRecords).toBe('1');
    const bad = await post('/v1/logs', { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 1 } }] }] }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).message).toContain('resourceLogs[0].scopeLogs[0].logRecords[0].body.stringValue');
    const proto = await fetch(`${ariadne.otlpHttpUrl}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array([0xff, 0xff, 0xff]) });
    expect(proto.status).toBe(400);
    const type = await fetch(`${ariadne.otlpHttpUrl}/v1/logs`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(type.status).toBe(415);
  });
});

describe('query API parameters', () => {
  it.each([
    ['/api/logs?severity=loud', 'severity'],
    ['/api/logs?limit=0', 'limit'],
    ['/api/logs?start=yesterday', 'start'],
    ['/api/logs?start=20&end=10', 'end'],
    ['/api/series?resource.host.name=a', 'name'],
    ['/api/series?name=cpu', 'resource.KEY'],
    ['/api/series?name=cpu&resource.host.name=a&step=fast', 'step'],
    ['/api/series?name=cpu&resource.host.name=a&step=1ns', 'step'],
    ['/api/traces/not-hex/logs', 'traceID'],
    ['/api/traces/0123456789abcdef0123456789abcdef/logs?spanID=xyz', 'spanID'],
  ])('%s -> 400 naming %s', async (path, param) => {
    const r = await getJson(`${ariadne.httpUrl}${path}`);
    expect(r.status, path).toBe(400);
    expect(r.body.error.message, path).toContain(`'${param}'`);
  });
});
