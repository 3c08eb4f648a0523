import { describe, expect, it } from 'vitest';
import type { Span } from '../../../src/model/index.js';
import type { ConnectorFactory, ExporterFactory, Factory, ProcessorFactory, ReceiverFactory, TracesComponent } from '../../../src/collector/component.js';
import { parseCollectorConfig } from '../../../src/collector/config/collector-config.js';
import type { TracesConsumer } from '../../../src/collector/consumer.js';
import { ComponentRegistry } from '../../../src/collector/registry.js';
import { CollectorService } from '../../../src/collector/service.js';
import { parse as parseYaml } from 'yaml';
import { span } from '../helpers/test-host.js';

/** Test components that record lifecycle events and what they consumed. */
function fixture() {
  const events: string[] = [];
  const received = new Map<string, number>();
  const receivers = new Map<string, TracesConsumer>();
  const lifecycle = (name: string): Pick<TracesComponent, 'start' | 'shutdown'> => ({
    start: async () => void events.push(`start ${name}`),
    shutdown: async () => void events.push(`stop ${name}`),
  });
  const receiver: ReceiverFactory = {
    kind: 'receiver',
    type: 'src',
    parseConfig: () => ({}),
    createTraces: (set, _c, next) => {
      receivers.set(set.idText, next);
      return lifecycle(set.idText);
    },
  };
  const processor: ProcessorFactory = {
    kind: 'processor',
    type: 'tag',
    parseConfig: () => ({}),
    createTraces: (set, _c, next) => ({
      ...lifecycle(`${set.idText}`),
      consumeTraces: (spans) => next.consumeTraces(spans.map((s) => ({ ...s, name: `${s.name}>${set.idText}` }))),
    }),
  };
  const exporter: ExporterFactory = {
    kind: 'exporter',
    type: 'sink',
    parseConfig: () => ({}),
    createTraces: (set) => ({
      ...lifecycle(set.idText),
      consumeTraces: async (spans: readonly Span[]) => {
        for (const s of spans) received.set(`${set.idText}:${s.name}`, (received.get(`${set.idText}:${s.name}`) ?? 0) + 1);
      },
    }),
  };
  const connector: ConnectorFactory = {
    kind: 'connector',
    type: 'fwd',
    parseConfig: () => ({}),
    createTracesToTraces: (set, _c, next) => ({ ...lifecycle(set.idText), consumeTraces: (s) => next.consumeTraces(s) }),
  };
  const registry = new ComponentRegistry([receiver, processor, exporter, connector] as Factory[]);
  return { events, received, receivers, registry };
}

describe('pipeline graph', () => {
  it('starts exporters first and stops receivers first; a shared exporter is one instance fed by every pipeline', async () => {
    const f = fixture();
    const config = parseCollectorConfig(
      parseYaml(`
receivers: { src/a: , src/b: }
processors: { tag/1: , tag/2: }
exporters: { sink/x: , sink/y: }
service:
  telemetry: { metrics: { level: none } }
  pipelines:
    traces/one: { receivers: [src/a], processors: [tag/1, tag/2], exporters: [sink/x, sink/y] }
    traces/two: { receivers: [src/a, src/b], processors: [tag/2], exporters: [sink/x] }
`),
      f.registry,
    );
    const service = new CollectorService(config, { log: () => {} });
    await service.start();
    const starts = f.events.filter((e) => e.startsWith('start'));
    // Every exporter before every processor before every receiver.
    const at = (n: string): number => starts.indexOf(`start ${n}`);
    for (const e of ['sink/x', 'sink/y']) for (const p of ['tag/1', 'tag/2']) expect(at(e), `${e} before ${p}`).toBeLessThan(at(p));
    for (const p of ['tag/1', 'tag/2']) for (const r of ['src/a', 'src/b']) expect(at(p), `${p} before ${r}`).toBeLessThan(at(r));
    expect(starts.filter((e) => e === 'start sink/x')).toHaveLength(1);
    // processors are one instance per pipeline: tag/2 twice.
    expect(starts.filter((e) => e === 'start tag/2')).toHaveLength(2);

    await f.receivers.get('src/a')!.consumeTraces([span({ name: 'a' })]);
    await f.receivers.get('src/b')!.consumeTraces([span({ name: 'b' })]);
    expect(Object.fromEntries(f.received)).toEqual({
      // src/a feeds both pipelines; pipeline one fans out to x and y.
      'sink/x:a>tag/1>tag/2': 1,
      'sink/y:a>tag/1>tag/2': 1,
      'sink/x:a>tag/2': 1,
      'sink/x:b>tag/2': 1,
    });

    f.events.length = 0;
    await service.shutdown();
    const stops = f.events;
    const stopAt = (n: string): number => stops.indexOf(`stop ${n}`);
    for (const r of ['src/a', 'src/b']) for (const e of ['sink/x', 'sink/y']) expect(stopAt(r), `${r} stops before ${e}`).toBeLessThan(stopAt(e));
    await service.shutdown(); // idempotent
    expect(f.events).toEqual(stops);
  });

  it('a connector joins two pipelines: what one exports the other receives', async () => {
    const f = fixture();
    const config = parseCollectorConfig(
      parseYaml(`
receivers: { src: }
processors: { tag/in: , tag/out: }
exporters: { sink: }
connectors: { fwd: }
service:
  telemetry: { metrics: { level: none } }
  pipelines:
    traces/in: { receivers: [src], processors: [tag/in], exporters: [fwd] }
    traces/out: { receivers: [fwd], processors: [tag/out], exporters: [sink] }
`),
      f.registry,
    );
    const service = new CollectorService(config, { log: () => {} });
    await service.start();
    const starts = f.events.filter((e) => e.startsWith('start'));
    expect(starts.indexOf('start fwd')).toBeLessThan(starts.indexOf('start tag/in'));
    expect(starts.indexOf('start tag/out')).toBeLessThan(starts.indexOf('start fwd'));
    await f.receivers.get('src')!.consumeTraces([span({ name: 's' })]);
    expect(Object.fromEntries(f.received)).toEqual({ 'sink:s>tag/in>tag/out': 1 });
    await service.shutdown();
  });

  it('the registry refuses two factories of one type and kind', () => {
    const f = fixture();
    const dup = { kind: 'exporter', type: 'sink', parseConfig: () => ({}) } as ExporterFactory;
    expect(() => new ComponentRegistry([...(['src', 'tag'] as const).map((t) => f.registry.get(t === 'src' ? 'receiver' : 'processor', t)!), dup, dup])).toThrow(
      'duplicate exporter factory for type "sink"',
    );
  });
});
