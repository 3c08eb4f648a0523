/**
 * The sampling trade-off API against a known traffic mix: a head sampler at 50% then a
 * tail sampler keeping errors and slow traces, through a real pipeline over sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { defaultRegistry } from '../../../src/collector/components.js';
import { parseCollectorConfig } from '../../../src/collector/config/collector-config.js';
import { CollectorService } from '../../../src/collector/service.js';
import { encodeTraceRequestProto } from '../../../src/otlp/encode-proto.js';
import { keeps, randomnessFromTraceId, thresholdFromProbability } from '../../../src/sampling/index.js';
import type { Span } from '../../../src/model/index.js';
import { postTraces } from '../../helpers/otlp-clients.js';
import { metricValue, waitFor } from '../helpers/collector-process.js';
import { attr, newTraceId, span } from '../helpers/test-host.js';

const TRACES = 200;
let service: CollectorService;
let base: string;

interface Mix {
  readonly error: boolean;
  readonly slow: boolean;
  readonly service: string;
  readonly head: boolean;
}
const mix: Mix[] = [];

beforeAll(async () => {
  service = new CollectorService(
    parseCollectorConfig(
      parseYaml(`
receivers:
  otlp: { protocols: { http: { endpoint: "127.0.0.1:0" } } }
processors:
  probabilistic_sampler: { mode: proportional, sampling_percentage: 50 }
  tail_sampling:
    decision_wait: 300ms
    policies:
      - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }
      - { name: slow, type: latency, latency: { threshold_ms: 500 } }
exporters:
  nop:
extensions:
  sampling_insight: { slow_threshold: 500ms, summary_wait: 300ms, attribute_keys: [customer.tier] }
service:
  extensions: [sampling_insight]
  telemetry: { metrics: { address: "127.0.0.1:0" } }
  pipelines:
    traces: { receivers: [otlp], processors: [probabilistic_sampler, tail_sampling], exporters: [nop] }
`),
      defaultRegistry(),
    ),
    { log: () => {} },
  );
  await service.start();
  const l = (n: string) => service.listeners.find((x) => x.name === n)!.address;
  base = `http://${l('telemetry').host}:${l('telemetry').port}`;
  const otlp = `http://${l('otlp-http').host}:${l('otlp-http').port}`;
  const half = thresholdFromProbability(0.5)!;
  const spans: Span[] = [];
  for (let t = 0; t < TRACES; t++) {
    const traceId = newTraceId();
    const m: Mix = { error: t % 10 === 0, slow: t % 10 === 5 || t % 10 === 7, service: t % 2 ? 'search' : 'checkout', head: keeps(randomnessFromTraceId(traceId), half) };
    mix.push(m);
    const root = span({ traceId, service: m.service, name: 'GET /', kind: 2, durationMs: m.slow ? 600 : 40, attributes: [attr('customer.tier', t % 4 === 0 ? 'gold' : 'free')] });
    spans.push(root, span({ traceId, parent: root.spanId, service: 'db', durationMs: 5 }), span({ traceId, parent: root.spanId, service: 'cache', durationMs: 2, status: m.error ? 2 : 0 }));
  }
  expect((await postTraces(otlp, encodeTraceRequestProto(spans))).status).toBe(200);
  await waitFor('every trace summarized', async () => {
    const o = (await (await fetch(`${base}/api/v1/sampling`)).json()) as { window: { traces: number } };
    return o.window.traces >= TRACES ? true : undefined;
  });
});
afterAll(() => service.shutdown());

const count = (f: (m: Mix, i: number) => boolean) => mix.filter(f).length;

async function whatIf(body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}/api/v1/sampling/what-if`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe('sampling API', () => {
  it('GET /api/v1/sampling: cost and coverage of what the samplers kept', async () => {
    const o = (await (await fetch(`${base}/api/v1/sampling`)).json()) as any;
    expect(o.window).toMatchObject({ traces: TRACES, spans: 3 * TRACES });
    expect(o.samplers).toEqual({ head: ['probabilistic_sampler'], tail: ['tail_sampling'] });
    const kept = count((m) => m.head && (m.error || m.slow));
    expect(o.current.kept_traces).toBe(kept);
    expect(o.current.kept_spans).toBe(3 * kept);
    expect(o.current.kept_bytes).toBeGreaterThan(0);
    expect(o.current.estimated_gb_per_day).toBeCloseTo((o.current.bytes_per_second * 86400) / 1e9, 9);
    expect(o.current.error_traces).toEqual({ seen: 20, kept: count((m) => m.error && m.head), coverage: count((m) => m.error && m.head) / 20 });
    expect(o.current.slow_traces).toMatchObject({ seen: 40, kept: count((m) => m.slow && m.head) });
    const checkout = o.current.per_service.find((s: any) => s.service === 'checkout');
    expect(checkout).toMatchObject({ traces: 100, error_traces: { seen: 20 } });
    const all = o.tail_policies.find((p: any) => p.policy === '(all)');
    expect(all.traces).toMatchObject({ seen: count((m) => m.head), kept: kept });
    const errors = o.tail_policies.find((p: any) => p.policy === 'errors');
    expect(errors.traces.kept).toBe(count((m) => m.head && m.error));
  });

  const proposals: [name: string, body: unknown, kept: () => number, errorCoverage: () => number | null, slowCoverage: () => number | null][] = [
    ['keep every trace at the head, tail keeps errors only', { head_probability: 1, tail_policies: [{ name: 'e', type: 'status_code', status_code: { status_codes: ['ERROR'] } }] }, () => 20, () => 1, () => 0],
    ['keep every trace at the head, current tail policies', { head_probability: 1 }, () => 60, () => 1, () => 1],
    ['no tail sampling, current head', { tail_policies: [] }, () => count((m) => m.head), () => count((m) => m.error && m.head) / 20, () => count((m) => m.slow && m.head) / 40],
    ['head 0', { head_probability: 0 }, () => 0, () => 0, () => 0],
    [
      'gold customers by attribute, all at the head',
      { head_probability: 1, tail_policies: [{ name: 'gold', type: 'string_attribute', string_attribute: { key: 'customer.tier', values: ['gold'] } }] },
      () => 50,
      () => count((_m, i) => i % 4 === 0 && i % 10 === 0) / 20,
      () => count((m, i) => m.slow && i % 4 === 0) / 40,
    ],
  ];
  it.each(proposals)('what-if: %s', async (_name, body, kept, errorCoverage, slowCoverage) => {
    const { status, json } = await whatIf(body);
    expect(status).toBe(200);
    expect(json.proposed.kept_traces).toBe(kept());
    expect(json.proposed.error_traces.coverage).toBe(errorCoverage());
    expect(json.proposed.slow_traces.coverage).toBe(slowCoverage());
    // The current figures come along for comparison.
    expect(json.current.kept_traces).toBe(count((m) => m.head && (m.error || m.slow)));
    expect(json.warnings).toEqual([]);
  });

  it('what-if warns about attributes summaries did not keep', async () => {
    const { json } = await whatIf({ tail_policies: [{ name: 'x', type: 'string_attribute', string_attribute: { key: 'user.id', values: ['1'] } }] });
    expect(json.warnings[0]).toMatch(/attribute 'user\.id' is not kept in trace summaries/);
  });

  const bad: [name: string, body: unknown, message: string][] = [
    ['bad policy', { tail_policies: [{ name: 'slow', type: 'latency', latency: { threshold_ms: 0 } }] }, 'tail_policies[0].latency.threshold_ms: must be a positive number'],
    ['probability out of range', { head_probability: 2 }, 'head_probability: must be at most 1, got 2'],
    ['unknown field', { head_probabilty: 0.5 }, 'head_probabilty: unknown key'],
  ];
  it.each(bad)('what-if refuses %s with 400 naming the field', async (_name, body, message) => {
    const { status, json } = await whatIf(body);
    expect(status).toBe(400);
    expect(json.error).toContain(message);
  });

  it('the trade-off counters are on /metrics, per sampler and policy', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const v = (name: string, labels: Record<string, string>) => metricValue(text, name, labels);
    expect(v('ariadne_sampling_traces_total', { sampler: 'probabilistic_sampler', policy: '(all)', outcome: 'seen' })).toBe(TRACES);
    expect(v('ariadne_sampling_traces_total', { sampler: 'probabilistic_sampler', policy: '(all)', outcome: 'kept' })).toBe(count((m) => m.head));
    expect(v('ariadne_sampling_error_traces_total', { sampler: 'probabilistic_sampler', policy: '(all)', outcome: 'seen' })).toBe(20);
    expect(v('ariadne_sampling_traces_total', { sampler: 'tail_sampling', policy: '(all)', outcome: 'seen' })).toBe(count((m) => m.head));
    expect(v('ariadne_sampling_slow_traces_total', { sampler: 'tail_sampling', policy: 'slow', outcome: 'kept' })).toBe(count((m) => m.head && m.slow));
    expect(v('ariadne_sampling_spans_total', { sampler: 'tail_sampling', policy: '(all)', outcome: 'kept' })).toBe(3 * count((m) => m.head && (m.error || m.slow)));
    expect(v('ariadne_sampling_bytes_kept_total', { sampler: 'tail_sampling', policy: '(all)' })).toBeGreaterThan(0);
  });
});
