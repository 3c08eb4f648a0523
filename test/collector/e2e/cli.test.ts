import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTraceRequestProto } from '../../../src/otlp/encode-proto.js';
import { runCli } from '../../helpers/ariadne-process.js';
import { postTraces } from '../../helpers/otlp-clients.js';
import { hex, waitForTrace } from '../../helpers/query-client.js';
import { fullFidelityTrace } from '../../helpers/span-fixture.js';
import { metricValue, removeDir, startAllInOne, startCollector, tempDir, waitFor, writeConfig } from '../helpers/collector-process.js';

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

const VALID = `
receivers:
  otlp:
    protocols:
      grpc: { endpoint: "127.0.0.1:0" }
      http: { endpoint: "127.0.0.1:0" }
processors:
  memory_limiter: { check_interval: 1s, limit_mib: 2000 }
  batch:
exporters:
  debug:
extensions:
  health_check: { endpoint: "127.0.0.1:0" }
service:
  extensions: [health_check]
  telemetry: { metrics: { address: "127.0.0.1:0" } }
  pipelines:
    traces:
      receivers: [otlp]
      processors: [memory_limiter, batch]
      exporters: [debug]
`;

describe('ariadne validate', () => {
  it('exits 0 and summarizes a valid config', async () => {
    const r = await runCli(['validate', '--config', writeConfig(dir, 'ok.yaml', VALID)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pipeline traces: [otlp] -> [memory_limiter, batch] -> [debug]');
  });

  const bad: [name: string, yaml: string, message: string][] = [
    ['unsupported component type', VALID.replace('  debug:', '  kafka:').replace('[debug]', '[kafka]'), 'ariadne: config: exporters.kafka: unknown exporter type "kafka"'],
    ['unsupported key', VALID.replace('  batch:', '  batch:\n    send_batch_size: 10\n    flush_interval: 1s'), 'ariadne: config: processors.batch.flush_interval: unknown key'],
    ['invalid YAML', 'receivers: [', 'is not valid YAML'],
  ];
  it.each(bad)('%s exits 2 naming it', async (name, yaml, message) => {
    const r = await runCli(['validate', '--config', writeConfig(dir, `${name.replace(/\W/g, '_')}.yaml`, yaml)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('needs --config, and takes yaml: inline sources', async () => {
    expect((await runCli(['validate'])).code).toBe(2);
    const r = await runCli(['validate', '--config', writeConfig(dir, 'base.yaml', VALID), '--config', 'yaml:exporters: { debug: { verbosity: detailed } }']);
    expect(r.code).toBe(0);
  });
});

describe('ariadne collector', () => {
  it('serves health_check and /metrics, and exits 0 on SIGTERM', async () => {
    const c = await startCollector(writeConfig(dir, 'run.yaml', VALID));
    for (const name of ['otlp-grpc', 'otlp-http', 'health_check', 'telemetry']) expect(c.addresses[name], name).toMatch(/^127\.0\.0\.1:\d+$/);
    const health = await fetch(c.url('health_check'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'Server available' });
    const res = await postTraces(c.url('otlp-http'), encodeTraceRequestProto(fullFidelityTrace()));
    expect(res.status).toBe(200);
    expect(await (await fetch(`${c.url('telemetry')}/metrics`)).text()).toMatch(/otelcol_receiver_accepted_spans_total\{receiver="otlp",transport="http"\} 2/);
    expect(await c.stop('SIGTERM')).toBe(0);
  });
});

describe('ariadne collector with an ariadne exporter on ClickHouse', () => {
  it('fails start without printing the storage password', async () => {
    const config = writeConfig(
      dir,
      'clickhouse.yaml',
      `
receivers:
  otlp: { protocols: { http: { endpoint: "127.0.0.1:0" } } }
exporters:
  ariadne: { storage: "clickhouse://writer:\${env:ARIADNE_TEST_CH_PASSWORD}@127.0.0.1:1/traces" }
service:
  telemetry: { metrics: { level: none } }
  pipelines:
    traces: { receivers: [otlp], exporters: [ariadne] }
`,
    );
    process.env['ARIADNE_TEST_CH_PASSWORD'] = 'pw-that-must-not-leak';
    try {
      const r = await runCli(['collector', '--config', config]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/ClickHouse/);
      expect(r.stdout + r.stderr).not.toContain('pw-that-must-not-leak');
    } finally {
      delete process.env['ARIADNE_TEST_CH_PASSWORD'];
    }
  });
});

describe('ariadne start --config with a pipeline', () => {
  it('replaces the default pipeline: spans go through its processors into the store', async () => {
    const config = writeConfig(
      dir,
      'start.yaml',
      `
receivers:
  otlp:
    protocols: { grpc: , http: }
processors:
  attributes:
    actions:
      - { key: pipeline, action: insert, value: custom }
exporters:
  ariadne:
  prometheus:
connectors:
  spanmetrics: { metrics_flush_interval: 100ms }
service:
  pipelines:
    traces:
      receivers: [otlp]
      processors: [attributes]
      exporters: [ariadne, spanmetrics]
    metrics:
      receivers: [spanmetrics]
      exporters: [prometheus]
ingest:
  queue_size: 1000
`,
    );
    const a = await startAllInOne(`${dir}/start-data`, config);
    try {
      const trace = fullFidelityTrace();
      expect((await postTraces(a.url('otlp-http'), encodeTraceRequestProto(trace))).status).toBe(200);
      const got = await waitForTrace(a.url('http'), hex(trace[0]!.traceId), 2);
      for (const s of got) expect(s.attributes).toContainEqual({ key: 'pipeline', value: { type: 'string', value: 'custom' } });
      // A prometheus exporter without an endpoint shows its series on the all-in-one's /metrics.
      const metrics = await waitFor('spanmetrics on /metrics', async () => {
        const t = await (await fetch(`${a.url('http')}/metrics`)).text();
        return t.includes('traces_span_metrics_calls_total') ? t : undefined;
      });
      expect(metricValue(metrics, 'traces_span_metrics_calls_total', { service_name: 'checkout' })).toBe(2);
      expect(metrics).toContain('ariadne_receiver_spans_accepted_total');
      // The service section governs every signal: no logs pipeline, no logs.
      const logs = await fetch(`${a.url('otlp-http')}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceLogs":[]}' });
      expect(logs.status).toBe(404);
      expect(await logs.text()).toContain('no logs pipeline uses receiver otlp');
    } finally {
      expect(await a.stop()).toBe(0);
    }
  });

  it('pipeline sections without service exit 2 naming service', async () => {
    const r = await runCli(['start', '--config', writeConfig(dir, 'stray.yaml', 'exporters:\n  debug:\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ariadne: config: service: is required when 'exporters' is set");
  });

  it('runs its logs and metrics pipelines: OTLP logs through a processor and spanmetrics points into the store', async () => {
    const config = writeConfig(
      dir,
      'start-signals.yaml',
      `
receivers:
  otlp:
    protocols: { http: }
processors:
  attributes/logs:
    actions:
      - { key: pipeline, action: insert, value: logs-custom }
  batch: { timeout: 20ms }
exporters:
  ariadne:
connectors:
  spanmetrics: { metrics_flush_interval: 100ms }
service:
  pipelines:
    traces: { receivers: [otlp], exporters: [ariadne, spanmetrics] }
    logs: { receivers: [otlp], processors: [attributes/logs, batch], exporters: [ariadne] }
    metrics: { receivers: [otlp, spanmetrics], exporters: [ariadne] }
`,
    );
    const dataDir = `${dir}/start-signals-data`;
    const a = await startAllInOne(dataDir, config);
    const trace = fullFidelityTrace();
    const traceId = hex(trace[0]!.traceId);
    try {
      expect((await postTraces(a.url('otlp-http'), encodeTraceRequestProto(trace))).status).toBe(200);
      const body = JSON.stringify({
        resourceLogs: [{
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
          scopeLogs: [{ logRecords: [{ timeUnixNano: String(BigInt(Date.now()) * 1_000_000n), severityNumber: 17, body: { stringValue: 'declined' }, traceId, spanId: hex(trace[0]!.spanId) }] }],
        }],
      });
      expect((await fetch(`${a.url('otlp-http')}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(200);
      const logs = await waitFor('the log record in the store', async () => {
        const r = (await (await fetch(`${a.url('http')}/api/traces/${traceId}/logs`)).json()) as { data: { attributes: unknown[] }[] };
        return r.data.length > 0 ? r.data : undefined;
      });
      expect(logs[0]!.attributes).toContainEqual({ key: 'pipeline', value: { stringValue: 'logs-custom' } });
      await new Promise((r) => setTimeout(r, 300)); // a spanmetrics flush
    } finally {
      expect(await a.stop()).toBe(0);
    }
    // spanmetrics points went through the metrics pipeline into the same DuckDB file.
    const { openDuckDbStore } = await import('../../../src/store/duckdb/index.js');
    const store = await openDuckDbStore({ path: `${dataDir}/ariadne.duckdb` });
    try {
      const points = await (store as unknown as import('../../../src/store/metric-store.js').MetricStore).getMetricPoints({
        name: 'traces.span.metrics.calls',
        resource: new Map([['service.name', 'checkout']]),
        startTimeMinNs: 0n,
        startTimeMaxNs: 2n ** 62n,
      });
      expect(points.length).toBeGreaterThan(0);
      // Cumulative sums per series (span name, kind, status): the latest of each adds up to the trace's 2 spans.
      const latest = new Map<string, bigint>();
      for (const p of points) {
        expect(p.data).toMatchObject({ type: 'sum', monotonic: true, value: { type: 'int' } });
        if (p.data.type === 'sum' && p.data.value.type === 'int') latest.set(JSON.stringify(p.attributes), p.data.value.value);
      }
      expect([...latest.values()].reduce((a, b) => a + b, 0n)).toBe(2n);
    } finally {
      await store.close();
    }
  });
});
