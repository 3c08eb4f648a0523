/**
 * The sidecar's egress as apps use it (forward proxy, Host header), upstream failures as
 * 502/504 with ERROR spans, and tracing that never holds a request up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { HostPort } from '../../src/config/host-port.js';
import { SpanKind, StatusCode, type Span } from '../../src/model/index.js';
import { DEFAULT_SIDECAR, startEdge, startSidecar, type RunningProxy } from '../../src/mesh/index.js';
import { attr, close, edgeConfig, hexOf, listenOn, metricsText, metricValue, send, sidecarConfig, startApp, startCollector, waitFor, type Collector, type TestApp } from './helpers.js';

const at = (p: RunningProxy, name: string): HostPort => p.listeners.find((l) => l.name === name)!.address;

let collector: Collector;
let app: TestApp;
let slow: TestApp;
let closedPort: number;
let sidecar: RunningProxy;
let egress: HostPort;

beforeAll(async () => {
  collector = await startCollector();
  app = await startApp((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`app saw ${req.url}`));
  slow = await startApp((_req, res) => void setTimeout(() => res.writeHead(200).end('late'), 400));
  // A port nothing listens on: bind, note, close.
  const s = http.createServer();
  closedPort = (await listenOn(s)).port;
  await close(s);
  sidecar = await startSidecar(
    sidecarConfig('caller', app.address, collector.url, {
      upstreams: [
        { name: 'target', endpoint: app.address },
        { name: 'slow', endpoint: slow.address },
        { name: 'down', endpoint: { host: '127.0.0.1', port: closedPort } },
      ],
      timeouts: { connectMs: 500, headersMs: 150, bodyMs: 1000 },
    }),
  );
  egress = at(sidecar, 'egress');
});

afterAll(async () => {
  await sidecar?.stop();
  await Promise.all([app?.close(), slow?.close(), collector?.close()]);
});

async function clientSpan(path: string): Promise<Span> {
  await sidecar.flushSpans();
  return waitFor(() => collector.spans.find((s) => s.kind === SpanKind.CLIENT && (attr(s, 'url.full') ?? '').endsWith(path)), `the CLIENT span of ${path}`);
}

describe('sidecar egress', () => {
  it('routes by Host naming an upstream', async () => {
    const res = await send(egress, { path: '/by-host', headers: { host: 'target' } });
    expect(res).toMatchObject({ status: 200, body: 'app saw /by-host' });
    const span = await clientSpan('/by-host');
    expect(attr(span, 'peer.service')).toBe('target');
    expect(attr(span, 'url.full')).toBe('http://target/by-host');
    expect(span.statusCode).toBe(StatusCode.UNSET);
  });

  it('works as a forward proxy: an absolute-form target naming an upstream', async () => {
    const res = await send(egress, { path: 'http://target/absolute?q=1', headers: { host: 'ignored.example' } });
    expect(res).toMatchObject({ status: 200, body: 'app saw /absolute?q=1' });
    expect(app.received.at(-1)!.headers['host']).toBe('target');
    expect(attr(await clientSpan('/absolute?q=1'), 'peer.service')).toBe('target');
  });

  it('works as a forward proxy: an absolute-form target naming any origin', async () => {
    const res = await send(egress, { path: `http://127.0.0.1:${app.address.port}/origin` });
    expect(res).toMatchObject({ status: 200, body: 'app saw /origin' });
    expect(app.received.at(-1)!.headers['host']).toBe(`127.0.0.1:${app.address.port}`);
  });

  it('refuses an unknown Host with 502 and an ERROR span', async () => {
    const res = await send(egress, { path: '/nowhere', headers: { host: 'unknown-service' } });
    expect(res.status).toBe(502);
    expect(res.body).toMatch(/no upstream named 'unknown-service'.*known upstreams: target, slow, down/);
    await sidecar.flushSpans();
    const span = await waitFor(() => collector.spans.find((s) => attr(s, 'error.type') === 'no_upstream'), 'the no_upstream span');
    expect(span.statusCode).toBe(StatusCode.ERROR);
  });

  it('answers 502 with an ERROR span when the upstream refuses connections', async () => {
    const res = await send(egress, { path: '/refused', headers: { host: 'down' } });
    expect(res.status).toBe(502);
    expect(res.headers['x-ariadne-error']).toBe('ECONNREFUSED');
    const span = await clientSpan('/refused');
    expect(span.statusCode).toBe(StatusCode.ERROR);
    expect(attr(span, 'error.type')).toBe('ECONNREFUSED');
    expect(attr(span, 'http.response.status_code')).toBe('502');
    expect(span.statusMessage).toMatch(/upstream down/);
  });

  it('answers 504 with an ERROR span when the upstream is slower than the headers timeout', async () => {
    const t0 = performance.now();
    const res = await send(egress, { path: '/too-slow', headers: { host: 'slow' } });
    const elapsed = performance.now() - t0;
    expect(res.status).toBe(504);
    // The app answers at 400 ms: a 504 at all means the 150 ms timeout fired first.
    expect(elapsed).toBeGreaterThanOrEqual(140);
    const span = await clientSpan('/too-slow');
    expect(span.statusCode).toBe(StatusCode.ERROR);
    expect(attr(span, 'error.type')).toBe('timeout');
    expect(attr(span, 'http.response.status_code')).toBe('504');
    const ms = Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6;
    expect(ms).toBeGreaterThanOrEqual(140);
  });

  it('counts requests, latency per route and upstream, and upstream errors on /metrics', async () => {
    const text = await metricsText(at(sidecar, 'admin'));
    expect(metricValue(text, 'ariadne_mesh_requests_total{listener="egress",route="/by-host",upstream="target",code="200"}')).toBe(1);
    expect(metricValue(text, 'ariadne_mesh_upstream_errors_total{listener="egress",upstream="down",error_type="ECONNREFUSED"}')).toBe(1);
    expect(metricValue(text, 'ariadne_mesh_upstream_errors_total{listener="egress",upstream="slow",error_type="timeout"}')).toBe(1);
    expect(metricValue(text, 'ariadne_mesh_request_duration_seconds_count{listener="egress",route="/by-host"}')).toBe(1);
    expect(metricValue(text, 'ariadne_mesh_upstream_duration_seconds_count{listener="egress",upstream="target"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/ariadne_mesh_spans_exported_total \d+/);
    expect(text).toMatch(/ariadne_mesh_export_queue_depth_spans \d+/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
    expect((await send(at(sidecar, 'admin'), { path: '/healthz' })).status).toBe(200);
    expect((await send(at(sidecar, 'admin'), { path: '/readyz' })).status).toBe(200);
  });
});

describe('the edge', () => {
  it('answers 502 with an ERROR SERVER span when its upstream is down, and 404 for no route', async () => {
    const edge = await startEdge({
      ...edgeConfig({ host: '127.0.0.1', port: closedPort }, collector.url),
      routes: [{ prefix: '/api/', endpoints: [{ host: '127.0.0.1', port: closedPort }] }],
    });
    try {
      const res = await send(at(edge, 'edge'), { path: '/api/down' });
      expect(res.status).toBe(502);
      expect((await send(at(edge, 'edge'), { path: '/elsewhere' })).status).toBe(404);
      await edge.flushSpans();
      const span = await waitFor(() => collector.spans.find((s) => attr(s, 'url.path') === '/api/down'), 'the edge span');
      expect(span.kind).toBe(SpanKind.SERVER);
      expect(span.statusCode).toBe(StatusCode.ERROR);
      expect(attr(span, 'error.type')).toBe('ECONNREFUSED');
      expect(attr(span, 'http.route')).toBe('/api/*');
      // A 404 is the client's mistake: recorded, not an error of the server.
      const notFound = await waitFor(() => collector.spans.find((s) => attr(s, 'url.path') === '/elsewhere'), 'the 404 span');
      expect(notFound.statusCode).toBe(StatusCode.UNSET);
    } finally {
      await edge.stop();
    }
  });

  it('samples at the head: --sample 0 exports nothing but still propagates an unsampled context', async () => {
    const local = await startCollector();
    const sc = await startSidecar(sidecarConfig('s', app.address, local.url));
    const edge = await startEdge(edgeConfig(at(sc, 'inbound'), local.url, { sample: 0 }));
    try {
      for (let i = 0; i < 5; i++) expect((await send(at(edge, 'edge'), { path: `/unsampled/${i}` })).status).toBe(200);
      const got = app.received.filter((r) => r.url.startsWith('/unsampled/'));
      expect(got).toHaveLength(5);
      for (const r of got) {
        expect(r.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
        expect(r.headers['x-b3-sampled']).toBe('0');
      }
      expect(new Set(got.map((r) => r.headers['traceparent']!.slice(3, 35))).size).toBe(5);
      await Promise.all([edge.flushSpans(), sc.flushSpans()]);
      expect(local.spans).toEqual([]);
    } finally {
      await edge.stop();
      await sc.stop();
      await local.close();
    }
  });

  it('keeps the sampling decision consistent at probability 0.5: a trace is all in or all out', async () => {
    const local = await startCollector();
    const sc = await startSidecar(sidecarConfig('s', app.address, local.url));
    const edge = await startEdge(edgeConfig(at(sc, 'inbound'), local.url, { sample: 0.5 }));
    try {
      for (let i = 0; i < 40; i++) await send(at(edge, 'edge'), { path: `/half/${i}` });
      await Promise.all([edge.flushSpans(), sc.flushSpans()]);
      const byTrace = new Map<string, number>();
      for (const s of local.spans) byTrace.set(hexOf(s.traceId), (byTrace.get(hexOf(s.traceId)) ?? 0) + 1);
      expect(byTrace.size).toBeGreaterThan(5);
      expect(byTrace.size).toBeLessThan(35);
      for (const n of byTrace.values()) expect(n).toBe(2);
      for (const s of local.spans) expect(s.traceState).toBe('ot=th:8');
    } finally {
      await edge.stop();
      await sc.stop();
      await local.close();
    }
  });
});

describe('tracing never holds a request up', () => {
  it('drops and counts spans when the collector is down; every request succeeds', async () => {
    const sc = await startSidecar(
      sidecarConfig('s', app.address, `http://127.0.0.1:${closedPort}/v1/traces`, {
        export: { ...DEFAULT_SIDECAR.export, endpoint: `http://127.0.0.1:${closedPort}/v1/traces`, queueSize: 2048, maxBatchSize: 4, flushIntervalMs: 20, timeoutMs: 500 },
      }),
    );
    try {
      for (let i = 0; i < 20; i++) expect((await send(at(sc, 'inbound'), { path: `/c/${i}` })).status).toBe(200);
      await sc.flushSpans();
      const text = await metricsText(at(sc, 'admin'));
      expect(metricValue(text, 'ariadne_mesh_spans_dropped_total{reason="export_failed"}')).toBe(20);
      expect(metricValue(text, 'ariadne_mesh_spans_exported_total')).toBe(0);
    } finally {
      await sc.stop();
    }
  });

  it('drops and counts spans when the collector hangs and the queue is full; requests are not slowed', async () => {
    // A collector that accepts the connection and never answers.
    const hung: http.ServerResponse[] = [];
    const hanging = http.createServer((_req, res) => void hung.push(res));
    const hangAt = await listenOn(hanging);
    const url = `http://127.0.0.1:${hangAt.port}/v1/traces`;
    const sc = await startSidecar(sidecarConfig('s', app.address, url, { export: { ...DEFAULT_SIDECAR.export, endpoint: url, queueSize: 5, maxBatchSize: 2, flushIntervalMs: 10, timeoutMs: 10_000 } }));
    try {
      const times: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        expect((await send(at(sc, 'inbound'), { path: `/h/${i}` })).status).toBe(200);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      expect(times[Math.floor(times.length / 2)]).toBeLessThan(100);
      const text = await metricsText(at(sc, 'admin'));
      expect(metricValue(text, 'ariadne_mesh_spans_dropped_total{reason="queue_full"}')).toBeGreaterThanOrEqual(20);
      expect(metricValue(text, 'ariadne_mesh_export_queue_depth_spans')).toBeLessThanOrEqual(5);
    } finally {
      const t0 = performance.now();
      await sc.stop();
      // Shutdown gives up on the hung export at its deadline rather than waiting 10 s.
      expect(performance.now() - t0).toBeLessThan(4000);
      for (const r of hung) r.destroy();
      await close(hanging);
    }
  });
});
