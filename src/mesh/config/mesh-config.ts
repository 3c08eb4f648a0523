/**
 * Configuration of the edge gateway and the sidecar: a YAML file (`--config FILE`)
 * whose keys mirror the flags, with flags overriding it. Every field's default is in
 * DEFAULT_COMMON, DEFAULT_EDGE and DEFAULT_SIDECAR.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigError } from '../../config/errors.js';
import type { HostPort } from '../../config/host-port.js';
import { validatePropagatorConfig, type PropagatorConfig, type PropagatorName } from '../../propagation/index.js';
// Not start-config's substituteEnv: importing start-config loads the whole collector
// (gRPC, protobuf schemas) into every sidecar, ~20 MiB of RSS for one regex.
import { expandEnv } from '../../collector/config/expand-env.js';
import { YamlReader } from './yaml-reader.js';

export interface ProxyTimeouts {
  /** TCP connect to an upstream; beyond it the request fails with 504. */
  readonly connectMs: number;
  /** Request sent -> response headers received; beyond it 504. */
  readonly headersMs: number;
  /** Longest pause between two body chunks; beyond it the exchange is cut. */
  readonly bodyMs: number;
}

export interface ExportConfig {
  /** OTLP/HTTP traces URL; empty disables export (spans are not even built). */
  readonly endpoint: string;
  /** Spans waiting at most; beyond it new spans are dropped and counted. */
  readonly queueSize: number;
  readonly maxBatchSize: number;
  readonly flushIntervalMs: number;
  /** One export request at most; then its spans are dropped (export_timeout). */
  readonly timeoutMs: number;
  /** OTLP/HTTP logs URL; absent: `endpoint` with /v1/traces -> /v1/logs; empty disables logs. */
  readonly logsEndpoint?: string;
  /** OTLP/HTTP metrics URL; absent: `endpoint` with /v1/traces -> /v1/metrics; empty disables metrics. */
  readonly metricsEndpoint?: string;
  /** Log records waiting at most; beyond it new records are dropped and counted. */
  readonly logQueueSize: number;
  /** How often the proxy's own metrics (CPU, memory, network, durations) are read and sent. */
  readonly metricsIntervalMs: number;
}

export interface CommonMeshConfig {
  /** service.name of the spans. */
  readonly service: string;
  /** service.instance.id; absent: none. */
  readonly instance?: string;
  /**
   * More resource attributes for spans, logs and metrics, e.g. the pod's `k8s.pod.name`,
   * `k8s.namespace.name`, `k8s.node.name`; OTEL_RESOURCE_ATTRIBUTES is read under them.
   */
  readonly resourceAttributes: readonly (readonly [string, string])[];
  readonly admin: HostPort;
  /** Head-sampling probability for traces started here; incoming decisions are respected. */
  readonly sample: number;
  readonly propagation: PropagatorConfig;
  readonly export: ExportConfig;
  readonly timeouts: ProxyTimeouts;
  /** Keep-alive connections per upstream endpoint at most. */
  readonly maxConnections: number;
}

export interface RouteConfig {
  readonly prefix: string;
  readonly endpoints: readonly HostPort[];
}

export interface EdgeConfig extends CommonMeshConfig {
  readonly listen: HostPort;
  readonly routes: readonly RouteConfig[];
}

export interface UpstreamConfig {
  readonly name: string;
  readonly endpoint: HostPort;
}

export interface SidecarConfig extends CommonMeshConfig {
  readonly listen: HostPort;
  /** Required: where the app listens. */
  readonly app?: HostPort;
  /** Request sent to the app -> its response headers; the `timeouts` apply to egress calls. */
  readonly appTimeoutMs: number;
  readonly egress: HostPort;
  /** NAME=HOST:PORT pairs; a name given twice is one upstream with two endpoints. */
  readonly upstreams: readonly UpstreamConfig[];
}

export const DEFAULT_OTLP_URL = 'http://127.0.0.1:4318/v1/traces';

export const DEFAULT_EXPORT: ExportConfig = {
  endpoint: DEFAULT_OTLP_URL,
  queueSize: 2048,
  maxBatchSize: 256,
  flushIntervalMs: 1000,
  timeoutMs: 5000,
  logQueueSize: 512,
  metricsIntervalMs: 10_000,
};

export const DEFAULT_TIMEOUTS: ProxyTimeouts = { connectMs: 2000, headersMs: 15_000, bodyMs: 30_000 };

const DEFAULT_COMMON: Omit<CommonMeshConfig, 'service'> = {
  admin: { host: '127.0.0.1', port: 0 },
  resourceAttributes: [],
  sample: 1,
  propagation: {},
  export: DEFAULT_EXPORT,
  timeouts: DEFAULT_TIMEOUTS,
  maxConnections: 128,
};

export const DEFAULT_EDGE: EdgeConfig = {
  ...DEFAULT_COMMON,
  service: 'edge',
  listen: { host: '127.0.0.1', port: 8080 },
  routes: [],
};

/** Istio's ports: 15006 inbound, 15001 outbound. */
export const DEFAULT_SIDECAR: SidecarConfig = {
  ...DEFAULT_COMMON,
  service: '',
  listen: { host: '127.0.0.1', port: 15006 },
  egress: { host: '127.0.0.1', port: 15001 },
  appTimeoutMs: 60_000,
  upstreams: [],
};

const COMMON_KEYS = ['service', 'instance', 'resource_attributes', 'admin', 'sampling', 'propagation', 'exporter', 'timeouts', 'max_connections_per_endpoint'];

/**
 * The YAML parser, loaded only when a proxy is given a config file: it and node's
 * CommonJS loader cost a proxy started from flags ~7 MiB of RSS for nothing.
 */
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml.parse(text);
}

function readYaml(file: string): YamlReader {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError('', `cannot read config file '${file}': ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError('', `not valid YAML: ${(err as Error).message}`);
  }
  // After parsing, in scalars only, as the OpenTelemetry Collector does: `${env:VAR}`.
  return YamlReader.of(expandEnv(doc), '');
}

function readCommon<T extends CommonMeshConfig>(root: YamlReader, base: T): T {
  const sampling = root.section('sampling');
  sampling.allowOnly(['probability']);
  const propagation = root.section('propagation');
  propagation.allowOnly(['extract', 'inject']);
  const extract = propagation.stringList('extract');
  const inject = propagation.stringList('inject');
  const problems = validatePropagatorConfig({ ...(extract ? { extract } : {}), ...(inject ? { inject } : {}) });
  if (problems.length > 0) throw new ConfigError(propagation.path, problems.join('; '));
  const exporter = root.section('exporter');
  exporter.allowOnly(['endpoint', 'queue_size', 'max_batch_size', 'flush_interval', 'timeout', 'logs_endpoint', 'metrics_endpoint', 'logs_queue_size', 'metrics_interval']);
  const attrs = root.section('resource_attributes');
  const resourceAttributes = attrs.keys().map((k): [string, string] => {
    const v = attrs.raw(k);
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new ConfigError(attrs.key(k), 'must be a string');
    return [k, String(v)];
  });
  const timeouts = root.section('timeouts');
  timeouts.allowOnly(['connect', 'headers', 'body']);
  return {
    ...base,
    service: root.string('service') ?? base.service,
    ...(root.has('instance') ? { instance: root.string('instance') } : {}),
    resourceAttributes: resourceAttributes.length > 0 ? resourceAttributes : base.resourceAttributes,
    admin: root.endpoint('admin') ?? base.admin,
    sample: sampling.number('probability', 0, 1) ?? base.sample,
    propagation: {
      ...base.propagation,
      ...(extract ? { extract: extract as PropagatorName[] } : {}),
      ...(inject ? { inject: inject as PropagatorName[] } : {}),
    },
    export: {
      endpoint: exporter.has('endpoint') ? urlValue(exporter.raw('endpoint'), exporter.key('endpoint')) : base.export.endpoint,
      queueSize: exporter.int('queue_size', 1) ?? base.export.queueSize,
      maxBatchSize: exporter.int('max_batch_size', 1) ?? base.export.maxBatchSize,
      flushIntervalMs: exporter.durationMs('flush_interval') ?? base.export.flushIntervalMs,
      timeoutMs: exporter.durationMs('timeout') ?? base.export.timeoutMs,
      ...optionalUrl(exporter, 'logs_endpoint', 'logsEndpoint', base.export.logsEndpoint),
      ...optionalUrl(exporter, 'metrics_endpoint', 'metricsEndpoint', base.export.metricsEndpoint),
      logQueueSize: exporter.int('logs_queue_size', 1) ?? base.export.logQueueSize,
      metricsIntervalMs: exporter.durationMs('metrics_interval') ?? base.export.metricsIntervalMs,
    },
    timeouts: {
      connectMs: timeouts.durationMs('connect') ?? base.timeouts.connectMs,
      headersMs: timeouts.durationMs('headers') ?? base.timeouts.headersMs,
      bodyMs: timeouts.durationMs('body') ?? base.timeouts.bodyMs,
    },
    maxConnections: root.int('max_connections_per_endpoint', 1, 65_536) ?? base.maxConnections,
  };
}

function optionalUrl<K extends 'logsEndpoint' | 'metricsEndpoint'>(r: YamlReader, key: string, field: K, base: string | undefined): { [P in K]?: string } {
  if (r.has(key)) return { [field]: urlValue(r.raw(key), r.key(key)) } as { [P in K]?: string };
  return base !== undefined ? ({ [field]: base } as { [P in K]?: string }) : {};
}

/**
 * Where logs or metrics go: their own URL when one is set, else the traces URL's
 * sibling (`.../v1/traces` -> `.../v1/logs`), as OTLP/HTTP lays them out; '' (off)
 * when neither applies.
 */
export function signalEndpoint(e: ExportConfig, signal: 'logs' | 'metrics'): string {
  const own = signal === 'logs' ? e.logsEndpoint : e.metricsEndpoint;
  if (own !== undefined) return own;
  return /\/v1\/traces\/?$/.test(e.endpoint) ? e.endpoint.replace(/\/v1\/traces\/?$/, `/v1/${signal}`) : '';
}

/** An http(s) URL, or '' (export disabled); the error names the key. */
export function urlValue(v: unknown, keyPath: string): string {
  if (v === '') return '';
  if (typeof v !== 'string') throw new ConfigError(keyPath, 'must be a URL string such as http://127.0.0.1:4318/v1/traces');
  const problem = checkOtlpUrl(v);
  if (problem !== undefined) throw new ConfigError(keyPath, problem);
  return v;
}

export function checkOtlpUrl(v: string): string | undefined {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return `'${v}' is not a URL (for example http://127.0.0.1:4318/v1/traces)`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `'${v}' must be an http:// or https:// URL`;
  return undefined;
}

export function loadEdgeConfig(file: string, base: EdgeConfig = DEFAULT_EDGE): EdgeConfig {
  const root = readYaml(file);
  root.allowOnly([...COMMON_KEYS, 'listen', 'routes']);
  const routesReader = root.section('routes');
  const routes: RouteConfig[] = routesReader.keys().map((prefix) => {
    if (!prefix.startsWith('/')) throw new ConfigError(routesReader.key(prefix), `a route prefix starts with '/'`);
    return { prefix, endpoints: routesReader.endpoints(prefix) };
  });
  const common = readCommon(root, base);
  return { ...common, listen: root.endpoint('listen') ?? base.listen, routes: routes.length > 0 ? routes : base.routes };
}

export function loadSidecarConfig(file: string, base: SidecarConfig = DEFAULT_SIDECAR): SidecarConfig {
  const root = readYaml(file);
  root.allowOnly([...COMMON_KEYS, 'listen', 'app', 'app_timeout', 'egress', 'upstreams']);
  const ups = root.section('upstreams');
  const upstreams: UpstreamConfig[] = ups.keys().flatMap((name) => ups.endpoints(name).map((endpoint) => ({ name, endpoint })));
  const common = readCommon(root, base);
  const app = root.endpoint('app') ?? base.app;
  return {
    ...common,
    listen: root.endpoint('listen') ?? base.listen,
    ...(app !== undefined ? { app } : {}),
    egress: root.endpoint('egress') ?? base.egress,
    appTimeoutMs: root.durationMs('app_timeout') ?? base.appTimeoutMs,
    upstreams: upstreams.length > 0 ? upstreams : base.upstreams,
  };
}
