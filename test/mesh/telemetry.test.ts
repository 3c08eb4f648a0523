/**
 * The sidecar's own logs and metrics: a real `ariadne sidecar` process in front of a
 * failing app sends an ERROR log in its span's trace context and pod metrics under the
 * pod's resource, to a local OTLP receiver that decodes them with protobufjs over the
 * .proto files (the oracle for the hand-written writers).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHostPort, type HostPort } from '../../src/config/host-port.js';
import { parseSidecarArgs } from '../../src/cli/sidecar.js';
import { DEFAULT_SIDECAR, loadSidecarConfig, signalEndpoint } from '../../src/mesh/config/mesh-config.js';
import { encodeLogRecord, Severity } from '../../src/mesh/export/log-proto-writer.js';
import { encodeMetric, type MeshMetric } from '../../src/mesh/export/metric-proto-writer.js';
import { writeEncodedRequest } from '../../src/mesh/export/proto-wire.js';
import { meshResource, meshScope } from '../../src/mesh/http-span.js';
import { parseResourceAttributesEnv } from '../../src/mesh/resource-attributes.js';
import { LOGS_REQUEST, METRICS_REQUEST, otlpType } from '../../src/otlp/proto-root.js';
import { SpanKind, StatusCode } from '../../src/model/index.js';
import { BIN } from '../helpers/ariadne-process.js';
import { attr, hexOf, metricsText, metricValue, send, startApp, startCollector, waitFor, type Collector, type OtlpObject, type TestApp } from './helpers.js';

const resource = meshResource('inventory', 'inventory#2', '1.2.3', [['k8s.pod.name', 'inventory#2'], ['k8s.namespace.name', 'demo']]);
const scope = meshScope('1.2.3');

function decode(typeName: string, bytes: Uint8Array): OtlpObject {
  const t = otlpType(typeName);
  return t.toObject(t.decode(bytes), { longs: String, enums: Number, bytes: String, arrays: true });
}

const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

describe('log and metric writers, against protobufjs', () => {
  it('writes every LogRecord field', () => {
    const bytes = writeEncodedRequest([
      encodeLogRecord(
        {
          timeUnixNano: 1_700_000_000_123_456_789n,
          observedTimeUnixNano: 18_446_744_073_709_551_615n,
          severityNumber: Severity.ERROR,
          severityText: 'ERROR',
          body: 'egress GET /stock -> 504 timeout 🧵',
          attributes: [
            { key: 'http.response.status_code', value: { type: 'int', value: 504n } },
            { key: 'error.type', value: { type: 'string', value: 'timeout' } },
          ],
          traceId: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex'),
          spanId: Buffer.from('b7ad6b7169203331', 'hex'),
          flags: 1,
        },
        resource,
        scope,
      ),
    ]);
    expect(decode(LOGS_REQUEST, bytes)).toEqual({
      resourceLogs: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'inventory' } },
              { key: 'service.instance.id', value: { stringValue: 'inventory#2' } },
              { key: 'k8s.pod.name', value: { stringValue: 'inventory#2' } },
              { key: 'k8s.namespace.name', value: { stringValue: 'demo' } },
              { key: 'telemetry.sdk.name', value: { stringValue: 'ariadne' } },
              { key: 'telemetry.sdk.language', value: { stringValue: 'nodejs' } },
              { key: 'telemetry.sdk.version', value: { stringValue: '1.2.3' } },
            ],
          },
          scopeLogs: [
            {
              scope: { name: 'ariadne-mesh', version: '1.2.3', attributes: [] },
              logRecords: [
                {
                  timeUnixNano: '1700000000123456789',
                  observedTimeUnixNano: '18446744073709551615',
                  severityNumber: 17,
                  severityText: 'ERROR',
                  body: { stringValue: 'egress GET /stock -> 504 timeout 🧵' },
                  attributes: [
                    { key: 'http.response.status_code', value: { intValue: '504' } },
                    { key: 'error.type', value: { stringValue: 'timeout' } },
                  ],
                  flags: 1,
                  traceId: b64('0af7651916cd43dd8448eb211c80319c'),
                  spanId: b64('b7ad6b7169203331'),
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('writes gauges, cumulative sums and histograms, every field', () => {
    const common = [{ key: 'k8s.container.name', value: { type: 'string' as const, value: 'ariadne-sidecar' } }];
    const metrics: MeshMetric[] = [
      { name: 'k8s.pod.cpu.utilization', description: 'cpu', unit: '1', data: { type: 'gauge', points: [{ attributes: common, startTimeUnixNano: 5n, timeUnixNano: 9n, value: 0.25 }] } },
      { name: 'ints', description: '', unit: 'By', data: { type: 'gauge', points: [{ attributes: [], startTimeUnixNano: 1n, timeUnixNano: 2n, value: -7n }] } },
      {
        name: 'k8s.pod.network.io',
        description: 'net',
        unit: 'By',
        data: { type: 'sum', monotonic: true, points: [{ attributes: [{ key: 'network.io.direction', value: { type: 'string', value: 'receive' } }], startTimeUnixNano: 5n, timeUnixNano: 9n, value: 1234 }] },
      },
      { name: 'updown', description: '', unit: '', data: { type: 'sum', monotonic: false, points: [{ attributes: [], startTimeUnixNano: 5n, timeUnixNano: 9n, value: 3 }] } },
      {
        name: 'http.server.request.duration',
        description: 'dur',
        unit: 's',
        data: {
          type: 'histogram',
          points: [{ attributes: common, startTimeUnixNano: 5n, timeUnixNano: 9n, count: 3, sum: 0.75, bucketCounts: [1, 0, 2], explicitBounds: [0.1, 0.5], min: 0.05, max: 0.6 }],
        },
      },
    ];
    const got = decode(METRICS_REQUEST, writeEncodedRequest(metrics.map((m) => encodeMetric(m, resource, scope))));
    expect(got.resourceMetrics).toHaveLength(1);
    expect(got.resourceMetrics[0].resource.attributes).toContainEqual({ key: 'k8s.pod.name', value: { stringValue: 'inventory#2' } });
    expect(got.resourceMetrics[0].scopeMetrics[0].scope).toEqual({ name: 'ariadne-mesh', version: '1.2.3', attributes: [] });
    const container = [{ key: 'k8s.container.name', value: { stringValue: 'ariadne-sidecar' } }];
    expect(got.resourceMetrics[0].scopeMetrics[0].metrics).toEqual([
      { name: 'k8s.pod.cpu.utilization', description: 'cpu', unit: '1', metadata: [], gauge: { dataPoints: [{ attributes: container, startTimeUnixNano: '5', timeUnixNano: '9', asDouble: 0.25, exemplars: [] }] } },
      { name: 'ints', unit: 'By', metadata: [], gauge: { dataPoints: [{ attributes: [], startTimeUnixNano: '1', timeUnixNano: '2', asInt: '-7', exemplars: [] }] } },
      {
        name: 'k8s.pod.network.io',
        description: 'net',
        unit: 'By',
        metadata: [],
        sum: {
          dataPoints: [{ attributes: [{ key: 'network.io.direction', value: { stringValue: 'receive' } }], startTimeUnixNano: '5', timeUnixNano: '9', asDouble: 1234, exemplars: [] }],
          aggregationTemporality: 2,
          isMonotonic: true,
        },
      },
      { name: 'updown', metadata: [], sum: { dataPoints: [{ attributes: [], startTimeUnixNano: '5', timeUnixNano: '9', asDouble: 3, exemplars: [] }], aggregationTemporality: 2 } },
      {
        name: 'http.server.request.duration',
        description: 'dur',
        unit: 's',
        metadata: [],
        histogram: {
          dataPoints: [
            { attributes: container, startTimeUnixNano: '5', timeUnixNano: '9', count: '3', sum: 0.75, bucketCounts: ['1', '0', '2'], explicitBounds: [0.1, 0.5], exemplars: [], min: 0.05, max: 0.6 },
          ],
          aggregationTemporality: 2,
        },
      },
    ]);
  });
});

describe('OTEL_RESOURCE_ATTRIBUTES', () => {
  it.each([
    { name: 'pairs, percent-decoded', text: 'k8s.pod.name=web-1,k8s.node.name=node%2C1', want: [['k8s.pod.name', 'web-1'], ['k8s.node.name', 'node,1']] },
    { name: 'unset', text: undefined, want: [] },
    { name: 'an item without =, the whole value discarded', text: 'a=1,b', want: [] },
    { name: 'a bad percent escape, discarded', text: 'a=%zz', want: [] },
  ])('$name', ({ text, want }) => {
    expect(parseResourceAttributesEnv(text)).toEqual(want);
  });
});

describe('a sidecar in front of a failing app', () => {
  let collector: Collector;
  let app: TestApp;
  let proc: ChildProcess;
  const addresses: Record<string, HostPort> = {};
  let stderr = '';

  beforeAll(async () => {
    collector = await startCollector();
    app = await startApp((req, res) => {
      if (req.url?.startsWith('/fail')) res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
      else res.writeHead(200).end('ok');
    });
    proc = spawn(
      process.execPath,
      [
        BIN, 'sidecar',
        '--service', 'inventory',
        '--instance', 'inventory#2',
        '--resource-attributes', 'k8s.pod.name=inventory#2,k8s.namespace.name=ariadne-demo',
        '--resource-attributes', 'k8s.node.name=node-a',
        '--listen', '127.0.0.1:0', '--egress', '127.0.0.1:0', '--admin', '127.0.0.1:0',
        '--app', `${app.address.host}:${app.address.port}`,
        '--upstream', 'gone=127.0.0.1:9',
        '--connect-timeout', '300ms',
        '--otlp', collector.url,
        '--export-interval', '100ms',
        '--metrics-interval', '200ms',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OTEL_RESOURCE_ATTRIBUTES: 'k8s.node.name=overridden,deployment.environment.name=test' } },
    );
    proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      proc.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        for (const m of out.matchAll(/^ariadne: (\S+) listening on (\S+)$/gm)) addresses[m[1]!] = parseHostPort(m[2]!) as HostPort;
        if (addresses['inbound'] && addresses['egress'] && addresses['admin']) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`sidecar exited ${code}: ${stderr}`)));
    });
  }, 20_000);

  afterAll(async () => {
    if (proc?.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    await app?.close();
    await collector?.close();
  });

  const records = (): OtlpObject[] => collector.logRequests.flatMap((r) => r.resourceLogs.flatMap((rl: OtlpObject) => rl.scopeLogs.flatMap((sl: OtlpObject) => sl.logRecords.map((lr: OtlpObject) => ({ ...lr, resource: rl.resource })))));

  it('logs a 5xx from its app at ERROR with the SERVER span’s trace id and span id', async () => {
    expect((await send(addresses['inbound']!, { path: '/fail?x=1' })).status).toBe(503);
    const span = await waitFor(() => collector.spans.find((s) => attr(s, 'url.path') === '/fail'), 'the SERVER span');
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.statusCode).toBe(StatusCode.ERROR);
    const log = await waitFor(() => records().find((r) => r.spanId === hexOf(span.spanId)), 'a log record with the span id', 8000);
    expect(log.traceId).toBe(hexOf(span.traceId));
    expect(log.severityNumber).toBe(17);
    expect(log.severityText).toBe('ERROR');
    expect(log.flags).toBe(1);
    expect(log.body.stringValue).toBe('inbound GET /fail -> 503');
    expect(BigInt(log.timeUnixNano)).toBe(span.endTimeUnixNano);
    expect(log.attributes).toEqual(
      expect.arrayContaining([
        { key: 'http.response.status_code', value: { intValue: '503' } },
        { key: 'error.type', value: { stringValue: '503' } },
        { key: 'ariadne.mesh.listener', value: { stringValue: 'inbound' } },
      ]),
    );
    const res = Object.fromEntries(log.resource.attributes.map((a: OtlpObject) => [a.key, a.value.stringValue]));
    expect(res).toMatchObject({
      'service.name': 'inventory',
      'service.instance.id': 'inventory#2',
      'k8s.pod.name': 'inventory#2',
      'k8s.namespace.name': 'ariadne-demo',
      // The flag wins over the environment; the environment still adds what the flag does not set.
      'k8s.node.name': 'node-a',
      'deployment.environment.name': 'test',
      'k8s.container.name': 'ariadne-sidecar',
    });
  });

  it('logs an egress call to an upstream that refuses at ERROR, with the CLIENT span’s context', async () => {
    const answer = await send(addresses['egress']!, { path: '/stock', headers: { host: 'gone' } });
    expect(answer.status).toBe(502);
    const span = await waitFor(() => collector.spans.find((s) => s.kind === SpanKind.CLIENT && attr(s, 'peer.service') === 'gone'), 'the CLIENT span');
    const log = await waitFor(() => records().find((r) => r.spanId === hexOf(span.spanId)), 'a log record for the CLIENT span', 8000);
    expect(log.traceId).toBe(hexOf(span.traceId));
    expect(log.severityText).toBe('ERROR');
    expect(log.body.stringValue).toMatch(/^egress GET \/stock \(upstream gone\) -> 502 /);
  });

  it('does not log a success', async () => {
    expect((await send(addresses['inbound']!, { path: '/fine' })).status).toBe(200);
    const span = await waitFor(() => collector.spans.find((s) => attr(s, 'url.path') === '/fine'), 'the span');
    await new Promise((r) => setTimeout(r, 400));
    expect(records().find((r) => r.spanId === hexOf(span.spanId))).toBeUndefined();
  });

  it('sends its CPU, memory, network and request durations as pod metrics, under the pod resource', async () => {
    const names = (): Map<string, OtlpObject> => {
      const out = new Map<string, OtlpObject>();
      for (const r of collector.metricRequests)
        for (const rm of r.resourceMetrics) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) out.set(m.name, { ...m, resource: rm.resource });
      return out;
    };
    const want = ['k8s.pod.cpu.utilization', 'k8s.pod.memory.usage', 'k8s.pod.network.io', 'http.server.request.duration', 'http.client.request.duration'];
    const got = await waitFor(() => {
      const n = names();
      return want.every((w) => n.has(w)) && Number(n.get('k8s.pod.network.io')?.sum.dataPoints[0].asDouble) > 0 ? n : undefined;
    }, 'every pod metric', 8000);
    const container = { key: 'k8s.container.name', value: { stringValue: 'ariadne-sidecar' } };
    for (const name of want) {
      const m = got.get(name)!;
      const res = Object.fromEntries(m.resource.attributes.map((a: OtlpObject) => [a.key, a.value.stringValue]));
      expect(res, name).toMatchObject({ 'k8s.pod.name': 'inventory#2', 'k8s.namespace.name': 'ariadne-demo', 'k8s.node.name': 'node-a', 'service.instance.id': 'inventory#2' });
    }
    const mem = got.get('k8s.pod.memory.usage')!.gauge.dataPoints[0];
    expect(mem.attributes).toEqual([container]);
    expect(mem.asDouble).toBeGreaterThan(10 * 1024 * 1024);
    const cpu = got.get('k8s.pod.cpu.utilization')!.gauge.dataPoints[0].asDouble;
    expect(cpu).toBeGreaterThanOrEqual(0);
    expect(cpu).toBeLessThanOrEqual(1);
    const net = got.get('k8s.pod.network.io')!.sum;
    expect(net.isMonotonic).toBe(true);
    expect(net.aggregationTemporality).toBe(2);
    expect(net.dataPoints.map((p: OtlpObject) => p.attributes[1].value.stringValue)).toEqual(['receive', 'transmit']);
    expect(Number(net.dataPoints[1].asDouble)).toBeGreaterThan(0);
    const server = got.get('http.server.request.duration')!.histogram.dataPoints;
    const failed = server.find((p: OtlpObject) => p.attributes.some((a: OtlpObject) => a.key === 'http.response.status_code' && a.value.intValue === '503'));
    expect(failed, 'a duration series for the 503s').toBeDefined();
    expect(failed.attributes).toContainEqual({ key: 'error.type', value: { stringValue: '503' } });
    expect(Number(failed.count)).toBeGreaterThanOrEqual(1);
  });

  it('counts exported and dropped log records and metrics on /metrics', async () => {
    const text = await metricsText(addresses['admin']!);
    expect(metricValue(text, 'ariadne_mesh_log_records_exported_total')).toBeGreaterThanOrEqual(2);
    expect(metricValue(text, 'ariadne_mesh_log_records_dropped_total{reason="queue_full"}')).toBe(0);
    expect(metricValue(text, 'ariadne_mesh_log_queue_capacity_records')).toBe(512);
    expect(metricValue(text, 'ariadne_mesh_metrics_exported_total')).toBeGreaterThan(0);
    expect(metricValue(text, 'ariadne_mesh_metrics_dropped_total{reason="export_failed"}')).toBe(0);
  });
});

describe('where logs and metrics go', () => {
  it.each([
    { name: 'siblings of a /v1/traces URL', e: { endpoint: 'http://c:4318/v1/traces' }, logs: 'http://c:4318/v1/logs', metrics: 'http://c:4318/v1/metrics' },
    { name: 'their own URLs win', e: { endpoint: 'http://c:4318/v1/traces', logsEndpoint: 'http://l/x', metricsEndpoint: '' }, logs: 'http://l/x', metrics: '' },
    { name: 'traces off: logs and metrics off too', e: { endpoint: '' }, logs: '', metrics: '' },
    { name: 'a traces URL of another shape gives no sibling', e: { endpoint: 'http://c/ingest' }, logs: '', metrics: '' },
  ])('$name', ({ e, logs, metrics }) => {
    const config = { ...DEFAULT_SIDECAR.export, ...e };
    expect(signalEndpoint(config, 'logs')).toBe(logs);
    expect(signalEndpoint(config, 'metrics')).toBe(metrics);
  });

  it('takes the flags and refuses bad ones, naming the flag', () => {
    const base = ['--service', 's', '--app', '127.0.0.1:9'];
    const { config } = parseSidecarArgs([...base, '--otlp-logs', 'http://l:4318/v1/logs', '--metrics-interval', '2s', '--log-queue-size', '7', '--resource-attributes', 'k8s.pod.name=p,k8s.namespace.name=n']);
    expect(config.export.logsEndpoint).toBe('http://l:4318/v1/logs');
    expect(config.export.metricsIntervalMs).toBe(2000);
    expect(config.export.logQueueSize).toBe(7);
    expect(config.resourceAttributes).toEqual([['k8s.pod.name', 'p'], ['k8s.namespace.name', 'n']]);
    const cases = [
      { name: 'attribute without a value', args: ['--resource-attributes', 'k8s.pod.name'], says: /--resource-attributes: 'k8s.pod.name' is not KEY=VALUE/ },
      { name: 'logs URL not http', args: ['--otlp-logs', 'ftp://x'], says: /--otlp-logs/ },
      { name: 'metrics interval too short', args: ['--metrics-interval', '10ms'], says: /--metrics-interval/ },
      { name: 'log queue of zero', args: ['--log-queue-size', '0'], says: /--log-queue-size/ },
    ];
    for (const c of cases) expect(() => parseSidecarArgs([...base, ...c.args]), c.name).toThrow(c.says);
  });
});

describe('the YAML keys for logs, metrics and resource attributes', () => {
  it('reads them, and names a bad key', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ariadne-sidecar-yaml-'));
    try {
      const file = path.join(dir, 'sidecar.yaml');
      writeFileSync(
        file,
        ['service: s', 'app: 127.0.0.1:9', 'resource_attributes:', '  k8s.pod.name: web-1', '  k8s.namespace.name: shop', 'exporter:', '  logs_endpoint: ""', '  metrics_endpoint: http://m:4318/v1/metrics', '  logs_queue_size: 9', '  metrics_interval: 3s'].join('\n'),
      );
      const c = loadSidecarConfig(file);
      expect(c.resourceAttributes).toEqual([['k8s.pod.name', 'web-1'], ['k8s.namespace.name', 'shop']]);
      expect(signalEndpoint(c.export, 'logs')).toBe('');
      expect(signalEndpoint(c.export, 'metrics')).toBe('http://m:4318/v1/metrics');
      expect(c.export.logQueueSize).toBe(9);
      expect(c.export.metricsIntervalMs).toBe(3000);
      writeFileSync(file, ['service: s', 'exporter:', '  logs_endpoint: ftp://x'].join('\n'));
      expect(() => loadSidecarConfig(file)).toThrow(/exporter\.logs_endpoint/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
