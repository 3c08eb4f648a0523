/**
 * Sharded tail sampling, the documented two-tier setup (docs/collector.md): 2 front
 * collectors with the loadbalancing exporter in front of 2 tail-sampling collectors,
 * each a separate process on real sockets, all sending kept spans to one `ariadne
 * start`. The spans of every trace enter through different front collectors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTraceRequestProto } from '../../../src/otlp/encode-proto.js';
import type { Span } from '../../../src/model/index.js';
import { HashRing } from '../../../src/collector/exporters/loadbalancing/hash-ring.js';
import { keeps, randomnessFromTraceId, thresholdFromProbability } from '../../../src/sampling/index.js';
import { postTraces } from '../../helpers/otlp-clients.js';
import { fetchTraceV3, hex } from '../../helpers/query-client.js';
import { attr, newTraceId, span } from '../helpers/test-host.js';
import { metricValue, removeDir, scrape, startAllInOne, startCollector, tempDir, waitFor, writeConfig, type RunningProcess } from '../helpers/collector-process.js';

const TRACES = 300;
const POLICIES = ['errors', 'slow', 'gold', 'sample-10'] as const;

const BACK = `
receivers:
  otlp:
    protocols:
      grpc: { endpoint: "127.0.0.1:0" }
processors:
  tail_sampling:
    decision_wait: 2s
    num_traces: 10000
    policies:
      - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }
      - { name: slow, type: latency, latency: { threshold_ms: 500 } }
      - { name: gold, type: string_attribute, string_attribute: { key: customer.tier, values: [gold] } }
      - { name: sample-10, type: probabilistic, probabilistic: { sampling_percentage: 10 } }
      - name: no-health-checks
        type: drop
        drop:
          drop_sub_policy:
            - { name: health, type: string_attribute, string_attribute: { key: http.route, values: [/healthz] } }
  attributes:
    actions:
      - { key: collector.id, action: insert, value: "\${env:BACK_ID}" }
exporters:
  otlp:
    endpoint: \${env:SINK}
    tls: { insecure: true }
service:
  telemetry: { metrics: { address: "127.0.0.1:0" } }
  pipelines:
    traces:
      receivers: [otlp]
      processors: [tail_sampling, attributes]
      exporters: [otlp]
`;

const FRONT = `
receivers:
  otlp:
    protocols:
      http: { endpoint: "127.0.0.1:0" }
exporters:
  loadbalancing:
    routing_key: traceID
    protocol:
      otlp:
        tls: { insecure: true }
        retry_on_failure: { initial_interval: 100ms, max_interval: 500ms }
    resolver:
      static:
        hostnames: ["\${env:BACK1}", "\${env:BACK2}"]
service:
  telemetry: { metrics: { address: "127.0.0.1:0" } }
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [loadbalancing]
`;

interface TestTrace {
  readonly spans: Span[];
  /** The policy that must keep it, or undefined when it must be dropped. */
  readonly keptBy: (typeof POLICIES)[number] | undefined;
}

/** A known mix: errors, slow traces, gold customers, health checks, and the rest. */
function makeTrace(t: number): TestTrace {
  const traceId = newTraceId();
  const error = t % 7 === 0;
  const slow = t % 11 === 0;
  const gold = t % 13 === 0;
  const health = t % 17 === 0;
  const root = span({ traceId, name: health ? 'GET /healthz' : 'GET /cart', kind: 2, service: 'frontend', startMs: 0, durationMs: slow ? 600 : 50, attributes: health ? [attr('http.route', '/healthz')] : [] });
  const spans = [root];
  for (let i = 1; i < 4; i++) {
    spans.push(
      span({
        traceId,
        parent: root.spanId,
        name: `child-${i}`,
        service: ['cart', 'payment', 'db'][i - 1]!,
        startMs: i * 5,
        durationMs: 10,
        status: error && i === 3 ? 2 : 0,
        attributes: gold && i === 2 ? [attr('customer.tier', 'gold')] : [],
      }),
    );
  }
  const probabilistic = keeps(randomnessFromTraceId(traceId), thresholdFromProbability(0.1)!);
  const keptBy = health ? undefined : error ? 'errors' : slow ? 'slow' : gold ? 'gold' : probabilistic ? 'sample-10' : undefined;
  return { spans, keptBy };
}

let dir: string;
let sink: RunningProcess;
const backs: RunningProcess[] = [];
const fronts: RunningProcess[] = [];

beforeAll(async () => {
  dir = tempDir();
  sink = await startAllInOne(`${dir}/sink`);
  const backCfg = writeConfig(dir, 'back.yaml', BACK);
  backs.push(...(await Promise.all(['back-1', 'back-2'].map((id) => startCollector(backCfg, { BACK_ID: id, SINK: sink.addresses['otlp-grpc']! })))));
  const frontCfg = writeConfig(dir, 'front.yaml', FRONT);
  const env = { BACK1: backs[0]!.addresses['otlp-grpc']!, BACK2: backs[1]!.addresses['otlp-grpc']! };
  fronts.push(...(await Promise.all([startCollector(frontCfg, env), startCollector(frontCfg, env)])));
});

afterAll(async () => {
  for (const p of [...fronts, ...backs]) await p.stop();
  await sink?.stop();
  removeDir(dir);
});

describe('sharded tail sampling: 2 front + 2 back collectors', () => {
  it('decides every trace on one back collector, on all its spans, and keeps exactly what the policies say', async () => {
    const traces = Array.from({ length: TRACES }, (_, t) => makeTrace(t));
    // Spans 0-1 of every trace through front 1, spans 2-3 through front 2, 50 traces per request.
    const sends: Promise<{ status: number }>[] = [];
    for (let i = 0; i < TRACES; i += 50) {
      const group = traces.slice(i, i + 50);
      sends.push(postTraces(fronts[0]!.url('otlp-http'), encodeTraceRequestProto(group.flatMap((t) => t.spans.slice(0, 2)))));
      sends.push(postTraces(fronts[1]!.url('otlp-http'), encodeTraceRequestProto(group.flatMap((t) => t.spans.slice(2)))));
    }
    for (const r of await Promise.all(sends)) expect(r.status).toBe(200);

    // Every trace is decided exactly once across the back tier: a trace split between
    // two back collectors would be counted (and decided) twice.
    const decided = await waitFor('all traces decided', async () => {
      const texts = await Promise.all(backs.map((b) => scrape(b.url('telemetry'))));
      const perBack = texts.map((t) => metricValue(t, 'otelcol_processor_tail_sampling_global_count_traces_sampled_total'));
      return perBack.reduce((a, b) => a + b, 0) >= TRACES ? { perBack, texts } : undefined;
    }, 20_000);
    expect(decided.perBack.reduce((a, b) => a + b, 0)).toBe(TRACES);
    const newIds = decided.texts.map((t) => metricValue(t, 'otelcol_processor_tail_sampling_new_trace_id_received_total'));
    expect(newIds.reduce((a, b) => a + b, 0)).toBe(TRACES);
    for (const n of decided.perBack) expect(n, 'both back collectors take a share').toBeGreaterThan(TRACES / 5);

    const expectedKept = traces.filter((t) => t.keptBy);
    expect(expectedKept.length).toBeGreaterThan(TRACES / 5);
    expect(traces.length - expectedKept.length).toBeGreaterThan(TRACES / 5);
    await waitFor('kept spans in the sink', async () => {
      const m = await scrape(sink.url('http'));
      return metricValue(m, 'ariadne_store_spans_written_total') >= expectedKept.length * 4 ? true : undefined;
    }, 20_000);

    const ring = new HashRing([backs[0]!.addresses['otlp-grpc']!, backs[1]!.addresses['otlp-grpc']!].sort());
    const byAddress: Record<string, string> = { [backs[0]!.addresses['otlp-grpc']!]: 'back-1', [backs[1]!.addresses['otlp-grpc']!]: 'back-2' };
    for (const t of traces) {
      const id = hex(t.spans[0]!.traceId);
      const stored = await fetchTraceV3(sink.url('http'), id);
      if (!t.keptBy) {
        expect(stored, `trace ${id} must be dropped`).toHaveLength(0);
        continue;
      }
      expect(stored, `trace ${id} kept by ${t.keptBy}: all 4 spans`).toHaveLength(4);
      const text = (s: Span, k: string) => {
        const v = s.attributes.find((a) => a.key === k)?.value;
        return v?.type === 'string' ? v.value : undefined;
      };
      const deciders = new Set(stored.map((s) => text(s, 'collector.id')));
      expect([...deciders], `trace ${id}: one back collector decided all its spans`).toEqual([byAddress[ring.endpointFor(t.spans[0]!.traceId)!]]);
      for (const s of stored) expect(text(s, 'tailsampling.policy'), `trace ${id}`).toBe(t.keptBy);
    }
    // Nothing else reached the sink.
    const m = await scrape(sink.url('http'));
    expect(metricValue(m, 'ariadne_store_spans_written_total')).toBe(expectedKept.length * 4);
  }, 90_000);
});
