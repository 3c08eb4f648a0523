/**
 * The pipeline `ariadne start` runs, built from the same components and graph as
 * `ariadne collector`. By default: the otlp receiver (the start config's endpoints and
 * sizes) into the `ariadne` exporter (the ingest queue and store) in a `traces`, a
 * `logs` and a `metrics` pipeline (the latter two when the store keeps those signals;
 * ClickHouse does not yet), nothing else on the
 * hot path (the spanmetrics and servicegraph connectors cost about a tenth of ingest
 * throughput, so they are opt-in). A start config with a `service` section replaces it:
 * its receivers, processors, exporters, connectors, extensions and service.pipelines are
 * a Collector config of their own.
 */
import { ConfigError } from '../config/errors.js';
import type { HostPort } from '../config/host-port.js';
import { formatHostPort } from '../config/host-port.js';
import type { IngestQueueOptions } from '../ingest/ingest-queue.js';
import { defaultRegistry } from './components.js';
import { parseCollectorConfig, TOP_LEVEL_KEYS, type CollectorConfig } from './config/collector-config.js';
import { parseEndpoint } from './config/endpoint.js';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** What the all-in-one needs to know to build its pipeline. */
export interface StartPipelineSettings {
  readonly otlpGrpc: HostPort;
  readonly otlpHttp: HostPort;
  readonly grpcMaxRecvMsgSize: number;
  readonly httpMaxRequestBodySize: number;
  readonly ingest: IngestQueueOptions;
  /** A user pipeline (Collector-shaped document); undefined runs the default one. */
  readonly pipeline?: Readonly<Obj>;
  /**
   * Which signals besides traces the store keeps; the default pipeline has a `logs` and
   * a `metrics` pipeline for each it keeps. Absent: both.
   */
  readonly storeKeeps?: { readonly logs: boolean; readonly metrics: boolean };
}

export interface CustomPipeline {
  /** receivers, processors, exporters, connectors, extensions, service. */
  readonly pipeline: Obj;
  /** The start config without those keys. */
  readonly rest: Obj;
  /** The otlp receiver's endpoints, so --otlp-grpc / --otlp-http can override them. */
  readonly otlpGrpc?: HostPort;
  readonly otlpHttp?: HostPort;
}

const PIPELINE_ONLY = ['processors', 'exporters', 'connectors', 'extensions'];

function otlpEndpoint(pipeline: Obj, protocol: 'grpc' | 'http'): HostPort | undefined {
  const receivers = pipeline['receivers'];
  const otlp = isObj(receivers) ? receivers['otlp'] : undefined;
  const protocols = isObj(otlp) ? otlp['protocols'] : undefined;
  const p = isObj(protocols) ? protocols[protocol] : undefined;
  const e = isObj(p) ? p['endpoint'] : undefined;
  if (typeof e !== 'string') return undefined;
  const hp = parseEndpoint(e);
  return typeof hp === 'string' ? undefined : hp;
}

/**
 * Splits a start config into the user's pipeline and the rest, validating the pipeline
 * as a Collector config. Undefined when the config has no `service` section.
 */
export function customPipelineOf(doc: unknown): CustomPipeline | undefined {
  if (!isObj(doc)) return undefined;
  if (!('service' in doc)) {
    const stray = PIPELINE_ONLY.find((k) => k in doc);
    if (stray) throw new ConfigError('service', `is required when '${stray}' is set: service.pipelines lists the pipelines that replace the default one`);
    return undefined;
  }
  const pipeline: Obj = {};
  const rest: Obj = {};
  for (const [k, v] of Object.entries(doc)) ((TOP_LEVEL_KEYS as readonly string[]).includes(k) ? pipeline : rest)[k] = v;
  parseCollectorConfig(pipeline, defaultRegistry());
  const otlpGrpc = otlpEndpoint(pipeline, 'grpc');
  const otlpHttp = otlpEndpoint(pipeline, 'http');
  return { pipeline, rest, ...(otlpGrpc ? { otlpGrpc } : {}), ...(otlpHttp ? { otlpHttp } : {}) };
}

function clone(x: unknown): unknown {
  return x === undefined ? undefined : (JSON.parse(JSON.stringify(x)) as unknown);
}

/** The default pipeline of `ariadne start`. */
export function defaultStartPipeline(s: StartPipelineSettings): Obj {
  return {
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: formatHostPort(s.otlpGrpc), max_recv_msg_size_mib: s.grpcMaxRecvMsgSize / (1024 * 1024) },
          http: { endpoint: formatHostPort(s.otlpHttp), max_request_body_size: s.httpMaxRequestBodySize },
        },
      },
    },
    exporters: {
      ariadne: { queue_size: s.ingest.queueSize, max_batch_size: s.ingest.maxBatchSpans, retry_after_seconds: s.ingest.retryAfterSeconds },
    },
    service: {
      pipelines: {
        traces: { receivers: ['otlp'], exporters: ['ariadne'] },
        ...(s.storeKeeps?.logs ?? true ? { logs: { receivers: ['otlp'], exporters: ['ariadne'] } } : {}),
        ...(s.storeKeeps?.metrics ?? true ? { metrics: { receivers: ['otlp'], exporters: ['ariadne'] } } : {}),
      },
    },
  };
}

/**
 * The all-in-one's pipeline config: the user's (with the otlp endpoints the flags may
 * have changed, and `ingest` as the defaults of every ariadne exporter) or the default.
 */
export function startPipelineConfig(s: StartPipelineSettings): CollectorConfig {
  let doc: Obj;
  if (s.pipeline) {
    doc = clone(s.pipeline) as Obj;
    const otlp = isObj(doc['receivers']) ? (doc['receivers'] as Obj)['otlp'] : undefined;
    const protocols = isObj(otlp) ? otlp['protocols'] : undefined;
    if (isObj(protocols)) {
      for (const [p, hp] of [['grpc', s.otlpGrpc], ['http', s.otlpHttp]] as const) {
        if (p in protocols) protocols[p] = { ...(isObj(protocols[p]) ? protocols[p] : {}), endpoint: formatHostPort(hp) };
      }
    }
    const exporters = doc['exporters'];
    if (isObj(exporters)) {
      for (const [id, cfg] of Object.entries(exporters)) {
        if (id !== 'ariadne' && !id.startsWith('ariadne/')) continue;
        exporters[id] = {
          queue_size: s.ingest.queueSize,
          max_batch_size: s.ingest.maxBatchSpans,
          retry_after_seconds: s.ingest.retryAfterSeconds,
          ...(isObj(cfg) ? cfg : {}),
        };
      }
    }
  } else {
    doc = defaultStartPipeline(s);
  }
  return parseCollectorConfig(doc, defaultRegistry());
}
