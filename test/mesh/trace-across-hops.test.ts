/**
 * Edge -> sidecar A -> app A -> sidecar A egress -> sidecar B -> app B, on real sockets,
 * with a fake collector: one connected trace, and W3C and B3 headers right at every hop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { HostPort } from '../../src/config/host-port.js';
import { SpanKind, StatusCode, type Span } from '../../src/model/index.js';
import { startEdge, startSidecar, type RunningProxy } from '../../src/mesh/index.js';
import { attr, edgeConfig, hexOf, send, sidecarConfig, startApp, startCollector, waitFor, type Collector, type TestApp } from './helpers.js';

const TRACE_HEADERS = ['traceparent', 'tracestate', 'baggage', 'b3', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-parentspanid', 'x-b3-sampled', 'x-b3-flags'];

let collector: Collector;
let appA: TestApp;
let appB: TestApp;
let sidecarA: RunningProxy;
let sidecarB: RunningProxy;
let edge: RunningProxy;
let edgeAt: HostPort;
let egressA: HostPort;

const at = (p: RunningProxy, name: string): HostPort => p.listeners.find((l) => l.name === name)!.address;
const service = (s: Span): string | undefined => {
  const v = s.resource.attributes.find((a) => a.key === 'service.name')?.value;
  return v?.type === 'string' ? v.value : undefined;
};

/** App A copies the incoming trace headers onto a call through its egress, the way an uninstrumented app is asked to. */
function forwardTraceHeaders(req: http.IncomingMessage): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const h of TRACE_HEADERS) if (req.headers[h] !== undefined) out[h] = req.headers[h];
  return out;
}

beforeAll(async () => {
  collector = await startCollector();
  appB = await startApp((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('from b'));
  sidecarB = await startSidecar(sidecarConfig('b', appB.address, collector.url));
  appA = await startApp(async (req, res) => {
    if (!req.url?.startsWith('/call')) return void res.writeHead(200).end('leaf');
    const answer = await send(egressA, { path: '/from-a', headers: { ...forwardTraceHeaders(req), host: 'b' } });
    res.writeHead(answer.status).end(`a+${answer.body}`);
  });
  sidecarA = await startSidecar(sidecarConfig('a', appA.address, collector.url, { upstreams: [{ name: 'b', endpoint: at(sidecarB, 'inbound') }] }));
  egressA = at(sidecarA, 'egress');
  edge = await startEdge(edgeConfig(at(sidecarA, 'inbound'), collector.url));
  edgeAt = at(edge, 'edge');
});

afterAll(async () => {
  await Promise.all([edge?.stop(), sidecarA?.stop(), sidecarB?.stop()]);
  await Promise.all([appA?.close(), appB?.close(), collector?.close()]);
});

async function flushAll(): Promise<void> {
  await Promise.all([edge.flushSpans(), sidecarA.flushSpans(), sidecarB.flushSpans()]);
}

function parseTraceparent(v: unknown): { traceId: string; parentId: string; flags: string } {
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(String(v));
  if (m === null) throw new Error(`not a traceparent: ${String(v)}`);
  return { traceId: m[1]!, parentId: m[2]!, flags: m[3]! };
}

describe('one request through edge, sidecar, app, egress, sidecar, app', () => {
  it('makes one connected trace with W3C and B3 headers right at every hop', async () => {
    const res = await send(edgeAt, { path: '/call/42' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('a+from b');

    const spans = await waitFor(() => {
      const trace = collector.spans.filter((s) => service(s) === 'edge' && attr(s, 'url.path') === '/call/42');
      if (trace.length === 0) return undefined;
      const id = hexOf(trace[0]!.traceId);
      const all = collector.spans.filter((s) => hexOf(s.traceId) === id);
      return all.length >= 4 ? all : undefined;
    }, 'four spans of the trace');
    expect(spans).toHaveLength(4);
    const edgeSpan = spans.find((s) => service(s) === 'edge')!;
    const aServer = spans.find((s) => service(s) === 'a' && s.kind === SpanKind.SERVER)!;
    const aClient = spans.find((s) => service(s) === 'a' && s.kind === SpanKind.CLIENT)!;
    const bServer = spans.find((s) => service(s) === 'b' && s.kind === SpanKind.SERVER)!;
    const trace = hexOf(edgeSpan.traceId);

    // The tree: edge -> a (server) -> a (client) -> b (server).
    expect(edgeSpan.parentSpanId).toHaveLength(0);
    expect(hexOf(aServer.parentSpanId)).toBe(hexOf(edgeSpan.spanId));
    expect(hexOf(aClient.parentSpanId)).toBe(hexOf(aServer.spanId));
    expect(hexOf(bServer.parentSpanId)).toBe(hexOf(aClient.spanId));

    // What app A got: its SERVER span as the parent, in W3C and B3 multi, and no B3 single.
    const gotA = appA.received.find((r) => r.url === '/call/42')!.headers;
    expect(parseTraceparent(gotA['traceparent'])).toEqual({ traceId: trace, parentId: hexOf(aServer.spanId), flags: '01' });
    expect(gotA['x-b3-traceid']).toBe(trace);
    expect(gotA['x-b3-spanid']).toBe(hexOf(aServer.spanId));
    expect(gotA['x-b3-parentspanid']).toBe(hexOf(edgeSpan.spanId));
    expect(gotA['x-b3-sampled']).toBe('1');
    expect(gotA['b3']).toBeUndefined();

    // What app B got: a's CLIENT span as the parent; the stale headers app A copied are gone.
    const gotB = appB.received.find((r) => r.url === '/from-a')!;
    expect(parseTraceparent(gotB.headers['traceparent'])).toEqual({ traceId: trace, parentId: hexOf(bServer.spanId), flags: '01' });
    expect(gotB.headers['x-b3-traceid']).toBe(trace);
    expect(gotB.headers['x-b3-spanid']).toBe(hexOf(bServer.spanId));
    expect(gotB.headers['x-b3-parentspanid']).toBe(hexOf(aClient.spanId));
    expect(gotB.rawHeaders.filter((h) => h.toLowerCase() === 'traceparent')).toHaveLength(1);
    expect(gotB.headers['host']).toBe('b');

    // Semantic conventions.
    for (const s of spans) {
      expect(s.scope.name).toBe('ariadne-mesh');
      expect(attr(s, 'http.request.method')).toBe('GET');
      expect(attr(s, 'http.response.status_code')).toBe('200');
      expect(s.statusCode).toBe(StatusCode.UNSET);
      expect(s.endTimeUnixNano).toBeGreaterThan(s.startTimeUnixNano);
    }
    expect(edgeSpan.kind).toBe(SpanKind.SERVER);
    expect(edgeSpan.name).toBe('GET /call/{id}');
    expect(attr(edgeSpan, 'http.route')).toBe('/*');
    expect(attr(edgeSpan, 'url.path')).toBe('/call/42');
    expect(attr(edgeSpan, 'server.address')).toBe('127.0.0.1');
    expect(attr(edgeSpan, 'server.port')).toBe(String(edgeAt.port));
    expect(attr(edgeSpan, 'client.address')).toBe('127.0.0.1');
    expect(attr(edgeSpan, 'network.peer.address')).toBe('127.0.0.1');
    expect(attr(edgeSpan, 'http.response.body.size')).toBe(String('a+from b'.length));
    expect(attr(aClient, 'peer.service')).toBe('b');
    expect(attr(aClient, 'url.full')).toBe('http://b/from-a');
    expect(attr(aClient, 'server.address')).toBe('b');
    expect(attr(aClient, 'server.port')).toBe('80');
    expect(attr(aClient, 'network.peer.address')).toBe('127.0.0.1');
    expect(attr(aClient, 'network.peer.port')).toBe(String(at(sidecarB, 'inbound').port));
    expect(aClient.name).toBe('GET /from-a');
    // The edge saw the client directly; sidecar A saw the edge, but X-Forwarded-For names the client.
    expect(attr(aServer, 'client.address')).toBe('127.0.0.1');
  });

  it('strips hop-by-hop fields both ways and adds the forwarding fields', async () => {
    const app = await startApp((_req, res) => {
      res.writeHead(200, { connection: 'x-resp-hop', 'x-resp-hop': '1', 'keep-alive': 'timeout=9', 'x-end-to-end': 'yes' }).end('ok');
    });
    const sidecar = await startSidecar(sidecarConfig('hop', app.address, ''));
    try {
      const res = await send(at(sidecar, 'inbound'), {
        path: '/hop',
        headers: {
          connection: 'x-custom-hop, keep-alive',
          'x-custom-hop': '1',
          'keep-alive': 'timeout=5',
          te: 'trailers',
          upgrade: 'h2c',
          'proxy-authorization': 'Basic Zm9vOmJhcg==',
          'proxy-connection': 'keep-alive',
          'x-forwarded-for': '203.0.113.7',
          'x-end-to-end': 'kept',
        },
      });
      expect(res.status).toBe(200);
      const got = app.received[0]!.headers;
      for (const h of ['x-custom-hop', 'te', 'upgrade', 'proxy-authorization', 'proxy-connection']) expect(got[h], h).toBeUndefined();
      expect(got['keep-alive']).toBeUndefined();
      expect(got['x-end-to-end']).toBe('kept');
      expect(got['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
      expect(got['x-forwarded-proto']).toBe('http');
      expect(got['x-forwarded-host']).toBe(`127.0.0.1:${at(sidecar, 'inbound').port}`);
      expect(got['via']).toBe('1.1 ariadne');
      expect(res.headers['x-resp-hop']).toBeUndefined();
      expect(res.headers['x-end-to-end']).toBe('yes');
      expect(res.headers['via']).toBe('1.1 ariadne');
    } finally {
      await sidecar.stop();
      await app.close();
    }
  });
});

describe('incoming trace context at the edge', () => {
  const T = '4bf92f3577b34da6a3ce929d0e0e4736';
  const P = '00f067aa0ba902b7';
  const T2 = 'a3ce929d0e0e47364bf92f3577b34da6';
  const S2 = 'b7ad6b7169203331';
  const T64 = 'a3ce929d0e0e4736';

  interface Case {
    readonly name: string;
    /** Flat [name, value, ...] so a field can repeat. */
    readonly headers: string[];
    /** The trace continued, or null: a new trace. */
    readonly trace: string | null;
    /** The edge span's parent, when continued. */
    readonly parent?: string;
    readonly sampled: boolean;
    /** tracestate the app receives (undefined: none). */
    readonly tracestate?: string;
    readonly b3Flags?: string;
  }

  const cases: Case[] = [
    { name: 'no context: a new sampled trace', headers: [], trace: null, sampled: true, tracestate: 'ot=th:0' },
    { name: 'valid traceparent: continued as a child', headers: ['traceparent', `00-${T}-${P}-01`], trace: T, parent: P, sampled: true },
    { name: 'surrounding whitespace trimmed: continued', headers: ['traceparent', `  00-${T}-${P}-01\t`], trace: T, parent: P, sampled: true },
    { name: 'version ff: invalid, new trace', headers: ['traceparent', `ff-${T}-${P}-01`], trace: null, sampled: true, tracestate: 'ot=th:0' },
    { name: 'uppercase hex: invalid, new trace', headers: ['traceparent', `00-${T.toUpperCase()}-${P}-01`], trace: null, sampled: true, tracestate: 'ot=th:0' },
    { name: 'all-zero trace id: invalid, new trace', headers: ['traceparent', `00-${'0'.repeat(32)}-${P}-01`], trace: null, sampled: true, tracestate: 'ot=th:0' },
    { name: 'all-zero parent id: invalid, new trace', headers: ['traceparent', `00-${T}-${'0'.repeat(16)}-01`], trace: null, sampled: true, tracestate: 'ot=th:0' },
    { name: 'short trace id: invalid, new trace', headers: ['traceparent', `00-${T.slice(2)}-${P}-01`], trace: null, sampled: true, tracestate: 'ot=th:0' },
    { name: 'version 00 with trailing data: invalid, new trace', headers: ['traceparent', `00-${T}-${P}-01-extra`], trace: null, sampled: true, tracestate: 'ot=th:0' },
    { name: 'higher version with extra fields: accepted', headers: ['traceparent', `cc-${T}-${P}-01-what-the-future-holds`], trace: T, parent: P, sampled: true },
    {
      name: 'duplicate traceparent fields: invalid, new trace',
      headers: ['traceparent', `00-${T}-${P}-01`, 'traceparent', `00-${T2}-${S2}-01`],
      trace: null,
      sampled: true,
      tracestate: 'ot=th:0',
    },
    { name: 'header name in capitals: continued', headers: ['TraceParent', `00-${T}-${P}-01`], trace: T, parent: P, sampled: true },
    {
      name: 'valid tracestate: passed on',
      headers: ['traceparent', `00-${T}-${P}-01`, 'tracestate', 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7'],
      trace: T,
      parent: P,
      sampled: true,
      tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
    },
    {
      name: 'invalid tracestate alone: dropped, trace continued',
      headers: ['traceparent', `00-${T}-${P}-01`, 'tracestate', 'Bad Key=1,rojo=00f067aa0ba902b7'],
      trace: T,
      parent: P,
      sampled: true,
    },
    {
      name: 'tracestate with a duplicate key: dropped, trace continued',
      headers: ['traceparent', `00-${T}-${P}-01`, 'tracestate', 'rojo=1,rojo=2'],
      trace: T,
      parent: P,
      sampled: true,
    },
    {
      name: 'invalid traceparent: its tracestate is not read',
      headers: ['traceparent', `00-${T}-${P}-0z`, 'tracestate', 'congo=t61rcWkgMzE'],
      trace: null,
      sampled: true,
      tracestate: 'ot=th:0',
    },
    { name: 'traceparent not sampled: continued, unsampled, no span', headers: ['traceparent', `00-${T}-${P}-00`], trace: T, sampled: false },
    { name: 'B3 single: continued', headers: ['b3', `${T2}-${S2}-1`], trace: T2, parent: S2, sampled: true },
    {
      name: 'B3 single takes precedence over B3 multi',
      headers: ['b3', `${T2}-${S2}-1`, 'x-b3-traceid', T, 'x-b3-spanid', P, 'x-b3-sampled', '1'],
      trace: T2,
      parent: S2,
      sampled: true,
    },
    { name: 'B3 multi: continued', headers: ['x-b3-traceid', T2, 'x-b3-spanid', S2, 'x-b3-sampled', '1'], trace: T2, parent: S2, sampled: true },
    { name: '64-bit B3 single trace id: left-padded to 128 bits', headers: ['b3', `${T64}-${S2}-1`], trace: `${'0'.repeat(16)}${T64}`, parent: S2, sampled: true },
    {
      name: '64-bit X-B3-TraceId: left-padded to 128 bits',
      headers: ['x-b3-traceid', T64, 'x-b3-spanid', S2, 'x-b3-sampled', '1'],
      trace: `${'0'.repeat(16)}${T64}`,
      parent: S2,
      sampled: true,
    },
    { name: 'B3 deferred decision: sampled here', headers: ['b3', `${T2}-${S2}`], trace: T2, parent: S2, sampled: true, tracestate: 'ot=th:0' },
    { name: 'b3: 0 alone: a new trace, not sampled', headers: ['b3', '0'], trace: null, sampled: false },
    { name: 'B3 debug: sampled, debug passed on', headers: ['b3', `${T2}-${S2}-d`], trace: T2, parent: S2, sampled: true, b3Flags: '1' },
    { name: 'malformed B3 single: new trace', headers: ['b3', `${T2}-${S2}-1-xyz`], trace: null, sampled: true, tracestate: 'ot=th:0' },
    { name: 'W3C wins over B3 when both are valid', headers: ['traceparent', `00-${T}-${P}-01`, 'b3', `${T2}-${S2}-1`], trace: T, parent: P, sampled: true },
    { name: 'invalid traceparent falls back to valid B3', headers: ['traceparent', `00-${T}-${P}-xx`, 'b3', `${T2}-${S2}-1`], trace: T2, parent: S2, sampled: true },
  ];

  it.each(cases.map((c, i) => ({ ...c, i })))('$name', async (c) => {
    const path = `/leaf/case-${c.i}`;
    const res = await send(edgeAt, { path, headers: ['host', `127.0.0.1:${edgeAt.port}`, ...c.headers] as unknown as http.OutgoingHttpHeaders });
    expect(res.status).toBe(200);
    const got = appA.received.find((r) => r.url === path)!.headers;
    const tp = parseTraceparent(got['traceparent']);

    if (c.trace !== null) expect(tp.traceId).toBe(c.trace);
    else for (const sent of [T, T2, `${'0'.repeat(16)}${T64}`]) expect(tp.traceId).not.toBe(sent);
    expect(tp.flags).toBe(c.sampled ? '01' : '00');
    expect(got['x-b3-traceid']).toBe(tp.traceId);
    expect(got['x-b3-spanid']).toBe(tp.parentId);
    if (c.b3Flags !== undefined) {
      expect(got['x-b3-flags']).toBe(c.b3Flags);
      expect(got['x-b3-sampled']).toBeUndefined();
    } else {
      expect(got['x-b3-sampled']).toBe(c.sampled ? '1' : '0');
    }
    expect(got['tracestate']).toBe(c.tracestate);
    expect(got['b3']).toBeUndefined();

    await flushAll();
    const edgeSpans = collector.spans.filter((s) => service(s) === 'edge' && attr(s, 'url.path') === path);
    if (!c.sampled) {
      expect(edgeSpans).toEqual([]);
      expect(collector.spans.filter((s) => hexOf(s.traceId) === tp.traceId && attr(s, 'url.path') === path)).toEqual([]);
      return;
    }
    expect(edgeSpans).toHaveLength(1);
    const e = edgeSpans[0]!;
    expect(hexOf(e.traceId)).toBe(tp.traceId);
    expect(hexOf(e.parentSpanId)).toBe(c.parent ?? '');
    // App A's parent is sidecar A's SERVER span, whose parent is the edge span.
    const aServer = collector.spans.find((s) => service(s) === 'a' && hexOf(s.spanId) === tp.parentId);
    expect(aServer).toBeDefined();
    expect(hexOf(aServer!.parentSpanId)).toBe(hexOf(e.spanId));
  });
});
