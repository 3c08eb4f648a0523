/** spanmetrics and servicegraph through a real pipeline: OTLP/HTTP in, the prometheus exporter's /metrics out. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { defaultRegistry } from '../../../src/collector/components.js';
import { parseCollectorConfig } from '../../../src/collector/config/collector-config.js';
import { CollectorService } from '../../../src/collector/service.js';
import { prometheusName } from '../../../src/collector/exporters/prometheus/factory.js';
import { encodeTraceRequestProto } from '../../../src/otlp/encode-proto.js';
import { SpanKind } from '../../../src/model/index.js';
import { postTraces } from '../../helpers/otlp-clients.js';
import { attr, newTraceId, span } from '../helpers/test-host.js';
import { metricValue, waitFor } from '../helpers/collector-process.js';

let service: CollectorService;
const url = (name: string): string => {
  const l = service.listeners.find((x) => x.name === name)!;
  return `http://${l.address.host}:${l.address.port}`;
};

beforeAll(async () => {
  service = new CollectorService(
    parseCollectorConfig(
      parseYaml(`
receivers:
  otlp: { protocols: { http: { endpoint: "127.0.0.1:0" } } }
connectors:
  spanmetrics:
    metrics_flush_interval: 100ms
    dimensions: [{ name: http.request.method, default: GET }]
  servicegraph:
    metrics_flush_interval: 100ms
    store: { ttl: 200ms, max_items: 2 }
    store_expiration_loop: 50ms
exporters:
  prometheus: { endpoint: "127.0.0.1:0" }
service:
  telemetry: { metrics: { address: "127.0.0.1:0" } }
  pipelines:
    traces: { receivers: [otlp], exporters: [spanmetrics, servicegraph] }
    metrics: { receivers: [spanmetrics, servicegraph], exporters: [prometheus] }
`),
      defaultRegistry(),
    ),
    { log: () => {} },
  );
  await service.start();
});
afterAll(() => service.shutdown());

describe('metric names', () => {
  const names: [name: string, unit: string, kind: 'sum' | 'histogram', monotonic: boolean, expected: string][] = [
    ['traces.span.metrics.calls', '', 'sum', true, 'traces_span_metrics_calls_total'],
    ['traces.span.metrics.duration', 'ms', 'histogram', false, 'traces_span_metrics_duration_milliseconds'],
    ['traces_service_graph_request_total', '', 'sum', true, 'traces_service_graph_request_total'],
    ['traces_service_graph_request_server', 's', 'histogram', false, 'traces_service_graph_request_server_seconds'],
  ];
  it.each(names)('%s -> Prometheus name', (name, unit, kind, monotonic, expected) => {
    expect(prometheusName({ name, unit, kind, monotonic })).toBe(expected);
  });
});

describe('spanmetrics and servicegraph connectors', () => {
  it('count calls and durations per service, span name, kind and status, and pair client and server spans into edges', async () => {
    const traceId = newTraceId();
    const root = span({ traceId, name: 'GET /', kind: SpanKind.SERVER, service: 'frontend', durationMs: 120 });
    const client = span({ traceId, parent: root.spanId, name: 'GET /cart', kind: SpanKind.CLIENT, service: 'frontend', durationMs: 30, attributes: [attr('http.request.method', 'POST')] });
    const server = span({ traceId, parent: client.spanId, name: 'GET /cart', kind: SpanKind.SERVER, service: 'cart', durationMs: 25, status: 2 });
    const db = span({ traceId, parent: server.spanId, name: 'SELECT', kind: SpanKind.CLIENT, service: 'cart', durationMs: 3, attributes: [attr('db.name', 'orders')] });
    // Client and server of one call arrive in separate requests.
    expect((await postTraces(url('otlp-http'), encodeTraceRequestProto([root, client]))).status).toBe(200);
    expect((await postTraces(url('otlp-http'), encodeTraceRequestProto([server, db]))).status).toBe(200);

    const text = await waitFor('metrics', async () => {
      const t = await (await fetch(`${url('prometheus')}/metrics`)).text();
      return t.includes('traces_service_graph_request_total') ? t : undefined;
    });
    const calls = (labels: Record<string, string>) => metricValue(text, 'traces_span_metrics_calls_total', labels);
    expect(calls({ service_name: 'cart', span_name: 'GET /cart', span_kind: 'SPAN_KIND_SERVER', status_code: 'STATUS_CODE_ERROR', http_request_method: 'GET' })).toBe(1);
    expect(calls({ service_name: 'frontend', span_name: 'GET /cart', span_kind: 'SPAN_KIND_CLIENT', status_code: 'STATUS_CODE_UNSET', http_request_method: 'POST' })).toBe(1);
    expect(calls({})).toBe(4);
    const dur = (le: string) => metricValue(text, 'traces_span_metrics_duration_milliseconds_bucket', { service_name: 'frontend', span_name: 'GET /', le });
    // 120 ms: above the 100 bucket, within 200 (the Collector's default buckets).
    expect([dur('100'), dur('200'), dur('+Inf')]).toEqual([0, 1, 1]);
    expect(text).toContain('le="15000"');

    const edge = (labels: Record<string, string>) => metricValue(text, 'traces_service_graph_request_total', labels);
    expect(edge({ client: 'frontend', server: 'cart', connection_type: '', failed: 'true' })).toBe(1);
    expect(edge({ client: 'cart', server: 'orders', connection_type: 'database', failed: 'false' })).toBe(1);
    expect(metricValue(text, 'traces_service_graph_request_failed_total', { client: 'frontend', server: 'cart' })).toBe(1);
    expect(metricValue(text, 'traces_service_graph_request_server_seconds_bucket', { client: 'frontend', server: 'cart', le: '0.05' })).toBe(1);
    expect(metricValue(text, 'traces_service_graph_request_client_seconds_count', { client: 'frontend', server: 'cart' })).toBe(1);
  });

  it('the edge store is bounded: spans beyond store.max_items are dropped and counted, half edges expire', async () => {
    const spans = Array.from({ length: 5 }, () => span({ kind: SpanKind.CLIENT, service: 'lonely' }));
    await postTraces(url('otlp-http'), encodeTraceRequestProto(spans));
    const telemetry = await waitFor('expiry', async () => {
      const t = await (await fetch(`${url('telemetry')}/metrics`)).text();
      return metricValue(t, 'otelcol_connector_servicegraph_expired_edges_total') >= 2 ? t : undefined;
    });
    expect(metricValue(telemetry, 'otelcol_connector_servicegraph_dropped_spans_total', { connector: 'servicegraph' })).toBe(3);
  });
});
