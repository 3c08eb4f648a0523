/**
 * The `filter` processor (traces, logs, metrics): drops spans for which an OTTL
 * condition under `traces.span` is true, span events for which one under
 * `traces.spanevent` is true, or (the older form) spans outside `spans.include` /
 * inside `spans.exclude`; log records for which one under `logs.log_record` is true;
 * metric data points for which one under `metrics.metric` (the metric's name, unit,
 * type...) or `metrics.datapoint` is true. Every dropped item is counted.
 */
import type { Counter } from 'prom-client';
import type { LogRecord, MetricPoint, Span } from '../../../model/index.js';
import { signalComponent, type CreateSettings, type ProcessorFactory, type SignalComponents, type TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import { consumeFn, type SignalConsumers, type SignalItems, type TracesConsumer } from '../../consumer.js';
import { compileCondition, OttlSyntaxError, type OttlContext, type OttlTarget } from '../../ottl/condition.js';
import { parseIncludeExclude } from '../span-match/match-properties.js';

type Condition = (t: OttlTarget) => boolean;

export interface FilterProcessorConfig {
  /** propagate (default): a failing condition fails the batch; ignore/silent: treated as false. */
  readonly errorMode: 'propagate' | 'ignore' | 'silent';
  readonly spanConditions: readonly Condition[];
  readonly eventConditions: readonly Condition[];
  /** logs.log_record. */
  readonly logConditions: readonly Condition[];
  /** metrics.metric and metrics.datapoint, both evaluated on each data point. */
  readonly pointConditions: readonly Condition[];
  /** The older include/exclude form; undefined when unused. */
  readonly keep?: (s: Span) => boolean;
}

export function parseConditions(node: ConfigNode, key: string, context: OttlContext): Condition[] {
  return node.stringList(key).map((text, i) => {
    try {
      return compileCondition(text, context);
    } catch (err) {
      if (err instanceof OttlSyntaxError) node.fail(`${key}[${i}]`, `cannot parse OTTL condition '${text}': ${err.message}`);
      throw err;
    }
  });
}

function parseConfig(node: ConfigNode): FilterProcessorConfig {
  const errorMode = node.enumOf('error_mode', ['propagate', 'ignore', 'silent'] as const, 'propagate');
  const traces = node.section('traces');
  const spanConditions = parseConditions(traces, 'span', 'span');
  const eventConditions = parseConditions(traces, 'spanevent', 'spanevent');
  const spans = node.section('spans');
  const keep = parseIncludeExclude(spans);
  const logs = node.section('logs');
  const logConditions = parseConditions(logs, 'log_record', 'log');
  logs.unsupported('include', 'use logs.log_record OTTL conditions');
  logs.unsupported('exclude', 'use logs.log_record OTTL conditions');
  const metrics = node.section('metrics');
  const pointConditions = [...parseConditions(metrics, 'metric', 'metric'), ...parseConditions(metrics, 'datapoint', 'datapoint')];
  metrics.unsupported('include', 'use metrics.metric OTTL conditions');
  metrics.unsupported('exclude', 'use metrics.metric OTTL conditions');
  if (!spanConditions.length && !eventConditions.length && !keep && !logConditions.length && !pointConditions.length) {
    node.failHere('set traces.span, traces.spanevent, spans.include / spans.exclude, logs.log_record, metrics.metric or metrics.datapoint');
  }
  return { errorMode, spanConditions, eventConditions, logConditions, pointConditions, ...(keep ? { keep } : {}) };
}

/** A condition's verdict; with error_mode ignore or silent a failing condition is false. */
function evaluate(c: Condition, t: OttlTarget, errorMode: FilterProcessorConfig['errorMode']): boolean {
  try {
    return c(t);
  } catch (err) {
    if (errorMode === 'propagate') throw err;
    return false;
  }
}

function droppedCounter(set: CreateSettings): Counter<'processor' | 'reason'> {
  return set.host.telemetry.counter('ariadne_processor_dropped_items_total', 'Items a processor dropped, per reason (the next component failed, a sampler decided)', ['processor', 'reason']);
}

/** Log records or data points: drop what a condition matches, count it, pass the rest. */
function createItemFilter<S extends 'logs' | 'metrics'>(signal: S) {
  return (set: CreateSettings, config: FilterProcessorConfig, next: SignalConsumers[S]): SignalComponents[S] => {
    const conditions = signal === 'logs' ? config.logConditions : config.pointConditions;
    const targetOf = (item: SignalItems[S]): OttlTarget => (signal === 'logs' ? { log: item as LogRecord } : { point: item as MetricPoint });
    const forward = consumeFn(signal, next);
    const dropped = droppedCounter(set);
    return signalComponent(signal, { start: async () => {}, shutdown: async () => {} }, (items) => {
      let out: SignalItems[S][];
      try {
        out = items.filter((i) => !conditions.some((c) => evaluate(c, targetOf(i), config.errorMode)));
      } catch (err) {
        return Promise.reject(err);
      }
      const n = items.length - out.length;
      if (n > 0) dropped.inc({ processor: set.idText, reason: 'filtered' }, n);
      return out.length > 0 ? forward(out) : Promise.resolve();
    });
  };
}

class FilterProcessor implements TracesComponent {
  private readonly dropped: Counter<'processor' | 'reason'>;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: FilterProcessorConfig,
    private readonly next: TracesConsumer,
  ) {
    this.dropped = droppedCounter(set);
  }

  async start(): Promise<void> {}
  async shutdown(): Promise<void> {}

  private test(c: Condition, t: OttlTarget): boolean {
    return evaluate(c, t, this.config.errorMode);
  }

  consumeTraces(spans: readonly Span[]): Promise<void> {
    const { spanConditions, eventConditions, keep } = this.config;
    const out: Span[] = [];
    let droppedEvents = 0;
    for (let s of spans) {
      if (keep && !keep(s)) continue;
      if (spanConditions.some((c) => this.test(c, { span: s }))) continue;
      if (eventConditions.length > 0 && s.events.length > 0) {
        const events = s.events.filter((e) => !eventConditions.some((c) => this.test(c, { span: s, event: e })));
        if (events.length !== s.events.length) {
          droppedEvents += s.events.length - events.length;
          s = { ...s, events };
        }
      }
      out.push(s);
    }
    const n = spans.length - out.length;
    if (n > 0) this.dropped.inc({ processor: this.set.idText, reason: 'filtered' }, n);
    if (droppedEvents > 0) this.dropped.inc({ processor: this.set.idText, reason: 'filtered_span_events' }, droppedEvents);
    return out.length > 0 ? this.next.consumeTraces(out) : Promise.resolve();
  }
}

export const filterProcessorFactory: ProcessorFactory<FilterProcessorConfig> = {
  kind: 'processor',
  type: 'filter',
  parseConfig,
  createTraces: (set, config, next) => new FilterProcessor(set, config, next),
  createLogs: createItemFilter('logs'),
  createMetrics: createItemFilter('metrics'),
};
