/** The `forward` connector: passes traces from one pipeline into others, as the Collector's forwardconnector. */
import type { ConnectorFactory, TracesComponent } from '../../component.js';
import type { TracesConsumer } from '../../consumer.js';

function forward(next: TracesConsumer): TracesComponent {
  return {
    start: async () => {},
    shutdown: async () => {},
    consumeTraces: (spans) => next.consumeTraces(spans),
  };
}

export const forwardConnectorFactory: ConnectorFactory<Record<string, never>> = {
  kind: 'connector',
  type: 'forward',
  parseConfig: () => ({}),
  createTracesToTraces: (_set, _config, next) => forward(next),
};
