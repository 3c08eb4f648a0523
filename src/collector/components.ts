/** Every component Ariadne's collector knows: one line per component. */
import type { Factory } from './component.js';
import { ComponentRegistry } from './registry.js';
import { otlpReceiverFactory } from './receivers/otlp/factory.js';
import { zipkinReceiverFactory } from './receivers/zipkin/factory.js';
import { batchProcessorFactory } from './processors/batch/factory.js';
import { memoryLimiterProcessorFactory } from './processors/memory-limiter/factory.js';
import { probabilisticSamplerProcessorFactory } from './processors/probabilistic-sampler/factory.js';
import { attributesProcessorFactory } from './processors/attributes/factory.js';
import { filterProcessorFactory } from './processors/filter/factory.js';
import { tailSamplingProcessorFactory } from './processors/tail-sampling/factory.js';
import { ariadneExporterFactory } from './exporters/ariadne/factory.js';
import { otlpExporterFactory } from './exporters/otlp/factory.js';
import { otlphttpExporterFactory } from './exporters/otlphttp/factory.js';
import { zipkinExporterFactory } from './exporters/zipkin/factory.js';
import { debugExporterFactory } from './exporters/debug/factory.js';
import { nopExporterFactory } from './exporters/nop/factory.js';
import { loadbalancingExporterFactory } from './exporters/loadbalancing/factory.js';
import { healthCheckExtensionFactory } from './extensions/health-check/factory.js';
import { samplingInsightExtensionFactory } from './extensions/sampling-insight/factory.js';
import { forwardConnectorFactory } from './connectors/forward/factory.js';
import { spanmetricsConnectorFactory } from './connectors/spanmetrics/factory.js';
import { servicegraphConnectorFactory } from './connectors/servicegraph/factory.js';
import { prometheusExporterFactory } from './exporters/prometheus/factory.js';

export const FACTORIES: readonly Factory[] = [
  otlpReceiverFactory,
  zipkinReceiverFactory,
  batchProcessorFactory,
  memoryLimiterProcessorFactory,
  probabilisticSamplerProcessorFactory,
  attributesProcessorFactory,
  filterProcessorFactory,
  tailSamplingProcessorFactory,
  ariadneExporterFactory,
  otlpExporterFactory,
  otlphttpExporterFactory,
  zipkinExporterFactory,
  debugExporterFactory,
  nopExporterFactory,
  loadbalancingExporterFactory,
  prometheusExporterFactory,
  forwardConnectorFactory,
  spanmetricsConnectorFactory,
  servicegraphConnectorFactory,
  healthCheckExtensionFactory,
  samplingInsightExtensionFactory,
] as Factory[];

export function defaultRegistry(): ComponentRegistry {
  return new ComponentRegistry(FACTORIES);
}
