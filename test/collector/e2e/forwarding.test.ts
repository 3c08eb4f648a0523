/**
 * `ariadne collector` forwards to other backends: OTLP/gRPC (otlp exporter), OTLP/HTTP
 * (otlphttp exporter) and Zipkin v2 (zipkin exporter), each delivering to a separate
 * `ariadne start` acting as that backend, all over real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTraceRequestProto } from '../../../src/otlp/encode-proto.js';
import { SpanKind, StatusCode, type Span } from '../../../src/model/index.js';
import { postTraces } from '../../helpers/otlp-clients.js';
import { hex, waitForTrace } from '../../helpers/query-client.js';
import { fullFidelityTrace, plain } from '../../helpers/span-fixture.js';
import { metricValue, removeDir, scrape, startAllInOne, startCollector, tempDir, writeConfig, type RunningProcess } from '../helpers/collector-process.js';

let dir: string;
let grpcBackend: RunningProcess;
let httpBackend: RunningProcess;
let zipkinBackend: RunningProcess;
let collector: RunningProcess;

beforeAll(async () => {
  dir = tempDir();
  const zipkinStart = writeConfig(
    dir,
    'zipkin-backend.yaml',
    `
receivers:
  otlp:
    protocols: { grpc: , http: }
  zipkin:
    endpoint: 127.0.0.1:0
exporters:
  ariadne:
service:
  pipelines:
    traces:
      receivers: [otlp, zipkin]
      exporters: [ariadne]
`,
  );
  [grpcBackend, httpBackend, zipkinBackend] = await Promise.all([
    startAllInOne(`${dir}/grpc-data`),
    startAllInOne(`${dir}/http-data`),
    startAllInOne(`${dir}/zipkin-data`, zipkinStart),
  ]);
  const config = writeConfig(
    dir,
    'collector.yaml',
    `
receivers:
  otlp:
    protocols:
      http: { endpoint: "127.0.0.1:0" }
processors:
  batch: { timeout: 50ms }
exporters:
  otlp:
    endpoint: \${env:GRPC_BACKEND}
    tls: { insecure: true }
    retry_on_failure: { initial_interval: 100ms, max_interval: 500ms }
  otlphttp:
    endpoint: http://\${env:HTTP_BACKEND}
    retry_on_failure: { initial_interval: 100ms, max_interval: 500ms }
  zipkin:
    endpoint: http://\${env:ZIPKIN_BACKEND}/api/v2/spans
service:
  telemetry: { metrics: { address: "127.0.0.1:0" } }
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [otlp, otlphttp, zipkin]
`,
  );
  collector = await startCollector(config, {
    GRPC_BACKEND: grpcBackend.addresses['otlp-grpc']!,
    HTTP_BACKEND: httpBackend.addresses['otlp-http']!,
    ZIPKIN_BACKEND: zipkinBackend.addresses['zipkin']!,
  });
});

afterAll(async () => {
  await Promise.all([collector, grpcBackend, httpBackend, zipkinBackend].filter(Boolean).map((p) => p.stop()));
  removeDir(dir);
});

describe('forwarding to other backends', () => {
  it('otlp and otlphttp deliver every field unchanged; zipkin delivers what Zipkin can carry', async () => {
    const trace = fullFidelityTrace();
    const traceId = hex(trace[0]!.traceId);
    const res = await postTraces(collector.url('otlp-http'), encodeTraceRequestProto(trace));
    expect(res.status).toBe(200);

    for (const backend of [grpcBackend, httpBackend]) {
      const got = await waitForTrace(backend.url('http'), traceId, 2);
      const byId = (s: readonly Span[]) => [...s].sort((a, b) => hex(a.spanId).localeCompare(hex(b.spanId)));
      expect(plain(byId(got))).toEqual(plain(byId(trace)));
    }

    const zipkin = await waitForTrace(zipkinBackend.url('http'), traceId, 2);
    expect(zipkin).toHaveLength(2);
    for (const sent of trace) {
      const got = zipkin.find((s) => hex(s.spanId) === hex(sent.spanId))!;
      expect(got, hex(sent.spanId)).toBeDefined();
      expect(hex(got.parentSpanId)).toBe(hex(sent.parentSpanId));
      expect(got.name).toBe(sent.name);
      expect(got.kind).toBe(sent.kind === SpanKind.INTERNAL ? SpanKind.UNSPECIFIED : sent.kind);
      // Zipkin keeps microseconds.
      expect(got.startTimeUnixNano).toBe((sent.startTimeUnixNano / 1000n) * 1000n);
      expect(got.statusCode).toBe(sent.statusCode === StatusCode.OK ? StatusCode.OK : sent.statusCode);
      expect(got.statusMessage).toBe(sent.statusMessage);
      expect(got.resource.attributes.find((a) => a.key === 'service.name')?.value).toEqual({ type: 'string', value: 'checkout' });
      expect(got.scope.name).toBe(sent.scope.name);
      expect(got.traceState).toBe(sent.traceState);
      expect(got.events.map((e) => e.name)).toEqual(sent.events.map((e) => e.name));
    }
    const child = zipkin.find((s) => s.name === 'SELECT orders')!;
    const tag = (k: string) => child.attributes.find((a) => a.key === k)?.value;
    expect(tag('str')).toEqual({ type: 'string', value: 'héllo "world" <b>' });
    expect(tag('int.big')).toEqual({ type: 'string', value: '9007199254740993' });

    const metrics = await scrape(collector.url('telemetry'));
    for (const exporter of ['otlp', 'otlphttp', 'zipkin']) {
      expect(metricValue(metrics, 'otelcol_exporter_sent_spans_total', { exporter }), exporter).toBe(2);
    }
    expect(metricValue(metrics, 'otelcol_receiver_accepted_spans_total', { receiver: 'otlp', transport: 'http' })).toBe(2);
  });

  it('a backend that is down is retried until it is back', async () => {
    const down = tempDir();
    const config = writeConfig(
      down,
      'c.yaml',
      `
receivers:
  otlp: { protocols: { http: { endpoint: "127.0.0.1:0" } } }
exporters:
  otlp:
    endpoint: 127.0.0.1:\${env:PORT}
    tls: { insecure: true }
    retry_on_failure: { initial_interval: 100ms, max_interval: 200ms, randomization_factor: 0 }
service:
  telemetry: { metrics: { address: "127.0.0.1:0" } }
  pipelines: { traces: { receivers: [otlp], exporters: [otlp] } }
`,
    );
    // Reserve a port, start the collector against it, then start the backend there.
    const net = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const c = await startCollector(config, { PORT: String(port) });
    let backend: RunningProcess | undefined;
    try {
      const trace = fullFidelityTrace();
      expect((await postTraces(c.url('otlp-http'), encodeTraceRequestProto(trace))).status).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
      const { spawnAriadne } = await import('../helpers/collector-process.js');
      backend = await spawnAriadne(
        ['start', '--data-dir', `${down}/data`, '--otlp-grpc', `127.0.0.1:${port}`, '--otlp-http', '127.0.0.1:0', '--http', '127.0.0.1:0'],
        /ariadne: http listening on/,
      );
      const got = await waitForTrace(backend.url('http'), hex(trace[0]!.traceId), 2, 15_000);
      expect(got).toHaveLength(2);
    } finally {
      await c.stop();
      await backend?.stop();
      removeDir(down);
    }
  });
});
