import type { Span } from '../model/index.js';

/** The data plane between components: resolves when the next component has taken the spans. */
export interface TracesConsumer {
  consumeTraces(spans: readonly Span[]): Promise<void>;
}
