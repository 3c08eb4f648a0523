/**
 * The Store on ClickHouse. Stateless apart from a cache of the resource/scope pairs
 * it wrote lately: any number of these, in any number of processes, can write to and
 * read from one database. Writes are one INSERT into spans_ingest (the views do the
 * rest) after the batch's new resource/scope pairs; reads are a few small SELECTs.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { LogRecord, MetricPoint, Span, SpanKind } from '../../model/index.js';
import type { LogQuery, LogStore } from '../log-store.js';
import type { MetricPointQuery, MetricStore } from '../metric-store.js';
import { StoreClosedError, StoreWriteError } from '../errors.js';
import type { DependencyLink, Operation, ServiceStats, Store, TraceOutline, TraceQuery, TraceSummary } from '../store.js';
import { findTraceSummaries, traceSummaries } from './find-traces.js';
import { QueryParams, selectRows } from './query-params.js';
import { readTraces } from './read-traces.js';
import { ResourceScopeCache, ResourceScopeEncoder, resourceScopeRow } from './resource-scopes.js';
import { deleteOlderThan } from './retention.js';
import { readServiceStats } from './service-stats.js';
import { readSpans, readTraceOutline, searchSpans } from './trace-views.js';
import { RESOURCE_SCOPE_COLUMNS, SPAN_INGEST_COLUMNS, type IngestTableName, type Layout } from './schema.js';
import { deleteSignalsOlderThan, findLogs, readMetricNames, readMetricPoints, readTraceLogs } from './signal-reads.js';
import { IdentityKeys, logIngestRow, metricPointIngestRow } from './signal-rows.js';
import { LOG_INGEST_COLUMNS, METRIC_POINT_INGEST_COLUMNS } from './signal-schema.js';
import { clampTime, spanIngestRow } from './span-rows.js';

const noop = (): void => undefined;

function columnNames(columns: readonly (readonly [string, string])[]): [string, ...string[]] {
  const [first, ...rest] = columns.map(([name]) => name);
  return [first!, ...rest];
}

const SPAN_INGEST_NAMES = columnNames(SPAN_INGEST_COLUMNS);
const LOG_INGEST_NAMES = columnNames(LOG_INGEST_COLUMNS);
const METRIC_POINT_INGEST_NAMES = columnNames(METRIC_POINT_INGEST_COLUMNS);

/**
 * A pair is written again when this store last wrote it longer ago than this, so a
 * pair in use always has a recent row; retention keeps rows younger than
 * RESOURCE_SCOPE_GRACE_SECONDS (an hour) even when no span refers to them.
 */
const RESOURCE_SCOPE_REFRESH_MS = 10 * 60_000;
const MAX_KNOWN_RESOURCE_SCOPES = 100_000;

export class ClickHouseStore implements Store, LogStore, MetricStore {
  private closing: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Resource/scope pair id -> when this store last wrote it (ms). */
  private readonly writtenResourceScopes = new Map<bigint, number>();
  /** Pairs read lately, by id: a trace read then needs no resource_scopes query. */
  private readonly resourceScopes = new ResourceScopeCache();

  /** The store owns `client` and closes it on close(). */
  constructor(
    readonly client: ClickHouseClient,
    readonly layout: Layout,
  ) {}

  writeSpans(spans: readonly Span[]): Promise<void> {
    return this.run('writeSpans', async () => {
      if (spans.length === 0) return;
      try {
        const pairs = new ResourceScopeEncoder();
        const rows = spans.map((s) => spanIngestRow(s, pairs));
        await this.insertWithPairs(pairs, 'spans_ingest', SPAN_INGEST_NAMES, rows);
      } catch (err) {
        throw new StoreWriteError(spans.length, err);
      }
    });
  }

  // Logs and metric points (signal-*.ts): the LogStore and MetricStore interfaces.
  writeLogs(records: readonly LogRecord[]): Promise<void> {
    return this.run('writeLogs', async () => {
      if (records.length === 0) return;
      try {
        const pairs = new ResourceScopeEncoder();
        const rows = records.map((r) => logIngestRow(r, pairs));
        await this.insertWithPairs(pairs, 'logs_ingest', LOG_INGEST_NAMES, rows);
      } catch (err) {
        throw new StoreWriteError(records.length, err);
      }
    });
  }

  getTraceLogs(traceId: Uint8Array, spanId?: Uint8Array): Promise<LogRecord[]> {
    return this.run('getTraceLogs', () => readTraceLogs(this.client, this.layout, traceId, spanId, this.resourceScopes));
  }

  findLogs(query: LogQuery): Promise<LogRecord[]> {
    return this.run('findLogs', () => findLogs(this.client, this.layout, query, this.resourceScopes));
  }

  deleteLogsOlderThan(cutoffNs: bigint): Promise<number> {
    return this.run('deleteLogsOlderThan', () => deleteSignalsOlderThan(this.client, this.layout, 'logs', cutoffNs));
  }

  writeMetricPoints(points: readonly MetricPoint[]): Promise<void> {
    return this.run('writeMetricPoints', async () => {
      if (points.length === 0) return;
      try {
        const pairs = new ResourceScopeEncoder();
        const identities = new IdentityKeys();
        const rows = points.map((p) => metricPointIngestRow(p, pairs, identities));
        await this.insertWithPairs(pairs, 'metric_points_ingest', METRIC_POINT_INGEST_NAMES, rows);
      } catch (err) {
        throw new StoreWriteError(points.length, err);
      }
    });
  }

  getMetricPoints(query: MetricPointQuery): Promise<MetricPoint[]> {
    return this.run('getMetricPoints', () => readMetricPoints(this.client, this.layout, query, this.resourceScopes));
  }

  getMetricNames(resource: ReadonlyMap<string, string>, startTimeMinNs: bigint, startTimeMaxNs: bigint): Promise<string[]> {
    return this.run('getMetricNames', () => readMetricNames(this.client, this.layout, resource, startTimeMinNs, startTimeMaxNs));
  }

  deleteMetricPointsOlderThan(cutoffNs: bigint): Promise<number> {
    return this.run('deleteMetricPointsOlderThan', () => deleteSignalsOlderThan(this.client, this.layout, 'metric_points', cutoffNs));
  }

  /** The batch's new resource/scope pairs, then its rows: a row is never readable before its resource is. */
  private async insertWithPairs(pairs: ResourceScopeEncoder, table: IngestTableName, columns: [string, ...string[]], rows: unknown[][]): Promise<void> {
    const now = Date.now();
    const fresh = pairs.encoded().filter((p) => now - (this.writtenResourceScopes.get(p.id) ?? -Infinity) >= RESOURCE_SCOPE_REFRESH_MS);
    if (fresh.length > 0) {
      const writtenAt = Math.floor(now / 1000);
      await this.client.insert({
        table: this.layout.table('resource_scopes'),
        columns: [...RESOURCE_SCOPE_COLUMNS],
        values: fresh.map((p) => resourceScopeRow(p, writtenAt)),
        format: 'JSONCompactEachRow',
      });
    }
    await this.client.insert({
      table: this.layout.table(table),
      columns,
      values: rows,
      format: 'JSONCompactEachRow',
      // On a cluster, the insert returns once every shard has its rows, not when they
      // are queued on this node: an acknowledged row is on its shard.
      ...(this.layout.cluster ? { clickhouse_settings: { insert_distributed_sync: 1 } } : {}),
    });
    if (this.writtenResourceScopes.size + fresh.length > MAX_KNOWN_RESOURCE_SCOPES) this.writtenResourceScopes.clear();
    for (const p of fresh) this.writtenResourceScopes.set(p.id, now);
  }

  async getTrace(traceId: Uint8Array): Promise<Span[]> {
    const traces = await this.run('getTrace', () => readTraces(this.client, this.layout, [traceId], this.resourceScopes));
    return traces.get(Buffer.from(traceId).toString('hex')) ?? [];
  }

  getTraces(traceIds: readonly Uint8Array[]): Promise<Map<string, Span[]>> {
    return this.run('getTraces', () => readTraces(this.client, this.layout, traceIds, this.resourceScopes));
  }

  findTraces(query: TraceQuery): Promise<TraceSummary[]> {
    return this.run('findTraces', () => findTraceSummaries(this.client, this.layout, query));
  }

  getServices(): Promise<string[]> {
    return this.run('getServices', async () => {
      const rows = await selectRows(this.client, `SELECT DISTINCT service FROM ${this.layout.table('operations')} ORDER BY service`, new QueryParams());
      return rows.map((r) => r[0] as string);
    });
  }

  getOperations(service: string, spanKind?: SpanKind): Promise<Operation[]> {
    return this.run('getOperations', async () => {
      const p = new QueryParams();
      let sql = `SELECT DISTINCT name, kind FROM ${this.layout.table('operations')} WHERE service = ${p.add(service, 'String')}`;
      if (spanKind !== undefined) sql += ` AND kind = ${p.add(spanKind, 'Int32')}`;
      const rows = await selectRows(this.client, `${sql} ORDER BY name, kind`, p);
      return rows.map((r) => ({ name: r[0] as string, spanKind: r[1] as SpanKind }));
    });
  }

  getDependencies(endNs: bigint, lookbackNs: bigint): Promise<DependencyLink[]> {
    return this.run('getDependencies', async () => {
      const p = new QueryParams();
      const lo = p.time(clampTime(endNs - lookbackNs));
      const hi = p.time(clampTime(endNs));
      const spans = this.layout.table('spans');
      // Both sides restricted to the window. Sharded by trace id, a child and its parent
      // are on one shard: on a cluster, distributed_product_mode 'local' makes the join
      // subquery read each shard's local table, so the join runs on the shards.
      const rows = await selectRows(
        this.client,
        `SELECT p.service, toString(c.service), toUInt32(count()) FROM ${spans} AS c INNER JOIN ` +
          `(SELECT trace_id, span_id, toString(service) AS service FROM ${spans} WHERE start >= ${lo} AND start <= ${hi}) AS p ` +
          'ON p.trace_id = c.trace_id AND p.span_id = c.parent_span_id ' +
          `WHERE c.start >= ${lo} AND c.start <= ${hi} AND p.service != toString(c.service) ` +
          'GROUP BY p.service, toString(c.service) ORDER BY p.service, toString(c.service)',
        p,
        this.layout.cluster ? { distributed_product_mode: 'local' } : undefined,
      );
      return rows.map((r) => ({ parent: r[0] as string, child: r[1] as string, callCount: Number(r[2]) }));
    });
  }

  // The UI's reads (src/query/native).
  getTraceSummaries(traceIds: readonly Uint8Array[]): Promise<Map<string, TraceSummary>> {
    return this.run('getTraceSummaries', async () =>
      traceIds.length === 0 ? new Map() : traceSummaries(this.client, this.layout, traceIds.map((t) => Buffer.from(t).toString('hex'))),
    );
  }

  getTraceOutline(traceId: Uint8Array): Promise<TraceOutline | undefined> {
    return this.run('getTraceOutline', () => readTraceOutline(this.client, this.layout, traceId));
  }

  getSpans(traceId: Uint8Array, spanIds: readonly Uint8Array[]): Promise<Span[]> {
    return this.run('getSpans', () => readSpans(this.client, this.layout, traceId, spanIds, this.resourceScopes));
  }

  searchTraceSpans(traceId: Uint8Array, text: string): Promise<Uint8Array[]> {
    return this.run('searchTraceSpans', () => searchSpans(this.client, this.layout, traceId, text));
  }

  getServiceStats(startNs: bigint, endNs: bigint): Promise<ServiceStats[]> {
    return this.run('getServiceStats', () => readServiceStats(this.client, this.layout, startNs, endNs));
  }

  deleteOlderThan(cutoffNs: bigint): Promise<number> {
    return this.run('deleteOlderThan', async () => {
      // Logs and points first: the pairs only they refer to can then go with the spans'.
      await deleteSignalsOlderThan(this.client, this.layout, 'logs', cutoffNs);
      await deleteSignalsOlderThan(this.client, this.layout, 'metric_points', cutoffNs);
      const removed = await deleteOlderThan(this.client, this.layout, cutoffNs);
      // Pairs may be gone now; write them again with the next batch.
      this.writtenResourceScopes.clear();
      return removed;
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // Work accepted before close finishes; only then does the client go.
      await Promise.allSettled([...this.inFlight]);
      await this.client.close();
    })();
    return this.closing;
  }

  private run<T>(method: string, task: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new StoreClosedError(method));
    const p = task();
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(noop);
    return p;
  }
}
