/**
 * The OpenTelemetry JS SDK's own exporters (OTLP/HTTP protobuf, OTLP/HTTP JSON, OTLP/gRPC)
 * send to a real `ariadne start`; the query API gives back the same spans, field by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import type { AnyValue, Span } from '../../src/model/index.js';
import { removeDir, startAriadne, type RunningAriadne } from '../helpers/ariadne-process.js';
import { getJson, hex, waitForTrace } from '../helpers/query-client.js';

let ariadne: RunningAriadne;
beforeAll(async () => {
  ariadne = await startAriadne();
});
afterAll(async () => {
  expect(await ariadne.stop('SIGTERM')).toBe(0);
  removeDir(ariadne.dataDir);
});

const hrToNs = ([s, ns]: [number, number]): bigint => BigInt(s) * 1_000_000_000n + BigInt(ns);

/** What the SDK's OTLP transformer sends for a JS attribute value. */
function expectedValue(v: unknown): AnyValue {
  if (typeof v === 'string') return { type: 'string', value: v };
  if (typeof v === 'boolean') return { type: 'bool', value: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { type: 'int', value: BigInt(v) } : { type: 'double', value: v };
  if (Array.isArray(v)) return { type: 'array', value: v.map(expectedValue) };
  throw new Error(`unexpected attribute ${String(v)}`);
}

function expectSameSpan(got: Span, sent: ReadableSpan, service: string): void {
  const ctx = sent.spanContext();
  expect(hex(got.traceId)).toBe(ctx.traceId);
  expect(hex(got.spanId)).toBe(ctx.spanId);
  expect(hex(got.parentSpanId)).toBe(sent.parentSpanContext?.spanId ?? '');
  expect(got.name).toBe(sent.name);
  expect(got.kind).toBe(sent.kind + 1); // API SpanKind is OTLP's minus one
  expect(got.startTimeUnixNano).toBe(hrToNs(sent.startTime));
  expect(got.endTimeUnixNano).toBe(hrToNs(sent.endTime));
  expect(got.attributes).toEqual(Object.entries(sent.attributes).map(([key, v]) => ({ key, value: expectedValue(v) })));
  expect(got.events.map((e) => ({ name: e.name, t: e.timeUnixNano, attrs: e.attributes }))).toEqual(
    sent.events.map((e) => ({
      name: e.name,
      t: hrToNs(e.time),
      attrs: Object.entries(e.attributes ?? {}).map(([key, v]) => ({ key, value: expectedValue(v) })),
    })),
  );
  expect(got.links.map((l) => ({ t: hex(l.traceId), s: hex(l.spanId), attrs: l.attributes }))).toEqual(
    sent.links.map((l) => ({
      t: l.context.traceId,
      s: l.context.spanId,
      attrs: Object.entries(l.attributes ?? {}).map(([key, v]) => ({ key, value: expectedValue(v) })),
    })),
  );
  expect(got.statusCode).toBe(sent.status.code);
  expect(got.statusMessage).toBe(sent.status.message ?? '');
  expect(got.resource.attributes).toContainEqual({ key: 'service.name', value: { type: 'string', value: service } });
  expect(got.resource.attributes).toContainEqual({ key: 'deployment.environment.name', value: { type: 'string', value: 'test' } });
  expect(got.scope.name).toBe('ariadne-e2e');
  expect(got.scope.version).toBe('9.9.9');
}

async function exportWith(exporter: SpanExporter, service: string): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment.name': 'test' }),
    spanProcessors: [new SimpleSpanProcessor(memory), new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('ariadne-e2e', '9.9.9');
  const linked = tracer.startSpan('producer');
  linked.end();
  const root = tracer.startSpan('GET /checkout', {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, ratio: 0.25, ok: true, tags: ['a', 'b'] },
  });
  const child = tracer.startSpan(
    'charge card',
    {
      kind: SpanKind.CLIENT,
      links: [{ context: linked.spanContext(), attributes: { 'link.reason': 'batch' } }],
    },
    trace.setSpan(context.active(), root),
  );
  child.addEvent('retry', { attempt: 2 });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
  child.end();
  root.setStatus({ code: SpanStatusCode.OK });
  root.end();
  await provider.forceFlush();
  const finished = [...memory.getFinishedSpans()];
  await provider.shutdown();
  return finished;
}

describe('OpenTelemetry SDK exporters -> ariadne start -> query API', () => {
  const cases: [name: string, make: () => SpanExporter][] = [
    ['OTLP/HTTP protobuf', () => new ProtoExporter({ url: `${ariadne.otlpHttpUrl}/v1/traces` })],
    ['OTLP/HTTP JSON', () => new JsonExporter({ url: `${ariadne.otlpHttpUrl}/v1/traces` })],
    ['OTLP/gRPC', () => new GrpcExporter({ url: `http://${ariadne.otlpGrpc}` })],
    ['OTLP/gRPC with gzip', () => new GrpcExporter({ url: `http://${ariadne.otlpGrpc}`, compression: 'gzip' as never })],
    ['OTLP/HTTP protobuf with gzip', () => new ProtoExporter({ url: `${ariadne.otlpHttpUrl}/v1/traces`, compression: 'gzip' as never })],
  ];

  it.each(cases)('%s: every span comes back with every field', async (name, make) => {
    const service = `svc-${name.replace(/\W+/g, '-').toLowerCase()}`;
    const sent = await exportWith(make(), service);
    expect(sent).toHaveLength(3);
    for (const s of sent) {
      const stored = await waitForTrace(ariadne.httpUrl, s.spanContext().traceId, 1);
      const got = stored.find((g) => hex(g.spanId) === s.spanContext().spanId);
      expect(got, `span ${s.name} stored`).toBeDefined();
      expectSameSpan(got!, s, service);
    }
    // The Jaeger API sees the same trace: microsecond times and the service's process.
    const root = sent.find((s) => s.name === 'GET /checkout')!;
    const { status, body } = await getJson(`${ariadne.httpUrl}/api/traces/${root.spanContext().traceId}`);
    expect(status).toBe(200);
    const jt = body.data[0];
    const js = jt.spans.find((x: { spanID: string }) => x.spanID === root.spanContext().spanId);
    expect(js.operationName).toBe('GET /checkout');
    expect(js.startTime).toBe(Number(hrToNs(root.startTime) / 1000n));
    expect(jt.processes[js.processID].serviceName).toBe(service);
    const services = await getJson(`${ariadne.httpUrl}/api/services`);
    expect(services.body.data).toContain(service);
  });
});
