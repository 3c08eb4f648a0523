/**
 * The `servicegraph` connector (traces -> metrics), as the Collector's
 * servicegraphconnector: a CLIENT (or PRODUCER) span and the SERVER (or CONSUMER) span
 * whose parent it is make one request between two services. They are paired in a
 * bounded store keyed by (trace id, client span id) and expire after `store.ttl`; a
 * client span with a database name attribute is an edge to that database at once.
 *
 * Metrics (Collector names): traces_service_graph_request_total,
 * traces_service_graph_request_failed_total, traces_service_graph_request_server and
 * traces_service_graph_request_client (histograms in seconds, shown by Prometheus as
 * ..._seconds), labelled client, server, connection_type, failed and the configured
 * dimensions (client_<dim>, server_<dim>).
 */
import type { Counter } from 'prom-client';
import { anyValueToString, bytesToHex, findAttribute, serviceNameOf, SpanKind, StatusCode, type Span } from '../../../model/index.js';
import type { ConnectorFactory, CreateSettings, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import { parseDurationMs } from '../../config/duration.js';
import { ConfigError } from '../../../config/errors.js';
import type { MetricsConsumer } from '../../consumer.js';
import { MetricPointConverter, type HistogramPoint, type Metric, type NumberPoint } from '../../metrics-data.js';

export const DEFAULT_LATENCY_BUCKETS_S = [0.002, 0.004, 0.006, 0.008, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8, 1, 1.4, 2, 5, 10, 15];

export interface ServiceGraphConfig {
  /** Upper bounds, seconds. */
  readonly buckets: readonly number[];
  /** Span or resource attributes added as client_<name> / server_<name>. */
  readonly dimensions: readonly string[];
  /** Most half-paired edges waiting; default 1000. Past it new client/server spans are dropped and counted. */
  readonly storeMaxItems: number;
  /** How long a half edge waits for its other side; default 2s. */
  readonly storeTtlMs: number;
  /** How often expired edges are removed; default 2s. */
  readonly storeExpirationLoopMs: number;
  /** Default 60s. */
  readonly flushIntervalMs: number;
  /** Attributes naming a database on a client span; default [db.name]. */
  readonly databaseNameAttributes: readonly string[];
}

function parseConfig(node: ConfigNode): ServiceGraphConfig {
  const buckets = node.rawList('latency_histogram_buckets').map(({ value, path }) => {
    const ms = parseDurationMs(value);
    if (ms === null) throw new ConfigError(path, 'must be a duration such as 100ms or 1s');
    return ms / 1000;
  });
  const store = node.section('store');
  // Virtual nodes are behind a feature gate in the Collector too; peer attributes are accepted for compatibility.
  node.accept('virtual_node_peer_attributes', 'virtual_node_extra_label', 'metrics_exporter', 'cache_loop', 'metrics_timestamp_offset');
  node.unsupported('exponential_histogram_max_size', 'use latency_histogram_buckets');
  const single = node.string('database_name_attribute', '');
  const list = node.stringList('database_name_attributes');
  return {
    buckets: buckets.length ? buckets : DEFAULT_LATENCY_BUCKETS_S,
    dimensions: node.stringList('dimensions'),
    storeMaxItems: store.int('max_items', 1000, 1),
    storeTtlMs: store.duration('ttl', 2000, { positive: true }),
    storeExpirationLoopMs: node.duration('store_expiration_loop', 2000, { positive: true }),
    flushIntervalMs: node.duration('metrics_flush_interval', 60_000, { positive: true }),
    databaseNameAttributes: list.length ? list : single ? [single] : ['db.name'],
  };
}

interface Edge {
  clientService?: string;
  serverService?: string;
  connectionType: '' | 'messaging_system' | 'database';
  clientLatencyS: number;
  serverLatencyS: number;
  failed: boolean;
  readonly dims: Record<string, string>;
  readonly expiresAt: number;
}

interface Series {
  readonly attributes: Record<string, string>;
  total: number;
  failed: number;
  readonly server: number[];
  serverSum: number;
  readonly client: number[];
  clientSum: number;
}

const MAX_SERIES = 10_000;

class ServiceGraphConnector implements TracesComponent {
  private readonly edges = new Map<string, Edge>();
  private readonly series = new Map<string, Series>();
  private flushTimer: NodeJS.Timeout | undefined;
  private expireTimer: NodeJS.Timeout | undefined;
  private readonly totalEdges: Counter<'connector'>;
  private readonly expiredEdges: Counter<'connector'>;
  private readonly droppedSpans: Counter<'connector'>;
  private readonly seriesOverflow: Counter<'connector'>;

  private readonly points: MetricPointConverter;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: ServiceGraphConfig,
    private readonly next: MetricsConsumer,
  ) {
    this.points = new MetricPointConverter(BigInt(Date.now()) * 1_000_000n, `ariadne/${set.idText}`);
    const t = set.host.telemetry;
    this.totalEdges = t.counter('otelcol_connector_servicegraph_total_edges_total', 'Total number of unique edges', ['connector']);
    this.expiredEdges = t.counter('otelcol_connector_servicegraph_expired_edges_total', 'Number of edges that expired before finding their other side', ['connector']);
    this.droppedSpans = t.counter('otelcol_connector_servicegraph_dropped_spans_total', 'Number of spans dropped because the edge store was full (store.max_items)', ['connector']);
    this.seriesOverflow = t.counter('ariadne_connector_servicegraph_series_overflow_total', `Edges not counted because ${MAX_SERIES} series (client, server, dimensions) already exist`, ['connector']);
  }

  async start(): Promise<void> {
    this.flushTimer = setInterval(() => void this.flush(), this.config.flushIntervalMs);
    this.flushTimer.unref();
    this.expireTimer = setInterval(() => this.expire(Date.now()), this.config.storeExpirationLoopMs);
    this.expireTimer.unref();
  }

  private dims(kind: 'client' | 'server', s: Span, into: Record<string, string>): void {
    for (const d of this.config.dimensions) {
      const v = findAttribute(s.attributes, d) ?? findAttribute(s.resource.attributes, d);
      if (v) into[`${kind}_${d}`] = anyValueToString(v);
    }
  }

  private upsert(key: string, now: number, update: (e: Edge) => void): void {
    let e = this.edges.get(key);
    if (!e) {
      if (this.edges.size >= this.config.storeMaxItems) {
        this.droppedSpans.inc({ connector: this.set.idText });
        return;
      }
      e = { connectionType: '', clientLatencyS: 0, serverLatencyS: 0, failed: false, dims: {}, expiresAt: now + this.config.storeTtlMs };
      this.edges.set(key, e);
      this.totalEdges.inc({ connector: this.set.idText });
    }
    update(e);
    if (e.clientService !== undefined && e.serverService !== undefined) {
      this.edges.delete(key);
      this.record(e);
    }
  }

  async consumeTraces(spans: readonly Span[]): Promise<void> {
    const now = Date.now();
    for (const s of spans) {
      const latency = Number(s.endTimeUnixNano - s.startTimeUnixNano) / 1e9;
      const failed = s.statusCode === StatusCode.ERROR;
      const service = serviceNameOf(s.resource);
      if (s.kind === SpanKind.CLIENT || s.kind === SpanKind.PRODUCER) {
        this.upsert(`${bytesToHex(s.traceId)}${bytesToHex(s.spanId)}`, now, (e) => {
          if (s.kind === SpanKind.PRODUCER) e.connectionType = 'messaging_system';
          e.clientService = service;
          e.clientLatencyS = latency;
          e.failed ||= failed;
          this.dims('client', s, e.dims);
          // A database call has no server span: the client span is the whole edge.
          for (const a of this.config.databaseNameAttributes) {
            const db = findAttribute(s.attributes, a) ?? findAttribute(s.resource.attributes, a);
            if (!db) continue;
            e.connectionType = 'database';
            e.serverService = anyValueToString(db);
            e.serverLatencyS = latency;
            break;
          }
        });
      } else if ((s.kind === SpanKind.SERVER || s.kind === SpanKind.CONSUMER) && s.parentSpanId.length > 0) {
        this.upsert(`${bytesToHex(s.traceId)}${bytesToHex(s.parentSpanId)}`, now, (e) => {
          if (s.kind === SpanKind.CONSUMER) e.connectionType = 'messaging_system';
          e.serverService = service;
          e.serverLatencyS = latency;
          e.failed ||= failed;
          this.dims('server', s, e.dims);
        });
      }
    }
  }

  private record(e: Edge): void {
    const attributes: Record<string, string> = {
      client: e.clientService!,
      server: e.serverService!,
      connection_type: e.connectionType,
      failed: String(e.failed),
      ...e.dims,
    };
    const key = JSON.stringify(attributes);
    let s = this.series.get(key);
    if (!s) {
      if (this.series.size >= MAX_SERIES) {
        this.seriesOverflow.inc({ connector: this.set.idText });
        return;
      }
      const n = this.config.buckets.length + 1;
      s = { attributes, total: 0, failed: 0, server: new Array<number>(n).fill(0), serverSum: 0, client: new Array<number>(n).fill(0), clientSum: 0 };
      this.series.set(key, s);
    }
    s.total++;
    if (e.failed) s.failed++;
    const bucket = (v: number): number => {
      let i = 0;
      while (i < this.config.buckets.length && v > this.config.buckets[i]!) i++;
      return i;
    };
    s.server[bucket(e.serverLatencyS)]!++;
    s.serverSum += e.serverLatencyS;
    s.client[bucket(e.clientLatencyS)]!++;
    s.clientSum += e.clientLatencyS;
  }

  /** Half edges whose other side never came are removed and counted. */
  expire(now: number): void {
    for (const [k, e] of this.edges) {
      if (e.expiresAt > now) break; // insertion order is creation order
      this.edges.delete(k);
      this.expiredEdges.inc({ connector: this.set.idText });
    }
  }

  async flush(): Promise<void> {
    if (this.series.size === 0) return;
    const time = BigInt(Date.now()) * 1_000_000n;
    const total: NumberPoint[] = [];
    const failed: NumberPoint[] = [];
    const server: HistogramPoint[] = [];
    const client: HistogramPoint[] = [];
    const bounds = this.config.buckets;
    for (const s of this.series.values()) {
      total.push({ attributes: s.attributes, value: s.total });
      if (s.failed > 0) failed.push({ attributes: s.attributes, value: s.failed });
      server.push({ attributes: s.attributes, bounds, bucketCounts: [...s.server], sum: s.serverSum, count: s.total });
      client.push({ attributes: s.attributes, bounds, bucketCounts: [...s.client], sum: s.clientSum, count: s.total });
    }
    const metrics: Metric[] = [
      { kind: 'sum', monotonic: true, name: 'traces_service_graph_request_total', description: 'Requests between two services', unit: '', timeUnixNano: time, points: total },
    ];
    if (failed.length) {
      metrics.push({ kind: 'sum', monotonic: true, name: 'traces_service_graph_request_failed_total', description: 'Failed requests between two services', unit: '', timeUnixNano: time, points: failed });
    }
    metrics.push(
      { kind: 'histogram', name: 'traces_service_graph_request_server', description: 'Server-side latency of requests between two services', unit: 's', timeUnixNano: time, points: server },
      { kind: 'histogram', name: 'traces_service_graph_request_client', description: 'Client-side latency of requests between two services', unit: 's', timeUnixNano: time, points: client },
    );
    await this.next.consumeMetrics(this.points.convert(metrics)).catch((err: unknown) => this.set.host.log(`connector ${this.set.idText}: metrics not delivered: ${(err as Error).message}`));
  }

  async shutdown(): Promise<void> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.expireTimer) clearInterval(this.expireTimer);
    this.flushTimer = this.expireTimer = undefined;
    await this.flush();
  }
}

export const servicegraphConnectorFactory: ConnectorFactory<ServiceGraphConfig> = {
  kind: 'connector',
  type: 'servicegraph',
  parseConfig,
  createTracesToMetrics: (set, config, next) => new ServiceGraphConnector(set, config, next),
};
