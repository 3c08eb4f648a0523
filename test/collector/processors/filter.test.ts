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
