/**
 * The whole demo system, as a user runs it: separate processes on real sockets, traces
 * read back through the query API. Bounded: a low load rate and short waits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Span } from '../../src/model/index.js';
import { SpanKind, StatusCode, anyValueToString } from '../../src/model/index.js';
import { runCli } from '../helpers/ariadne-process.js';
import { fetchTraceV3, getJson, hex } from '../helpers/query-client.js';
import { groupAlive, startDemo, type RunningDemo } from './demo-process.js';

const SERVICES = ['edge', 'frontend', 'auth', 'orders', 'inventory', 'payments'];
const MESH_SCOPE = 'ariadne-mesh';
const SDK_SCOPE = 'ariadne-demo';

let demo: RunningDemo;
let api: string;
let edge: string;

beforeAll(async () => {
  demo = await startDemo(['--rate', '2']);
  api = `http://${demo.addresses['http']}`;
  edge = `http://${demo.addresses['edge']}`;
}, 60_000);

afterAll(async () => {
  if (demo === undefined) return;
  const pgid = demo.proc.pid!;
  const code = await demo.stop();
  expect(code, demo.output()).toBe(0);
  expect(groupAlive(pgid), 'every demo process is gone').toBe(false);
}, 30_000);

function serviceOf(s: Span): string {
  const v = s.resource.attributes.find((a) => a.key === 'service.name')?.value;
  return v === undefined ? '' : anyValueToString(v);
}

function attr(s: Span, key: string): string | undefined {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v === undefined ? undefined : anyValueToString(v);
}

async function checkout(userAgent: string): Promise<number> {
  const res = await fetch(`${edge}/api/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer tok-alice', 'user-agent': userAgent },
    body: JSON.stringify({ items: [{ id: 'sku-3', qty: 1 }, { id: 'sku-8', qty: 1 }] }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** The trace whose edge span has this user agent, once `done` says it is complete. */
async function traceByUserAgent(userAgent: string, done: (spans: Span[]) => boolean, timeoutMs = 15_000): Promise<Span[]> {
  const tags = encodeURIComponent(JSON.stringify({ 'user_agent.original': userAgent }));
  const until = Date.now() + timeoutMs;
  let spans: Span[] = [];
  while (Date.now() < until) {
    const { body } = await getJson(`${api}/api/traces?service=edge&tags=${tags}&limit=1&lookback=1h`);
    const id = body?.data?.[0]?.traceID as string | undefined;
    if (id !== undefined) {
      spans = await fetchTraceV3(api, id.padStart(32, '0'));
      if (done(spans)) return spans;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return spans;
}

function connected(spans: Span[]): { roots: Span[]; orphans: Span[] } {
  const ids = new Set(spans.map((s) => hex(s.spanId)));
  const roots = spans.filter((s) => s.parentSpanId.length === 0);
  const orphans = spans.filter((s) => s.parentSpanId.length > 0 && !ids.has(hex(s.parentSpanId)));
  return { roots, orphans };
}

describe('ariadne demo', () => {
  it('runs every service as its own process, within the process budget', () => {
    // all-in-one, orchestrator, edge, 6 services x (app + sidecar), 6 db shard instances
    expect(demo.processCount).toBe(21);
  });

  it('produces one connected trace across every service for a checkout', async () => {
    // Processes just started are cold, and the demo's timeouts are tight on purpose:
    // on a busy machine a first checkout may time out. Take the first that succeeds.
    let ua = '';
    const statuses: number[] = [];
    for (let i = 0; i < 10 && statuses.at(-1) !== 201; i++) {
      ua = `demo-test-${Math.random().toString(36).slice(2)}`;
      statuses.push(await checkout(ua));
    }
    expect(statuses.at(-1), `statuses ${statuses.join(',')}`).toBe(201);
    // Spans arrive from 13 processes on their own schedules: wait for the whole picture.
    const spans = await traceByUserAgent(ua, (s) => {
      const services = new Set(s.map(serviceOf));
      const sdk = new Set(s.filter((x) => x.scope.name === SDK_SCOPE).map(serviceOf));
      return (
        SERVICES.every((x) => services.has(x)) &&
        [...services].some((x) => x.startsWith('db-shard-')) &&
        ['orders', 'payments'].every((x) => sdk.has(x)) &&
        connected(s).orphans.length === 0
      );
    });
    const services = new Set(spans.map(serviceOf));
    for (const s of SERVICES) expect(services, `service ${s} in the trace`).toContain(s);
    expect([...services].some((s) => s.startsWith('db-shard-')), 'a db shard in the trace').toBe(true);

    const { roots, orphans } = connected(spans);
    expect(orphans.map((s) => `${serviceOf(s)} ${s.name}`), 'every parent id is in the trace').toEqual([]);
    expect(roots.map((s) => `${serviceOf(s)} ${s.name}`)).toEqual(['edge POST /api/checkout']);
    expect(new Set(spans.map((s) => hex(s.traceId))).size).toBe(1);

    // The SDK's spans and the sidecars' spans nest into each other, both ways.
    const byId = new Map(spans.map((s) => [hex(s.spanId), s]));
    const parentScope = (s: Span): string | undefined => byId.get(hex(s.parentSpanId))?.scope.name;
    expect(spans.some((s) => s.scope.name === SDK_SCOPE && parentScope(s) === MESH_SCOPE), 'an SDK span under a sidecar span').toBe(true);
    expect(spans.some((s) => s.scope.name === MESH_SCOPE && parentScope(s) === SDK_SCOPE), 'a sidecar span under an SDK span').toBe(true);
    const sdkServices = new Set(spans.filter((s) => s.scope.name === SDK_SCOPE).map(serviceOf));
    expect(sdkServices).toContain('orders');
    expect(sdkServices).toContain('payments');

    const edgeSpan = roots[0]!;
    expect(edgeSpan.kind).toBe(SpanKind.SERVER);
    expect(attr(edgeSpan, 'http.response.status_code')).toBe('201');
    expect(attr(edgeSpan, 'http.route')).toBe('/api/*');
  }, 30_000);

  it('injects a fault, finds the timeouts and the error cascade through the query API, and clears it', async () => {
    const control = demo.addresses['control']!;
    const injected = await runCli(['demo', 'fault', '--control', control, '--target', 'inventory#2', '--latency', '300ms', '--error-rate', '0.2', '--duration', '60s']);
    expect(injected.code, injected.stderr).toBe(0);
    expect(JSON.parse(injected.stdout).applied).toEqual(['inventory#2']);

    // Orders' egress gives inventory 250 ms; half the reservations go to inventory#2.
    const ua = `demo-fault-${Math.random().toString(36).slice(2)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push(await checkout(ua));
    expect(statuses.filter((s) => s >= 500).length, `statuses ${statuses.join(',')}`).toBeGreaterThan(0);

    // Find a trace with the timeout towards inventory, and wait until its cascade is in:
    // spans arrive from many processes on their own schedules.
    const tags = encodeURIComponent(JSON.stringify({ 'error.type': 'timeout' }));
    const isInventoryTimeout = (s: Span): boolean => attr(s, 'error.type') === 'timeout' && attr(s, 'peer.service') === 'inventory';
    let spans: Span[] = [];
    let searched = 0;
    for (const until = Date.now() + 20_000; Date.now() < until; ) {
      const found: { traceID: string }[] = (await getJson(`${api}/api/traces?service=orders&tags=${tags}&limit=20&lookback=1h`)).body?.data ?? [];
      searched = found.length;
      for (const t of found) {
        const candidate = await fetchTraceV3(api, t.traceID.padStart(32, '0'));
        const failed = new Set(candidate.filter((s) => s.statusCode === StatusCode.ERROR).map(serviceOf));
        if (candidate.some(isInventoryTimeout) && ['edge', 'frontend', 'orders'].every((x) => failed.has(x)) && connected(candidate).orphans.length === 0) {
          spans = candidate;
          break;
        }
      }
      if (spans.length > 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(searched, 'traces found with tags={"error.type":"timeout"}').toBeGreaterThan(0);
    const timeout = spans.find(isInventoryTimeout);
    expect(timeout, 'a span with error.type=timeout').toBeDefined();
    expect(serviceOf(timeout!)).toBe('orders');
    expect(timeout!.kind).toBe(SpanKind.CLIENT);
    expect(timeout!.statusCode).toBe(StatusCode.ERROR);
    expect(attr(timeout!, 'http.response.status_code')).toBe('504');
    expect(attr(timeout!, 'peer.service')).toBe('inventory');
    // The cascade: the timeout one hop down surfaces as errors up to the edge.
    const edgeSpan = spans.find((s) => serviceOf(s) === 'edge');
    expect(edgeSpan?.statusCode).toBe(StatusCode.ERROR);
    expect(attr(edgeSpan!, 'http.response.status_code')).toBe('502');
    expect(spans.filter((s) => s.statusCode === StatusCode.ERROR).map(serviceOf)).toEqual(expect.arrayContaining(['edge', 'frontend', 'orders']));

    const cleared = await runCli(['demo', 'fault', '--control', control, '--clear']);
    expect(cleared.code, cleared.stderr).toBe(0);
    const listed = await runCli(['demo', 'fault', '--control', control]);
    expect(JSON.parse(listed.stdout).faults).toEqual([]);
  }, 45_000);

  // Runs after the fault test: inventory#2 was slow and failing for a while.
  it('shows the fault in the faulty pod’s logs and charts, from its sidecar', async () => {
    const pod = encodeURIComponent('inventory#2');
    type LogJson = { severityNumber: number; traceId: string; spanId: string; body: unknown; resource: { attributes: { key: string; value: { stringValue?: string } }[] } };
    const resourceOf = (r: LogJson): Record<string, string | undefined> => Object.fromEntries(r.resource.attributes.map((a) => [a.key, a.value.stringValue]));
    let logs: LogJson[] = [];
    for (const until = Date.now() + 15_000; Date.now() < until && logs.length === 0; ) {
      const { body } = await getJson(`${api}/api/logs?service=inventory&severity=warn&limit=200`);
      logs = ((body?.data ?? []) as LogJson[]).filter((r) => resourceOf(r)['k8s.pod.name'] === 'inventory#2' && resourceOf(r)['k8s.container.name'] === 'ariadne-sidecar');
      if (logs.length === 0) await new Promise((r) => setTimeout(r, 500));
    }
    expect(logs.length, 'WARN or ERROR records from inventory#2’s sidecar').toBeGreaterThan(0);
    const log = logs[0]!;
    expect(log.severityNumber).toBeGreaterThanOrEqual(13);
    expect(log.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(log.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(resourceOf(log)).toMatchObject({ 'k8s.namespace.name': 'ariadne-demo', 'service.instance.id': 'inventory#2' });
    expect(typeof resourceOf(log)['k8s.node.name']).toBe('string');
    // The record is found from its trace, the way the UI shows a span's logs.
    const byTrace = await getJson(`${api}/api/traces/${log.traceId}/logs?spanID=${log.spanId}`);
    expect((byTrace.body.data as LogJson[]).map((r) => r.spanId)).toContain(log.spanId);

    // The pod's charts: failed requests in its request durations, and its sidecar's memory.
    type SeriesJson = { series: { attributes: Record<string, string>; points: [number, number][] }[] };
    let failedSeries: SeriesJson['series'] = [];
    for (const until = Date.now() + 15_000; Date.now() < until && failedSeries.length === 0; ) {
      const { body } = await getJson(`${api}/api/series?name=http.server.request.duration&resource.k8s.pod.name=${pod}`);
      failedSeries = ((body as SeriesJson).series ?? []).filter((x) => x.attributes['error.type'] !== undefined && x.points.length > 0);
      if (failedSeries.length === 0) await new Promise((r) => setTimeout(r, 500));
    }
    expect(failedSeries.length, 'a request-duration series with error.type for inventory#2').toBeGreaterThan(0);
    expect(failedSeries[0]!.attributes['k8s.container.name']).toBe('ariadne-sidecar');
    const memory = (await getJson(`${api}/api/series?name=k8s.pod.memory.usage&resource.k8s.pod.name=${pod}`)).body as SeriesJson;
    const sidecarMemory = memory.series.find((x) => x.attributes['k8s.container.name'] === 'ariadne-sidecar');
    expect(sidecarMemory?.points.length, 'inventory#2’s sidecar memory chart').toBeGreaterThan(0);
    // orders#1 has the SDK too: two containers, two memory series, never mixed.
    // Each container reports on its own timer (5 s in the demo): wait for both.
    let containers: (string | undefined)[] = [];
    for (const until = Date.now() + 15_000; Date.now() < until && containers.length < 2; ) {
      const orders = (await getJson(`${api}/api/series?name=k8s.pod.memory.usage&resource.k8s.pod.name=${encodeURIComponent('orders#1')}`)).body as SeriesJson;
      containers = (orders.series ?? []).map((x) => x.attributes['k8s.container.name']).sort();
      if (containers.length < 2) await new Promise((r) => setTimeout(r, 500));
    }
    expect(containers).toEqual(['app', 'ariadne-sidecar']);
  }, 60_000);

  it('shows a fault in an SDK-only pod (a db shard) in its logs and charts, from the SDK', async () => {
    const control = demo.addresses['control']!;
    const target = 'db-shard-1#1';
    const injected = await runCli(['demo', 'fault', '--control', control, '--target', target, '--error-rate', '1', '--duration', '30s']);
    expect(injected.code, injected.stderr).toBe(0);
    type SeriesJson = { series: { attributes: Record<string, string>; points: [number, number][] }[] };
    type LogJson = { severityNumber: number; traceId: string; resource: { attributes: { key: string; value: { stringValue?: string } }[] } };
    const podOf = (r: LogJson): string | undefined => r.resource.attributes.find((a) => a.key === 'k8s.pod.name')?.value.stringValue;
    let errorLogs: LogJson[] = [];
    let failed: SeriesJson['series'] = [];
    try {
      // The load generator (2/s, random items) reaches every shard; checkouts add more.
      for (const until = Date.now() + 25_000; Date.now() < until && (errorLogs.length === 0 || failed.length === 0); ) {
        await checkout(`demo-shard-fault-${Math.random().toString(36).slice(2)}`);
        const logs = await getJson(`${api}/api/logs?service=db-shard-1&severity=error&limit=200`);
        errorLogs = ((logs.body?.data ?? []) as LogJson[]).filter((r) => podOf(r) === target);
        const series = (await getJson(`${api}/api/series?name=http.server.request.duration&resource.k8s.pod.name=${encodeURIComponent(target)}`)).body as SeriesJson;
        failed = (series.series ?? []).filter((x) => x.attributes['error.type'] === '500' && x.attributes['k8s.container.name'] === 'app');
        if (errorLogs.length === 0 || failed.length === 0) await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      await runCli(['demo', 'fault', '--control', control, '--clear']);
    }
    expect(errorLogs.length, `ERROR records from ${target}`).toBeGreaterThan(0);
    expect(errorLogs[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(failed.length, `a 500 request-duration series for ${target}`).toBeGreaterThan(0);
  }, 45_000);

  // Jaeger's UI searches error=true; the query API maps it to the span's ERROR status.
  it('finds error spans with tags={"error":"true"}', async () => {
    const tags = encodeURIComponent(JSON.stringify({ error: 'true' }));
    const { body } = await getJson(`${api}/api/traces?service=orders&tags=${tags}&limit=5&lookback=1h`);
    expect(body.data.length).toBeGreaterThan(0);
  });

  it('refuses bad fault commands, naming the flag', async () => {
    const control = demo.addresses['control']!;
    const cases: { name: string; args: string[]; code: number; says: RegExp }[] = [
      { name: 'unknown target', args: ['--target', 'nosuch#1', '--latency', '10ms'], code: 1, says: /no demo instance or service named 'nosuch#1'/ },
      { name: 'bad latency', args: ['--target', 'auth', '--latency', 'soon'], code: 2, says: /--latency/ },
      { name: 'error rate above 1', args: ['--target', 'auth', '--error-rate', '1.5'], code: 2, says: /--error-rate/ },
      { name: 'nothing to inject', args: ['--target', 'auth'], code: 2, says: /--latency/ },
      { name: 'clear with latency', args: ['--clear', '--latency', '1s'], code: 2, says: /--latency/ },
    ];
    for (const c of cases) {
      const r = await runCli(['demo', 'fault', '--control', control, ...c.args]);
      expect(r.code, c.name).toBe(c.code);
      expect(r.stderr, c.name).toMatch(c.says);
    }
  }, 30_000);
});
