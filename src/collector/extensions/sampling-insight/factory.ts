/**
 * The `sampling_insight` extension (Ariadne): settings of the sampling trade-off view,
 * which runs in every collector with its defaults when the extension is not listed.
 */
import type { ExtensionFactory } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import { DEFAULT_INSIGHT_CONFIG, type SamplingInsightConfig } from '../../sampling-insight/sampling-insight.js';

function parseConfig(node: ConfigNode): SamplingInsightConfig {
  const d = DEFAULT_INSIGHT_CONFIG;
  return {
    slowThresholdMs: node.duration('slow_threshold', d.slowThresholdMs, { positive: true }),
    ringSize: node.int('ring_size', d.ringSize, 1, 10_000_000),
    summaryWaitMs: node.duration('summary_wait', d.summaryWaitMs, { positive: true }),
    maxOpenTraces: node.int('max_open_traces', d.maxOpenTraces, 1),
    attributeKeys: node.stringList('attribute_keys'),
  };
}

export const samplingInsightExtensionFactory: ExtensionFactory<SamplingInsightConfig> = {
  kind: 'extension',
  type: 'sampling_insight',
  parseConfig,
  create: (set, config) => {
    // Applied at construction, before any span arrives.
    set.host.insight.configure(config);
    return { start: async () => {}, shutdown: async () => {} };
  },
};
