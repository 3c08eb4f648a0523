/**
 * Flags the edge and the sidecar share, applied over the config file. Every error
 * names its flag (the CLI turns it into exit code 2).
 */
import { parseHostPort, type HostPort } from '../../config/host-port.js';
import { PROPAGATOR_NAMES, propagatorNamesFromList, validatePropagatorConfig, type PropagatorName } from '../../propagation/index.js';
import { parseDurationMs } from '../duration.js';
import { checkOtlpUrl, type CommonMeshConfig } from './mesh-config.js';

export class FlagError extends Error {
  constructor(
    readonly flag: string,
    problem: string,
  ) {
    super(`--${flag}: ${problem}`);
    this.name = 'FlagError';
  }
}

export const COMMON_FLAG_OPTIONS = {
  config: { type: 'string' },
  service: { type: 'string' },
  instance: { type: 'string' },
  'resource-attributes': { type: 'string', multiple: true },
  admin: { type: 'string' },
  otlp: { type: 'string' },
  'otlp-logs': { type: 'string' },
  'otlp-metrics': { type: 'string' },
  'log-queue-size': { type: 'string' },
  'metrics-interval': { type: 'string' },
  sample: { type: 'string' },
  extract: { type: 'string' },
  inject: { type: 'string' },
  'connect-timeout': { type: 'string' },
  'headers-timeout': { type: 'string' },
  'body-timeout': { type: 'string' },
  'export-queue-size': { type: 'string' },
  'export-batch-size': { type: 'string' },
  'export-interval': { type: 'string' },
  'export-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COMMON_FLAGS_HELP = `  --service NAME           service.name of the spans
  --instance ID            service.instance.id of the spans (default: none)
  --resource-attributes KEY=VALUE[,KEY=VALUE...]
                           more resource attributes of spans, logs and metrics, e.g. the
                           pod's k8s.pod.name, k8s.namespace.name, k8s.node.name; over
                           OTEL_RESOURCE_ATTRIBUTES; repeatable
  --admin HOST:PORT        /metrics, /healthz, /readyz (default 127.0.0.1:0, a free port)
  --otlp URL               OTLP/HTTP traces endpoint (default http://127.0.0.1:4318/v1/traces;
                           '' disables export)
  --otlp-logs URL          OTLP/HTTP logs endpoint: a record per failed request, in its
                           span's context (default: --otlp with /v1/logs; '' disables)
  --otlp-metrics URL       OTLP/HTTP metrics endpoint: the proxy's CPU, memory, network
                           and request durations (default: --otlp with /v1/metrics; '' disables)
  --metrics-interval DUR   how often those metrics are read and sent (default 10s)
  --log-queue-size N       log records waiting for export at most; more are dropped (default 512)
  --sample PROBABILITY     head sampling of traces started here, 0 to 1 (default 1);
                           incoming sampling decisions are always respected
  --extract LIST           context formats read, in order (default tracecontext,baggage,b3,b3multi)
  --inject LIST            context formats written (default tracecontext,baggage,b3multi)
  --connect-timeout DUR    upstream connect timeout; beyond it 504 (default 2s)
  --headers-timeout DUR    request sent to response headers; beyond it 504 (default 15s)
  --body-timeout DUR       longest pause inside a response body (default 30s)
  --export-queue-size N    spans waiting for export at most; more are dropped (default 2048)
  --export-batch-size N    spans per export request at most (default 256)
  --export-interval DUR    a partial batch waits at most this long (default 1s)
  --export-timeout DUR     one export request at most (default 5s)
  --config FILE            YAML configuration; flags override it
  -h, --help               show this help
`;

export type FlagValues = Partial<Record<string, string | boolean | string[] | undefined>>;

export function hostPortFlag(flag: string, value: string | undefined): HostPort | undefined {
  if (value === undefined) return undefined;
  const hp = parseHostPort(value);
  if (typeof hp === 'string') throw new FlagError(flag, hp);
  return hp;
}

export function durationFlag(flag: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDurationMs(value);
  if (typeof ms === 'string') throw new FlagError(flag, ms);
  if (ms < min) throw new FlagError(flag, `must be at least ${min} ms`);
  return ms;
}

function intFlag(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new FlagError(flag, `'${value}' is not an integer from ${min} to ${max}`);
  }
  return n;
}

function probabilityFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new FlagError(flag, `'${value}' is not a probability from 0 to 1`);
  return n;
}

function propagatorsFlag(flag: 'extract' | 'inject', value: string | undefined): PropagatorName[] | undefined {
  if (value === undefined) return undefined;
  const names = propagatorNamesFromList(value);
  const problems = validatePropagatorConfig({ [flag]: names });
  if (problems.length > 0) throw new FlagError(flag, `${problems.join('; ')} (formats: ${PROPAGATOR_NAMES.join(', ')}, or none)`);
  return names as PropagatorName[];
}

function stringFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new FlagError(flag, 'must not be empty');
  return value;
}

function optionalUrlFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return value;
  const problem = checkOtlpUrl(value);
  if (problem !== undefined) throw new FlagError(flag, problem);
  return value;
}

export function applyCommonFlags<T extends CommonMeshConfig>(base: T, v: FlagValues): T {
  const s = (k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const otlp = s('otlp');
  if (otlp !== undefined && otlp !== '') {
    const problem = checkOtlpUrl(otlp);
    if (problem !== undefined) throw new FlagError('otlp', problem);
  }
  const extract = propagatorsFlag('extract', s('extract'));
  const inject = propagatorsFlag('inject', s('inject'));
  const instance = stringFlag('instance', s('instance'));
  const logsUrl = optionalUrlFlag('otlp-logs', s('otlp-logs'));
  const metricsUrl = optionalUrlFlag('otlp-metrics', s('otlp-metrics'));
  const attributes = pairsFlag('resource-attributes', v['resource-attributes'] as string[] | undefined, 'KEY=VALUE').map(({ key, value }): [string, string] => [key, value]);
  return {
    ...base,
    service: stringFlag('service', s('service')) ?? base.service,
    ...(instance !== undefined ? { instance } : {}),
    resourceAttributes: attributes.length > 0 ? attributes : base.resourceAttributes,
    admin: hostPortFlag('admin', s('admin')) ?? base.admin,
    sample: probabilityFlag('sample', s('sample')) ?? base.sample,
    propagation: { ...base.propagation, ...(extract ? { extract } : {}), ...(inject ? { inject } : {}) },
    export: {
      endpoint: otlp ?? base.export.endpoint,
      queueSize: intFlag('export-queue-size', s('export-queue-size'), 1, 10_000_000) ?? base.export.queueSize,
      maxBatchSize: intFlag('export-batch-size', s('export-batch-size'), 1, 100_000) ?? base.export.maxBatchSize,
      flushIntervalMs: durationFlag('export-interval', s('export-interval')) ?? base.export.flushIntervalMs,
      timeoutMs: durationFlag('export-timeout', s('export-timeout')) ?? base.export.timeoutMs,
      ...(logsUrl !== undefined ? { logsEndpoint: logsUrl } : base.export.logsEndpoint !== undefined ? { logsEndpoint: base.export.logsEndpoint } : {}),
      ...(metricsUrl !== undefined ? { metricsEndpoint: metricsUrl } : base.export.metricsEndpoint !== undefined ? { metricsEndpoint: base.export.metricsEndpoint } : {}),
      logQueueSize: intFlag('log-queue-size', s('log-queue-size'), 1, 10_000_000) ?? base.export.logQueueSize,
      metricsIntervalMs: durationFlag('metrics-interval', s('metrics-interval'), 100) ?? base.export.metricsIntervalMs,
    },
    timeouts: {
      connectMs: durationFlag('connect-timeout', s('connect-timeout')) ?? base.timeouts.connectMs,
      headersMs: durationFlag('headers-timeout', s('headers-timeout')) ?? base.timeouts.headersMs,
      bodyMs: durationFlag('body-timeout', s('body-timeout')) ?? base.timeouts.bodyMs,
    },
  };
}

/** `NAME=VALUE` items from repeated flags, each possibly a comma-separated list. */
export function pairsFlag(flag: string, values: readonly string[] | undefined, shape = 'NAME=HOST:PORT'): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const item of (values ?? []).flatMap((v) => v.split(','))) {
    const t = item.trim();
    if (t === '') continue;
    const eq = t.indexOf('=');
    if (eq <= 0 || eq === t.length - 1) throw new FlagError(flag, `'${t}' is not ${shape}`);
    out.push({ key: t.slice(0, eq).trim(), value: t.slice(eq + 1).trim() });
  }
  return out;
}
