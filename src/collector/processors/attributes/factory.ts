/**
 * The `attributes` processor (traces): insert, update, upsert, delete, hash, extract or
 * convert span attributes, for every span or only those `include` / `exclude` select.
 */
import type { Span } from '../../../model/index.js';
import type { ProcessorFactory, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import type { TracesConsumer } from '../../consumer.js';
import { parseIncludeExclude } from '../span-match/match-properties.js';
import { parseActions, type AttributeAction } from './actions.js';

export interface AttributesProcessorConfig {
  readonly actions: readonly AttributeAction[];
  /** Undefined: every span. */
  readonly select?: (s: Span) => boolean;
}

function parseConfig(node: ConfigNode): AttributesProcessorConfig {
  const select = parseIncludeExclude(node);
  return { actions: parseActions(node), ...(select ? { select } : {}) };
}

/** Applies the actions to a copy of the attributes; the span itself when nothing changed. */
export function applyActions(s: Span, actions: readonly AttributeAction[]): Span {
  const attrs = s.attributes.slice();
  for (const a of actions) a(attrs);
  if (attrs.length === s.attributes.length && attrs.every((kv, i) => kv === s.attributes[i])) return s;
  return { ...s, attributes: attrs };
}

class AttributesProcessor implements TracesComponent {
  constructor(
    private readonly config: AttributesProcessorConfig,
    private readonly next: TracesConsumer,
  ) {}

  async start(): Promise<void> {}
  async shutdown(): Promise<void> {}

  consumeTraces(spans: readonly Span[]): Promise<void> {
    const { actions, select } = this.config;
    const out = spans.map((s) => (select && !select(s) ? s : applyActions(s, actions)));
    return this.next.consumeTraces(out);
  }
}

export const attributesProcessorFactory: ProcessorFactory<AttributesProcessorConfig> = {
  kind: 'processor',
  type: 'attributes',
  parseConfig,
  createTraces: (_set, config, next) => new AttributesProcessor(config, next),
};
