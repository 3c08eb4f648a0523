/**
 * The component model of the OpenTelemetry Collector: a factory per component type
 * (`type`, config parsing with defaults and validation, one creator per supported
 * signal), components with start/shutdown, and one data-plane method per signal.
 */
import type { HostPort } from '../config/host-port.js';
import type { SpanLimits } from '../ingest/span-limits.js';
import type { Store } from '../store/index.js';
import type { AriadneMetrics } from '../telemetry/metrics.js';
import type { ComponentId, Signal } from './component-id.js';
import type { ConfigNode } from './config/config-node.js';
import { consumerOf, type LogsConsumer, type MetricsConsumer, type SignalItems, type TracesConsumer } from './consumer.js';
import type { Telemetry } from './telemetry.js';
import type { SamplingInsight } from './sampling-insight/sampling-insight.js';

export type Kind = 'receiver' | 'processor' | 'exporter' | 'connector' | 'extension';

/** What every component gets from the running service. */
export interface Host {
  readonly metrics: AriadneMetrics;
  readonly telemetry: Telemetry;
  readonly log: (message: string) => void;
  /** Limits every receiver applies to incoming spans. */
  readonly spanLimits: SpanLimits;
  /** Sampling trade-off counters and the what-if ring (one per process). */
  readonly insight: SamplingInsight;
  /**
   * A store, shared by every component that asks for the same one: DuckDB under a data
   * directory, or a ClickHouse store when `storage` is a ClickHouse URL.
   */
  openStore(location: StoreLocation): Promise<Store>;
  /** Records a listener so the CLI prints `ariadne: NAME listening on HOST:PORT`. */
  announce(name: string, address: HostPort): void;
  /** False until every component started, and again once shutdown began (health checks). */
  isReady(): boolean;
}

/** Where an `ariadne` exporter writes: at most one of the two is set (neither: the default). */
export interface StoreLocation {
  /** A DuckDB store's directory. */
  readonly dataDir?: string;
  /** A ClickHouse URL (clickhouse://USER:PASSWORD@HOST:8123/DB, http(s)://, chdb:PATH). */
  readonly storage?: string;
  /** Replicated + Distributed tables on this ClickHouse cluster. */
  readonly clickhouseCluster?: string;
}

export interface CreateSettings {
  readonly id: ComponentId;
  /** `type/name`, for logs and metric labels. */
  readonly idText: string;
  readonly host: Host;
}

/** Lifecycle: start may bind sockets and begin timers; shutdown is idempotent and flushes. */
export interface Component {
  start(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface TracesComponent extends Component, TracesConsumer {}
export interface LogsComponent extends Component, LogsConsumer {}
export interface MetricsComponent extends Component, MetricsConsumer {}

export interface SignalComponents {
  traces: TracesComponent;
  logs: LogsComponent;
  metrics: MetricsComponent;
}

/**
 * A component of `signal` from a lifecycle and one consume function: how a processor or
 * exporter written once, generic over the signal, answers createTraces/Logs/Metrics.
 */
export function signalComponent<S extends Signal>(signal: S, lifecycle: Component, consume: (items: readonly SignalItems[S][]) => Promise<void>): SignalComponents[S] {
  return Object.assign(consumerOf(signal, consume), {
    start: () => lifecycle.start(),
    shutdown: () => lifecycle.shutdown(),
  }) as unknown as SignalComponents[S];
}

interface FactoryBase<C> {
  readonly type: string;
  /**
   * Reads this component's config mapping. Absent keys take the Collector's defaults;
   * a bad or unknown key throws ConfigError naming its path. `parseConfig(empty)` is the
   * default config.
   */
  parseConfig(node: ConfigNode): C;
}

export interface ReceiverFactory<C = unknown> extends FactoryBase<C> {
  readonly kind: 'receiver';
  createTraces?(set: CreateSettings, config: C, next: TracesConsumer): Component;
  createLogs?(set: CreateSettings, config: C, next: LogsConsumer): Component;
  createMetrics?(set: CreateSettings, config: C, next: MetricsConsumer): Component;
}

export interface ProcessorFactory<C = unknown> extends FactoryBase<C> {
  readonly kind: 'processor';
  createTraces?(set: CreateSettings, config: C, next: TracesConsumer): TracesComponent;
  createLogs?(set: CreateSettings, config: C, next: LogsConsumer): LogsComponent;
  createMetrics?(set: CreateSettings, config: C, next: MetricsConsumer): MetricsComponent;
}

export interface ExporterFactory<C = unknown> extends FactoryBase<C> {
  readonly kind: 'exporter';
  createTraces?(set: CreateSettings, config: C): TracesComponent;
  createLogs?(set: CreateSettings, config: C): LogsComponent;
  createMetrics?(set: CreateSettings, config: C): MetricsComponent;
}

export interface ConnectorFactory<C = unknown> extends FactoryBase<C> {
  readonly kind: 'connector';
  createTracesToMetrics?(set: CreateSettings, config: C, next: MetricsConsumer): TracesComponent;
  createTracesToTraces?(set: CreateSettings, config: C, next: TracesConsumer): TracesComponent;
}

export interface ExtensionFactory<C = unknown> extends FactoryBase<C> {
  readonly kind: 'extension';
  create(set: CreateSettings, config: C): Component;
}

export type Factory = ReceiverFactory | ProcessorFactory | ExporterFactory | ConnectorFactory | ExtensionFactory;

/** The signals a receiver/processor/exporter factory supports. */
export function signalsOf(f: ReceiverFactory | ProcessorFactory | ExporterFactory): Signal[] {
  const out: Signal[] = [];
  if (f.createTraces) out.push('traces');
  if (f.createMetrics) out.push('metrics');
  if (f.createLogs) out.push('logs');
  return out;
}

/** The (exporter signal -> receiver signal) pairs a connector factory supports. */
export function connectorPairs(f: ConnectorFactory): [Signal, Signal][] {
  const out: [Signal, Signal][] = [];
  if (f.createTracesToMetrics) out.push(['traces', 'metrics']);
  if (f.createTracesToTraces) out.push(['traces', 'traces']);
  return out;
}
