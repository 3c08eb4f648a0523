/**
 * The Collector-shaped configuration: `receivers`, `processors`, `exporters`,
 * `connectors`, `extensions` and `service` (`extensions`, `pipelines`, `telemetry`).
 * Parsing validates every configured component through its factory (used in a pipeline
 * or not, as the Collector does) and every reference between them.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../../config/errors.js';
import type {
  ConnectorFactory,
  ExporterFactory,
  ExtensionFactory,
  Factory,
  Kind,
  ProcessorFactory,
  ReceiverFactory,
} from '../component.js';
import { connectorPairs, signalsOf } from '../component.js';
import {
  formatComponentId,
  formatPipelineId,
  parseComponentId,
  parsePipelineId,
  type ComponentId,
  type PipelineId,
  type Signal,
} from '../component-id.js';
import { PipelineGraph } from '../graph/graph.js';
import type { ComponentRegistry } from '../registry.js';
import { ConfigNode } from './config-node.js';
import type { Endpoint } from './endpoint.js';
import { expandEnv } from './expand-env.js';

export interface ComponentConfig<F extends Factory = Factory> {
  readonly id: ComponentId;
  readonly idText: string;
  readonly factory: F;
  readonly config: unknown;
}

export interface PipelineConfig {
  readonly id: PipelineId;
  readonly idText: string;
  readonly receivers: readonly string[];
  readonly processors: readonly string[];
  readonly exporters: readonly string[];
}

export type TelemetryLevel = 'none' | 'basic' | 'normal' | 'detailed';

export interface TelemetryConfig {
  /** service.telemetry.metrics.level; `none` serves no telemetry endpoint. */
  readonly metricsLevel: TelemetryLevel;
  /** Where /metrics (and the sampling API) are served; default localhost:8888. */
  readonly metricsAddress: Endpoint;
  /** service.telemetry.logs.level. */
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export interface CollectorConfig {
  readonly receivers: ReadonlyMap<string, ComponentConfig<ReceiverFactory>>;
  readonly processors: ReadonlyMap<string, ComponentConfig<ProcessorFactory>>;
  readonly exporters: ReadonlyMap<string, ComponentConfig<ExporterFactory>>;
  readonly connectors: ReadonlyMap<string, ComponentConfig<ConnectorFactory>>;
  readonly extensions: ReadonlyMap<string, ComponentConfig<ExtensionFactory>>;
  readonly service: {
    readonly extensions: readonly string[];
    readonly pipelines: readonly PipelineConfig[];
    readonly telemetry: TelemetryConfig;
  };
}

export const TOP_LEVEL_KEYS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions', 'service'] as const;

const SECTION_KIND: Record<string, Kind> = {
  receivers: 'receiver',
  processors: 'processor',
  exporters: 'exporter',
  connectors: 'connector',
  extensions: 'extension',
};

function parseSection<F extends Factory>(root: ConfigNode, section: string, registry: ComponentRegistry): Map<string, ComponentConfig<F>> {
  const kind = SECTION_KIND[section]!;
  const node: ConfigNode = root.section(section);
  const out = new Map<string, ComponentConfig<F>>();
  for (const key of node.keys()) {
    const id = parseComponentId(key);
    if (typeof id === 'string') node.fail(key, id);
    const factory = registry.get(kind, id.type) as F | undefined;
    if (!factory) {
      throw new ConfigError(node.keyPath(key), `unknown ${kind} type "${id.type}"; supported ${kind}s: ${registry.types(kind).join(', ') || '(none)'}`);
    }
    const idText = formatComponentId(id);
    if (out.has(idText)) node.fail(key, `duplicate ${kind} id "${idText}"`);
    const cfgNode = node.section(key);
    const config = factory.parseConfig(cfgNode);
    cfgNode.done();
    out.set(idText, { id, idText, factory, config });
  }
  return out;
}

function parseTelemetry(service: ConfigNode): TelemetryConfig {
  const t = service.section('telemetry');
  const metrics = t.section('metrics');
  const level = metrics.enumOf('level', ['none', 'basic', 'normal', 'detailed'] as const, 'normal');
  let address = metrics.endpoint('address', 'localhost:8888');
  // The newer form: readers: [{ pull: { exporter: { prometheus: { host, port } } } }].
  for (const reader of metrics.list('readers')) {
    const prom = reader.section('pull').section('exporter').section('prometheus');
    const host = prom.string('host', 'localhost');
    const port = prom.int('port', 8888, 0, 65535);
    prom.accept('without_units', 'without_type_suffix', 'without_scope_info', 'with_resource_constant_labels');
    reader.unsupported('periodic', 'only pull (prometheus) readers exist; Ariadne serves /metrics');
    address = { host, port };
  }
  const logs = t.section('logs');
  const logLevel = logs.enumOf('level', ['debug', 'info', 'warn', 'error'] as const, 'info');
  // Encoding and sampling shape the Collector's zap logger; Ariadne logs one line per event to stderr.
  logs.accept('encoding', 'development', 'disable_caller', 'disable_stacktrace', 'sampling', 'output_paths', 'error_output_paths', 'initial_fields');
  // Resource attributes of the Collector's own telemetry; Ariadne's /metrics carries none.
  t.accept('resource');
  t.unsupported('traces', 'Ariadne does not trace itself');
  return { metricsLevel: level, metricsAddress: address, logLevel };
}

function refs(node: ConfigNode, key: string, known: ReadonlyMap<string, unknown>, also: ReadonlyMap<string, unknown> | undefined, what: string): string[] {
  const list = node.stringList(key);
  const seen = new Set<string>();
  return list.map((text, i) => {
    const id = parseComponentId(text);
    const at = `${node.keyPath(key)}[${i}]`;
    if (typeof id === 'string') throw new ConfigError(at, id);
    const idText = formatComponentId(id);
    if (!known.has(idText) && !also?.has(idText)) throw new ConfigError(at, `references ${what} "${idText}" which is not configured`);
    if (seen.has(idText)) throw new ConfigError(at, `references ${what} "${idText}" more than once`);
    seen.add(idText);
    return idText;
  });
}

/** Validates a parsed document (after ${env:} expansion) into a CollectorConfig. */
export function parseCollectorConfig(doc: unknown, registry: ComponentRegistry): CollectorConfig {
  const root = ConfigNode.of(doc, '');
  const receivers = parseSection<ReceiverFactory>(root, 'receivers', registry);
  const processors = parseSection<ProcessorFactory>(root, 'processors', registry);
  const exporters = parseSection<ExporterFactory>(root, 'exporters', registry);
  const connectors = parseSection<ConnectorFactory>(root, 'connectors', registry);
  const extensions = parseSection<ExtensionFactory>(root, 'extensions', registry);
  for (const [id] of connectors) {
    if (receivers.has(id) || exporters.has(id)) {
      root.fail('connectors', `connector "${id}" has the same id as a receiver or exporter; rename one of them`);
    }
  }

  const service = root.section('service');
  const serviceExtensions = refs(service, 'extensions', extensions, undefined, 'extension');
  const telemetry = parseTelemetry(service);
  const pipelinesNode: ConfigNode = service.section('pipelines');
  const pipelines: PipelineConfig[] = [];
  for (const key of pipelinesNode.keys()) {
    const id = parsePipelineId(key);
    if (typeof id === 'string') pipelinesNode.fail(key, id);
    const p = pipelinesNode.section(key);
    const pr = refs(p, 'receivers', receivers, connectors, 'receiver');
    const pp = refs(p, 'processors', processors, undefined, 'processor');
    const pe = refs(p, 'exporters', exporters, connectors, 'exporter');
    if (pr.length === 0) p.fail('receivers', 'must have at least one receiver');
    if (pe.length === 0) p.fail('exporters', 'must have at least one exporter');
    const idText = formatPipelineId(id);
    checkSignals(p, id.signal, pr, 'receivers', receivers, connectors);
    checkSignals(p, id.signal, pp, 'processors', processors, undefined);
    checkSignals(p, id.signal, pe, 'exporters', exporters, connectors);
    pipelines.push({ id, idText, receivers: pr, processors: pp, exporters: pe });
  }
  if (pipelines.length === 0) service.fail('pipelines', 'must have at least one pipeline');
  service.done();
  checkConnectors(pipelines, connectors);
  root.done();
  const config: CollectorConfig = { receivers, processors, exporters, connectors, extensions, service: { extensions: serviceExtensions, pipelines, telemetry } };
  new PipelineGraph(config); // nodes, edges and sort only: a cycle is a config error
  return config;
}

function checkSignals(
  p: ConfigNode,
  signal: Signal,
  ids: readonly string[],
  key: string,
  components: ReadonlyMap<string, ComponentConfig<ReceiverFactory | ProcessorFactory | ExporterFactory>>,
  connectors: ReadonlyMap<string, ComponentConfig<ConnectorFactory>> | undefined,
): void {
  ids.forEach((id, i) => {
    if (connectors?.has(id)) return; // checked with both of its pipelines
    const c = components.get(id)!;
    const signals = signalsOf(c.factory);
    if (!signals.includes(signal)) {
      throw new ConfigError(
        `${p.keyPath(key)}[${i}]`,
        `${c.factory.kind} "${id}" does not support ${signal}${signals.length ? ` (it supports ${signals.join(', ')})` : ''}`,
      );
    }
  });
}

/** A connector used as an exporter must be a receiver of a pipeline it can feed, and the other way round. */
function checkConnectors(pipelines: readonly PipelineConfig[], connectors: ReadonlyMap<string, ComponentConfig<ConnectorFactory>>): void {
  for (const [id, c] of connectors) {
    const pairs = connectorPairs(c.factory);
    const asExporter = pipelines.filter((p) => p.exporters.includes(id));
    const asReceiver = pipelines.filter((p) => p.receivers.includes(id));
    for (const p of asExporter) {
      if (!asReceiver.some((q) => pairs.some(([from, to]) => from === p.id.signal && to === q.id.signal))) {
        throw new ConfigError(
          `service.pipelines.${p.idText}.exporters`,
          `connector "${id}" used as exporter in ${p.id.signal} pipeline but not used in any supported receiver pipeline (it feeds ${pairs.map(([f, t]) => `${f} -> ${t}`).join(', ')})`,
        );
      }
    }
    for (const q of asReceiver) {
      if (!asExporter.some((p) => pairs.some(([from, to]) => from === p.id.signal && to === q.id.signal))) {
        throw new ConfigError(
          `service.pipelines.${q.idText}.receivers`,
          `connector "${id}" used as receiver in ${q.id.signal} pipeline but not used in any supported exporter pipeline`,
        );
      }
    }
  }
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Deep merge of config documents, later ones winning; lists are replaced, as the Collector merges --config files. */
export function mergeDocs(a: unknown, b: unknown): unknown {
  if (!isObj(a) || !isObj(b)) return b === undefined ? a : b;
  const out: Obj = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? mergeDocs(out[k], v) : v;
  return out;
}

/** YAML text -> document with ${env:VAR} expanded. */
export function parseConfigText(text: string, source: string, env: NodeJS.ProcessEnv = process.env): unknown {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError('', `${source} is not valid YAML: ${(err as Error).message}`);
  }
  return expandEnv(doc, env);
}

/**
 * A `--config` value as the Collector takes it: a file path (or `file:PATH`),
 * `env:VAR` (YAML in a variable) or `yaml:key: value` inline.
 */
export function readConfigSource(source: string, env: NodeJS.ProcessEnv = process.env): unknown {
  if (source.startsWith('yaml:')) return parseConfigText(source.slice(5), 'the yaml: config', env);
  if (source.startsWith('env:')) {
    const name = source.slice(4);
    const v = env[name];
    if (v === undefined) throw new ConfigError('', `config source env:${name}: the variable is not set`);
    return parseConfigText(v, `env:${name}`, env);
  }
  const file = source.startsWith('file:') ? source.slice(5) : source;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError('', `cannot read config file '${file}': ${(err as Error).message}`);
  }
  return parseConfigText(text, `config file '${file}'`, env);
}

export function loadConfigSources(sources: readonly string[], env: NodeJS.ProcessEnv = process.env): unknown {
  let doc: unknown = {};
  for (const s of sources) doc = mergeDocs(doc, readConfigSource(s, env));
  return doc;
}
