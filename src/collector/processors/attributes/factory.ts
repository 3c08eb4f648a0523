/**
 * The `attributes` processor (traces, logs, metrics): insert, update, upsert, delete,
 * hash, extract or convert the attributes of spans, log records or metric data points,
 * for every item or only those `include` / `exclude` select. On logs and metrics the
 * selection may use services, attributes, resources and libraries; span_names and
 * span_kinds select spans only, and such a processor in a logs or metrics pipeline is a
 * config error.
 */
import type { Attributes } from '../../../model/index.js';
import { ConfigError } from '../../../config/errors.js';
import { signalComponent, type CreateSettings, type ProcessorFactory, type SignalComponents } from '../../component.js';
import type { Signal } from '../../component-id.js';
import type { ConfigNode } from '../../config/config-node.js';
import { consumeFn, type SignalConsumers, type SignalItems } from '../../consumer.js';
import { parseIncludeExclude, type Selector } from '../span-match/match-properties.js';
import { parseActions, type AttributeAction } from './actions.js';

export interface AttributesProcessorConfig {
  readonly actions: readonly AttributeAction[];
  /** Undefined: every item. */
  readonly select?: Selector;
}

function parseConfig(node: ConfigNode): AttributesProcessorConfig {
  const select = parseIncludeExclude(node);
  return { actions: parseActions(node), ...(select ? { select } : {}) };
}

/** Applies the actions to a copy of the attributes; the item itself when nothing changed. */
export function applyActions<T extends { readonly attributes: Attributes }>(s: T, actions: readonly AttributeAction[]): T {
  const attrs = s.attributes.slice();
  for (const a of actions) a(attrs);
  if (attrs.length === s.attributes.length && attrs.every((kv, i) => kv === s.attributes[i])) return s;
  return { ...s, attributes: attrs };
}

function createAttributes<S extends Signal>(signal: S) {
  return (set: CreateSettings, config: AttributesProcessorConfig, next: SignalConsumers[S]): SignalComponents[S] => {
    const { actions, select } = config;
    if (signal !== 'traces' && select?.spanOnly) {
      throw new ConfigError(`processors.${set.idText}`, `include/exclude use span_names or span_kinds, which select spans only; this processor cannot be used in a ${signal} pipeline`);
    }
    const forward = consumeFn(signal, next);
    return signalComponent(signal, { start: async () => {}, shutdown: async () => {} }, (items) => {
      const out = items.map((s) => (select && !select(s) ? s : applyActions(s, actions))) as SignalItems[S][];
      return forward(out);
    });
  };
}

export const attributesProcessorFactory: ProcessorFactory<AttributesProcessorConfig> = {
  kind: 'processor',
  type: 'attributes',
  parseConfig,
  createTraces: createAttributes('traces'),
  createLogs: createAttributes('logs'),
  createMetrics: createAttributes('metrics'),
};
