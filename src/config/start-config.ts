/**
 * Configuration of `ariadne start`. YAML keys follow the OpenTelemetry Collector's names
 * where one exists (receivers.otlp.protocols.grpc.endpoint, max_request_body_size) and the
 * OpenTelemetry SDK's span limits (attribute_count_limit, ...). CLI flags override it.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from '../ingest/span-limits.js';
import { DEFAULT_INGEST_QUEUE, type IngestQueueOptions } from '../ingest/ingest-queue.js';
import { ConfigError } from './errors.js';
import { parseHostPort, type HostPort } from './host-port.js';
import { customPipelineOf } from '../collector/start-pipeline.js';

export interface StartConfig {
  readonly otlpGrpc: HostPort;
  readonly otlpHttp: HostPort;
  readonly http: HostPort;
  /** grpc max_recv_msg_size_mib, in bytes. */
  readonly grpcMaxRecvMsgSize: number;
  /** http max_request_body_size, bytes. */
  readonly httpMaxRequestBodySize: number;
  readonly spanLimits: SpanLimits;
  readonly ingest: IngestQueueOptions;
  readonly dataDir: string;
  /** Days of data kept; 0 keeps everything. */
  readonly retentionDays: number;
  /** DuckDB's buffer pool cap (memory_limit), MiB: bounds the store's share of RSS. */
  readonly storageMemoryLimitMib: number;
  /** WAL size that triggers a checkpoint, MiB: larger is faster ingest, longer crash replay. */
  readonly storageCheckpointThresholdMib: number;
  /**
   * storage.url: a ClickHouse store (clickhouse://USER:PASSWORD@HOST:8123/DB, https://...,
   * chdb:PATH) instead of DuckDB under dataDir; undefined is DuckDB. May hold ${env:VAR}.
   */
  readonly storageUrl?: string;
  /** storage.clickhouse_cluster: Replicated + Distributed tables on this ClickHouse cluster. */
  readonly clickhouseCluster?: string;
  /** Largest `limit` the query API accepts. */
  readonly queryMaxLimit: number;
  /**
   * A Collector-shaped pipeline (receivers, processors, exporters, connectors,
   * extensions, service) replacing the default one; undefined runs the default.
   */
  readonly pipeline?: Readonly<Record<string, unknown>>;
}

export const DEFAULT_START_CONFIG: StartConfig = {
  otlpGrpc: { host: '127.0.0.1', port: 4317 },
  otlpHttp: { host: '127.0.0.1', port: 4318 },
  http: { host: '127.0.0.1', port: 16686 },
  grpcMaxRecvMsgSize: 16 * 1024 * 1024,
  httpMaxRequestBodySize: 16 * 1024 * 1024,
  spanLimits: DEFAULT_SPAN_LIMITS,
  ingest: DEFAULT_INGEST_QUEUE,
  dataDir: './data',
  retentionDays: 7,
  storageMemoryLimitMib: 64,
  storageCheckpointThresholdMib: 64,
  queryMaxLimit: 1500,
};

type Obj = Record<string, unknown>;

/** Walks a YAML document, refusing unknown keys so a typo is never silently ignored. */
class Reader {
  constructor(
    private readonly obj: Obj,
    private readonly path: string,
  ) {}

  static of(x: unknown, path: string): Reader {
    if (x === undefined || x === null) return new Reader({}, path);
    if (typeof x !== 'object' || Array.isArray(x)) throw new ConfigError(path, 'must be a mapping');
    return new Reader(x as Obj, path);
  }

  private key(k: string): string {
    return this.path ? `${this.path}.${k}` : k;
  }

  allowOnly(keys: readonly string[]): void {
    for (const k of Object.keys(this.obj)) {
      if (!keys.includes(k)) throw new ConfigError(this.key(k), `unknown key; expected one of ${keys.join(', ')}`);
    }
  }

  section(k: string): Reader {
    return Reader.of(this.obj[k], this.key(k));
  }

  int(k: string, dflt: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.obj[k];
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new ConfigError(this.key(k), `must be an integer from ${min} to ${max}`);
    }
    return v;
  }

  string(k: string, dflt: string): string {
    const v = this.obj[k];
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'string' || v === '') throw new ConfigError(this.key(k), 'must be a non-empty string');
    return v;
  }

  endpoint(k: string, dflt: HostPort): HostPort {
    const v = this.obj[k];
    if (v === undefined || v === null) return dflt;
    const hp = typeof v === 'string' ? parseHostPort(v) : 'must be a string HOST:PORT';
    if (typeof hp === 'string') throw new ConfigError(this.key(k), hp);
    return hp;
  }
}

/** `${env:VAR}` (and `${VAR}`) substitution, as in the OpenTelemetry Collector. */
export function substituteEnv(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return text.replace(/\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => env[name] ?? '');
}

export function parseStartConfig(yamlText: string, base: StartConfig = DEFAULT_START_CONFIG): StartConfig {
  let doc: unknown;
  try {
    doc = parseYaml(substituteEnv(yamlText));
  } catch (err) {
    throw new ConfigError('', `not valid YAML: ${(err as Error).message}`);
  }
  // With a `service` section, the Collector-shaped keys are the pipeline (validated there).
  const custom = customPipelineOf(doc);
  const root = Reader.of(custom ? custom.rest : doc, '');
  root.allowOnly(['receivers', 'span_limits', 'ingest', 'storage', 'query']);
  const otlp = root.section('receivers').section('otlp');
  root.section('receivers').allowOnly(['otlp']);
  otlp.allowOnly(['protocols']);
  const protocols = otlp.section('protocols');
  protocols.allowOnly(['grpc', 'http']);
  const grpc = protocols.section('grpc');
  grpc.allowOnly(['endpoint', 'max_recv_msg_size_mib']);
  const http = protocols.section('http');
  http.allowOnly(['endpoint', 'max_request_body_size']);
  const limits = root.section('span_limits');
  limits.allowOnly(['attribute_count_limit', 'attribute_value_length_limit', 'event_count_limit', 'link_count_limit']);
  const ingest = root.section('ingest');
  ingest.allowOnly(['queue_size', 'max_batch_size', 'retry_after_seconds']);
  const storage = root.section('storage');
  storage.allowOnly(['data_dir', 'retention_days', 'memory_limit_mib', 'checkpoint_threshold_mib', 'url', 'clickhouse_cluster']);
  const storageUrl = storage.string('url', base.storageUrl ?? '');
  const clickhouseCluster = storage.string('clickhouse_cluster', base.clickhouseCluster ?? '');
  const query = root.section('query');
  query.allowOnly(['endpoint', 'max_limit']);

  return {
    otlpGrpc: custom?.otlpGrpc ?? grpc.endpoint('endpoint', base.otlpGrpc),
    otlpHttp: custom?.otlpHttp ?? http.endpoint('endpoint', base.otlpHttp),
    http: query.endpoint('endpoint', base.http),
    grpcMaxRecvMsgSize: grpc.int('max_recv_msg_size_mib', base.grpcMaxRecvMsgSize / 1048576, 1, 1024) * 1048576,
    httpMaxRequestBodySize: http.int('max_request_body_size', base.httpMaxRequestBodySize, 1024),
    spanLimits: {
      attributeCountLimit: limits.int('attribute_count_limit', base.spanLimits.attributeCountLimit, 0),
      attributeValueLengthLimit: limits.int('attribute_value_length_limit', base.spanLimits.attributeValueLengthLimit, 1),
      eventCountLimit: limits.int('event_count_limit', base.spanLimits.eventCountLimit, 0),
      linkCountLimit: limits.int('link_count_limit', base.spanLimits.linkCountLimit, 0),
    },
    ingest: {
      queueSize: ingest.int('queue_size', base.ingest.queueSize, 1),
      maxBatchSpans: ingest.int('max_batch_size', base.ingest.maxBatchSpans, 1),
      retryAfterSeconds: ingest.int('retry_after_seconds', base.ingest.retryAfterSeconds, 1, 3600),
    },
    dataDir: storage.string('data_dir', base.dataDir),
    retentionDays: storage.int('retention_days', base.retentionDays, 0),
    storageMemoryLimitMib: storage.int('memory_limit_mib', base.storageMemoryLimitMib, 64),
    storageCheckpointThresholdMib: storage.int('checkpoint_threshold_mib', base.storageCheckpointThresholdMib, 1),
    ...(storageUrl ? { storageUrl } : {}),
    ...(clickhouseCluster ? { clickhouseCluster } : {}),
    queryMaxLimit: query.int('max_limit', base.queryMaxLimit, 1),
    ...(custom ? { pipeline: custom.pipeline } : {}),
  };
}

export function loadStartConfig(file: string): StartConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError('', `cannot read config file '${file}': ${(err as Error).message}`);
  }
  return parseStartConfig(text);
}
