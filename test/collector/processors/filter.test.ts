import { describe, expect, it } from 'vitest';
import { ConfigNode } from '../../../src/collector/config/config-node.js';
import { filterProcessorFactory } from '../../../src/collector/processors/filter/factory.js';
import { compileCondition } from '../../../src/collector/ottl/condition.js';
import { attr, Recorder, settings, span, testHost, type SpanSpec } from '../helpers/test-host.js';

const spans: Record<string, SpanSpec> = {
  health: { name: 'GET /healthz', service: 'frontend', kind: 2, attributes: [attr('http.route', '/healthz'), attr('http.response.status_code', 200)] },
  cart: { name: 'GET /cart', service: 'cart', kind: 2, attributes: [attr('http.route', '/cart'), attr('http.response.status_code', 500)], status: 2 },
  db: { name: 'SELECT', service: 'db', kind: 3, attributes: [attr('db.system', 'postgresql'), attr('retry', true)] },
};

const conditions: [condition: string, matches: string[]][] = [
  ['name == "GET /healthz"', ['health']],
  ['attributes["http.route"] == "/healthz"', ['health']],
  ['resource.attributes["service.name"] == "db"', ['db']],
  ['kind == SPAN_KIND_CLIENT', ['db']],
  ['status.code == STATUS_CODE_ERROR', ['cart']],
  ['attributes["http.response.status_code"] >= 500', ['cart']],
  ['attributes["http.response.status_code"] < 300 and kind == SPAN_KIND_SERVER', ['health']],
  ['IsMatch(name, "^GET ")', ['health', 'cart']],
  ['not IsMatch(name, "^GET ")', ['db']],
  ['attributes["retry"] == true or name == "GET /cart"', ['cart', 'db']],
  ['attributes["missing"] == nil', ['health', 'cart', 'db']],
  ['(name == "SELECT" or name == "GET /cart") and attributes["db.system"] != nil', ['db']],
  ['IsString(attributes["db.system"])', ['db']],
  ['IsInt(attributes["http.response.status_code"])', ['health', 'cart']],
  ['span.name == "SELECT"', ['db']],
];

describe('OTTL conditions', () => {
  it.each(conditions)('%s', (condition, matches) => {
    const c = compileCondition(condition, 'span');
    const got = Object.entries(spans)
      .filter(([, spec]) => c({ span: span(spec) }))
      .map(([k]) => k);
    expect(got).toEqual(matches);
  });
});

async function filter(cfg: Record<string, unknown>): Promise<string[]> {
  const next = new Recorder();
  const host = testHost();
  const p = filterProcessorFactory.createTraces!(settings(host, 'filter'), filterProcessorFactory.parseConfig(ConfigNode.of(cfg, 'processors.filter')), next);
  await p.consumeTraces(Object.values(spans).map((s) => span(s)));
  return next.spans.map((s) => s.name);
}

describe('filter processor', () => {
  it('drops spans matching any traces.span condition and counts them', async () => {
    expect(await filter({ error_mode: 'ignore', traces: { span: ['attributes["http.route"] == "/healthz"', 'kind == SPAN_KIND_CLIENT'] } })).toEqual(['GET /cart']);
  });

  it('the older spans.include / spans.exclude form', async () => {
    expect(await filter({ spans: { include: { match_type: 'strict', services: ['cart', 'db'] } } })).toEqual(['GET /cart', 'SELECT']);
    expect(await filter({ spans: { exclude: { match_type: 'regexp', span_names: ['^GET'] } } })).toEqual(['SELECT']);
    expect(await filter({ spans: { exclude: { match_type: 'strict', attributes: [{ key: 'db.system', value: 'postgresql' }] } } })).toEqual(['GET /healthz', 'GET /cart']);
  });

  it('traces.spanevent drops only the matching events', async () => {
    const next = new Recorder();
    const p = filterProcessorFactory.createTraces!(
      settings(testHost(), 'filter'),
      filterProcessorFactory.parseConfig(ConfigNode.of({ traces: { spanevent: ['name == "debug"'] } }, 'processors.filter')),
      next,
    );
    const s = span();
    const ev = (name: string) => ({ timeUnixNano: 1n, name, attributes: [], droppedAttributesCount: 0 });
    await p.consumeTraces([{ ...s, events: [ev('debug'), ev('exception')] }]);
    expect(next.spans[0]!.events.map((e) => e.name)).toEqual(['exception']);
  });
});

describe('filter processor on logs and metrics (OTTL log, metric and datapoint contexts)', () => {
  const scope = { name: 'lib', version: '2', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
  const log = (severityNumber: number, body: string, service: string) => ({
    timeUnixNano: 5n, observedTimeUnixNano: 6n, severityNumber, severityText: '', body: { type: 'string' as const, value: body },
    attributes: [attr('http.route', body === 'probe' ? '/healthz' : '/cart')], droppedAttributesCount: 0, flags: 1,
    traceId: new Uint8Array(16).fill(1), spanId: new Uint8Array(8).fill(2), eventName: '', resource: span({ service }).resource, scope,
  });
  const logs = { debug: log(5, 'probe', 'frontend'), info: log(9, 'order placed', 'cart'), error: log(17, 'card declined', 'cart') };
  const logConditions: [condition: string, dropped: string[]][] = [
    ['severity_number < SEVERITY_NUMBER_INFO', ['debug']],
    ['IsMatch(body, "declined")', ['error']],
    ['attributes["http.route"] == "/healthz"', ['debug']],
    ['resource.attributes["service.name"] == "cart" and severity_number >= SEVERITY_NUMBER_ERROR', ['error']],
    ['trace_id.string == "01010101010101010101010101010101"', ['debug', 'info', 'error']],
    ['instrumentation_scope.name == "other"', []],
  ];
  it.each(logConditions)('logs.log_record %s', async (condition, dropped) => {
    const host = testHost();
    const got: unknown[] = [];
    const p = filterProcessorFactory.createLogs!(settings(host, 'filter'), filterProcessorFactory.parseConfig(ConfigNode.of({ logs: { log_record: [condition] } }, 'processors.filter')), {
      consumeLogs: async (r) => void got.push(...r),
    });
    await p.consumeLogs(Object.values(logs));
    expect(Object.entries(logs).filter(([, r]) => !got.includes(r)).map(([k]) => k)).toEqual(dropped);
    const text = await host.metrics.registry.metrics();
    if (dropped.length) expect(text).toContain(`ariadne_processor_dropped_items_total{processor="filter",reason="filtered"} ${dropped.length}`);
  });

  const point = (name: string, type: 'gauge' | 'histogram', route: string) => ({
    name, description: '', unit: 'ms', startTimeUnixNano: 1n, timeUnixNano: 2n, attributes: [attr('route', route)], flags: 0, resource: span({ service: 'cart' }).resource, scope,
    data: type === 'gauge'
      ? { type: 'gauge' as const, value: { type: 'int' as const, value: 7n } }
      : { type: 'histogram' as const, temporality: 2 as const, count: 3n, sum: 12, bucketCounts: [1n, 2n], explicitBounds: [5] },
  });
  const points = { queue: point('queue.depth', 'gauge', '/a'), latency: point('http.duration', 'histogram', '/healthz'), other: point('http.duration', 'histogram', '/cart') };
  const pointConditions: [key: 'metric' | 'datapoint', condition: string, dropped: string[]][] = [
    ['metric', 'name == "queue.depth"', ['queue']],
    ['metric', 'type == METRIC_DATA_TYPE_HISTOGRAM', ['latency', 'other']],
    ['datapoint', 'metric.name == "http.duration" and attributes["route"] == "/healthz"', ['latency']],
    ['datapoint', 'value_int > 5', ['queue']],
    ['datapoint', 'count == 3 and sum > 10', ['latency', 'other']],
  ];
  it.each(pointConditions)('metrics.%s %s', async (key, condition, dropped) => {
    const got: unknown[] = [];
    const p = filterProcessorFactory.createMetrics!(settings(testHost(), 'filter'), filterProcessorFactory.parseConfig(ConfigNode.of({ metrics: { [key]: [condition] } }, 'processors.filter')), {
      consumeMetrics: async (m) => void got.push(...m),
    });
    await p.consumeMetrics(Object.values(points));
    expect(Object.entries(points).filter(([, x]) => !got.includes(x)).map(([k]) => k)).toEqual(dropped);
  });

  it('a condition that fails propagates by default and is false with error_mode ignore', async () => {
    const cfg = (errorMode: string) => filterProcessorFactory.parseConfig(ConfigNode.of({ error_mode: errorMode, logs: { log_record: ['IsMatch(body, "x")'] } }, 'processors.filter'));
    const throwing = { ...logs.info, get body(): never { throw new Error('broken record'); } };
    const got: unknown[] = [];
    const next = { consumeLogs: async (r: readonly unknown[]) => void got.push(...r) };
    await expect(filterProcessorFactory.createLogs!(settings(testHost(), 'filter'), cfg('propagate'), next).consumeLogs([throwing])).rejects.toThrow('broken record');
    await filterProcessorFactory.createLogs!(settings(testHost(), 'filter'), cfg('ignore'), next).consumeLogs([throwing]);
    expect(got).toEqual([throwing]);
  });
});
