/**
 * The `filter` processor (traces): drops spans for which an OTTL condition under
 * `traces.span` is true, span events for which one under `traces.spanevent` is true,
 * or (the older form) spans outside `spans.include` / inside `spans.exclude`.
 * Every dropped span is counted.
 */
import type { Counter } from 'prom-client';
import type { Span } from '../../../model/index.js';
import type { CreateSettings, ProcessorFactory, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import type { TracesConsumer } from '../../consumer.js';
import { compileCondition, OttlSyntaxError, type OttlContext, type OttlTarget } from '../../ottl/condition.js';
import { parseIncludeExclude } from '../span-match/match-properties.js';

type Condition = (t: OttlTarget) => boolean;

export interface FilterProcessorConfig {
  /** propagate (default): a failing condition fails the batch; ignore/silent: treated as false. */
  readonly errorMode: 'propagate' | 'ignore' | 'silent';
  readonly spanConditions: readonly Condition[];
  readonly eventConditions: readonly Condition[];
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
  node.unsupported('metrics', 'Ariadne filters traces only');
  node.unsupported('logs', 'Ariadne filters traces only');
  if (!spanConditions.length && !eventConditions.length && !keep) {
    node.failHere('set traces.span, traces.spanevent, or spans.include / spans.exclude');
  }
  return { errorMode, spanConditions, eventConditions, ...(keep ? { keep } : {}) };
}

class FilterProcessor implements TracesComponent {
  private readonly dropped: Counter<'processor' | 'reason'>;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: FilterProcessorConfig,
    private readonly next: TracesConsumer,
  ) {
    this.dropped = set.host.telemetry.counter('ariadne_processor_dropped_items_total', 'Items a processor dropped, per reason (the next component failed, a sampler decided)', ['processor', 'reason']);
  }

  async start(): Promise<void> {}
  async shutdown(): Promise<void> {}

  private test(c: Condition, t: OttlTarget): boolean {
    try {
      return c(t);
    } catch (err) {
      if (this.config.errorMode === 'propagate') throw err;
      return false;
    }
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
};
