/**
 * The Store on embedded DuckDB. One writer connection, used by one task at a
 * time (writes and retention are serialised), and a fresh connection per read
 * (about 0.1 ms to open), so reads run alongside a write on DuckDB's MVCC.
 */
import { INTEGER, UBIGINT, VARCHAR, type DuckDBConnection, type DuckDBInstance } from '@duckdb/node-api';
import { bytesToHex, type LogRecord, type MetricPoint, type Span, type SpanKind } from '../../model/index.js';
import type { LogQuery, LogStore } from '../log-store.js';
import type { MetricPointQuery, MetricStore } from '../metric-store.js';
import type { DependencyLink, Operation, ServiceStats, Store, TraceOutline, TraceQuery, TraceSummary } from '../store.js';
import { appendToTable, sliceColumns } from './chunk-append.js';
import { StoreClosedError, StoreWriteError } from '../errors.js';
import { findTraceSummaries } from './find-traces.js';
import { QueryParams } from './query-params.js';
import { toUint64 } from './ranges.js';
import { ResourceScopeEncoder, resourceScopeColumns, type EncodedResourceScope } from './resource-scopes.js';
import {
  COLLECT_REBUILD_SQL,
  DELETE_ORPHAN_RESOURCE_SCOPES_SQL,
  DELETE_PARTS_SQL,
  DELETE_SPANS_SQL,
  DROP_REBUILD_SQL,
  REBUILD_PARTS_SQL,
} from './retention.js';
import {
  RESOURCE_SCOPE_COLUMNS,
  RESOURCE_SCOPES_TABLE,
  SPAN_COLUMNS,
  SPANS_TABLE,
  TRACE_PART_COLUMNS,
  TRACE_PARTS_TABLE,
} from './schema.js';
import { readTraces } from './read-traces.js';
import { encodeSpanColumns } from './span-columns.js';
import { encodeTracePartColumns } from './trace-parts.js';
import { readServiceStats } from './service-stats.js';
import { readSpans, searchSpans } from './span-lookup.js';
import { readTraceOutline } from './trace-outline.js';
import { readTraceSummaries } from './trace-summaries.js';
import { DELETE_METRIC_POINTS_SQL, DELETE_SIGNAL_ORPHANS_SQL } from './signal-schema.js';
import { SignalWriter } from './signal-writes.js';
import { findLogs, readTraceLogs } from './log-block-reads.js';
import { deleteLogsOlderThan } from './log-block-retention.js';
import type { LogBlockWriter } from './log-blocks.js';
import { readMetricNames, readMetricPoints } from './signal-reads.js';

const noop = (): void => undefined;

/** Connections span writes alternate between (the first is the writer of everything else too). */
const SPAN_CONNECTIONS = 2;
/** One span write in this many commits with no other span transaction open (see writeSpans). */
const ALONE_EVERY = 16;

// Bounds the memory of the written-pairs cache; forgetting only costs a duplicate row.
const MAX_KNOWN_RESOURCE_SCOPES = 100_000;

export class DuckDbStore implements Store, LogStore, MetricStore {
  private closing: Promise<void> | undefined;
  /** Tail of the serial queue of writer tasks. */
  private writerTail: Promise<void> = Promise.resolve();
  private readonly readsInFlight = new Set<Promise<unknown>>();
  /** Resource/scope ids already committed by this store, so a batch skips writing them again. */
  private readonly knownResourceScopes = new Set<bigint>();
  private readonly signals = new SignalWriter();
  /** The span connections: `writer`, then the others. */
  private readonly spanWriters: readonly DuckDBConnection[];
  /** Settles when the COMMIT of the last span write on each span connection has ended. */
  private readonly spanCommits: Promise<void>[];
  private nextSpanWriter = 0;
  private spanWritesSinceAlone = 0;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    /** SPAN_CONNECTIONS - 1 more connections for span writes. */
    moreSpanWriters: readonly DuckDBConnection[],
    private readonly logBlocks: LogBlockWriter,
  ) {
    this.spanWriters = [writer, ...moreSpanWriters];
    if (this.spanWriters.length !== SPAN_CONNECTIONS) throw new Error(`DuckDbStore needs ${SPAN_CONNECTIONS} span connections`);
    this.spanCommits = this.spanWriters.map(() => Promise.resolve());
  }

  /**
   * Spans are appended inside the serial writer queue, but a span write leaves the
   * queue as soon as its COMMIT is issued: the next span write appends on the other
   * span connection while that COMMIT (the WAL sync) runs on DuckDB's thread. Each
   * write still resolves only after its own COMMIT, so an acknowledged span is durable.
   */
  readonly concurrentSpanWrites = SPAN_CONNECTIONS;

  writeSpans(spans: readonly Span[]): Promise<void> {
    let committed: Promise<void> = Promise.resolve();
    const appended = this.onWriter(
      'writeSpans',
      async () => {
        if (spans.length === 0) return;
        const i = this.nextSpanWriter;
        this.nextSpanWriter = (i + 1) % SPAN_CONNECTIONS;
        const conn = this.spanWriters[i]!;
        // Every so often a write commits with no other transaction open, so DuckDB's
        // automatic checkpoint (skipped while another transaction holds changes) can run.
        const alone = ++this.spanWritesSinceAlone >= ALONE_EVERY;
        if (alone) {
          this.spanWritesSinceAlone = 0;
          await this.spanCommitsSettled();
        } else {
          await this.spanCommits[i];
        }
        let newResourceScopes: EncodedResourceScope[] = [];
        try {
          const partColumns = encodeTracePartColumns(spans);
          const resourceScopes = new ResourceScopeEncoder();
          await conn.run('BEGIN TRANSACTION');
          try {
            await appendToTable(conn, SPANS_TABLE, SPAN_COLUMNS, spans.length, (from, to) => encodeSpanColumns(spans, from, to, resourceScopes));
            await appendToTable(conn, TRACE_PARTS_TABLE, TRACE_PART_COLUMNS, partColumns[0]?.length ?? 0, sliceColumns(partColumns));
            newResourceScopes = resourceScopes.encoded().filter((rs) => !this.knownResourceScopes.has(rs.id));
            const rsColumns = resourceScopeColumns(newResourceScopes);
            await appendToTable(conn, RESOURCE_SCOPES_TABLE, RESOURCE_SCOPE_COLUMNS, newResourceScopes.length, sliceColumns(rsColumns));
          } catch (err) {
            await conn.run('ROLLBACK').catch(noop);
            throw err;
          }
        } catch (err) {
          throw new StoreWriteError(spans.length, err);
        }
        committed = this.commitSpans(conn, spans.length, newResourceScopes);
        this.spanCommits[i] = committed.then(noop, noop);
        if (alone) await committed;
      },
      true,
    );
    return appended.then(() => committed);
  }

  /** COMMIT (which syncs the WAL) of a span write; a failure rolls back. */
  private async commitSpans(conn: DuckDBConnection, count: number, newResourceScopes: readonly EncodedResourceScope[]): Promise<void> {
    try {
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK').catch(noop);
      throw new StoreWriteError(count, err);
    }
    // Only after the commit: a rolled-back pair must be written again next time. Two
    // writes in flight may both write a new pair: a duplicate row is harmless.
    if (this.knownResourceScopes.size + newResourceScopes.length > MAX_KNOWN_RESOURCE_SCOPES) this.knownResourceScopes.clear();
    for (const rs of newResourceScopes) this.knownResourceScopes.add(rs.id);
  }

  /** Resolves once no span write's COMMIT is running. */
  private spanCommitsSettled(): Promise<unknown> {
    return Promise.all(this.spanCommits);
  }

  async getTrace(traceId: Uint8Array): Promise<Span[]> {
    const traces = await this.onReader('getTrace', (conn) => readTraces(conn, [traceId]));
    return traces.get(bytesToHex(traceId)) ?? [];
  }

  getTraces(traceIds: readonly Uint8Array[]): Promise<Map<string, Span[]>> {
    return this.onReader('getTraces', (conn) => readTraces(conn, traceIds));
  }

  findTraces(query: TraceQuery): Promise<TraceSummary[]> {
    return this.onReader('findTraces', (conn) => findTraceSummaries(conn, query));
  }

  getServices(): Promise<string[]> {
    return this.onReader('getServices', async (conn) => {
      const r = await conn.runAndReadAll(`SELECT DISTINCT service FROM ${SPANS_TABLE} ORDER BY service`);
      return r.getRows().map((row) => row[0] as string);
    });
  }

  getOperations(service: string, spanKind?: SpanKind): Promise<Operation[]> {
    return this.onReader('getOperations', async (conn) => {
      const p = new QueryParams();
      let sql = `SELECT DISTINCT name, kind FROM ${SPANS_TABLE} WHERE service = ${p.add(service, VARCHAR)}`;
      if (spanKind !== undefined) sql += ` AND kind = ${p.add(spanKind, INTEGER)}`;
      const r = await conn.runAndReadAll(`${sql} ORDER BY name, kind`, p.values, p.types);
      return r.getRows().map((row) => ({ name: row[0] as string, spanKind: row[1] as SpanKind }));
    });
  }

  getDependencies(endNs: bigint, lookbackNs: bigint): Promise<DependencyLink[]> {
    return this.onReader('getDependencies', async (conn) => {
      // Both sides restricted to the window: the join reads only the window's row groups.
      const r = await conn.runAndReadAll(
        `SELECT p.service, c.service, count(*) FROM ${SPANS_TABLE} c JOIN ${SPANS_TABLE} p ` +
          'ON p.trace_id = c.trace_id AND p.span_id = c.parent_span_id ' +
          'WHERE c.start_ns >= $1 AND c.start_ns <= $2 AND p.start_ns >= $1 AND p.start_ns <= $2 ' +
          'AND p.service <> c.service GROUP BY p.service, c.service ORDER BY p.service, c.service',
        [toUint64(endNs - lookbackNs), toUint64(endNs)],
        [UBIGINT, UBIGINT],
      );
      return r.getRows().map((row) => ({ parent: row[0] as string, child: row[1] as string, callCount: Number(row[2]) }));
    });
  }

  // The UI's reads (src/query/native); each query lives in its own file.
  getTraceSummaries(traceIds: readonly Uint8Array[]): Promise<Map<string, TraceSummary>> {
    return this.onReader('getTraceSummaries', (conn) => readTraceSummaries(conn, traceIds));
  }

  getTraceOutline(traceId: Uint8Array): Promise<TraceOutline | undefined> {
    return this.onReader('getTraceOutline', (conn) => readTraceOutline(conn, traceId));
  }

  getSpans(traceId: Uint8Array, spanIds: readonly Uint8Array[]): Promise<Span[]> {
    return this.onReader('getSpans', (conn) => readSpans(conn, traceId, spanIds));
  }

  searchTraceSpans(traceId: Uint8Array, text: string): Promise<Uint8Array[]> {
    return this.onReader('searchTraceSpans', (conn) => searchSpans(conn, traceId, text));
  }

  getServiceStats(startNs: bigint, endNs: bigint): Promise<ServiceStats[]> {
    return this.onReader('getServiceStats', (conn) => readServiceStats(conn, startNs, endNs));
  }

  // Logs and metric points (signal-*.ts): the LogStore and MetricStore interfaces.
  writeLogs(records: readonly LogRecord[]): Promise<void> {
    return this.onWriter('writeLogs', async () => {
      if (records.length === 0) return;
      try {
        await this.inTransaction(() => this.logBlocks.write(this.writer, records));
      } catch (err) {
        throw new StoreWriteError(records.length, err);
      }
    });
  }

  getTraceLogs(traceId: Uint8Array, spanId?: Uint8Array): Promise<LogRecord[]> {
    return this.onReader('getTraceLogs', (conn) => readTraceLogs(conn, traceId, spanId));
  }

  findLogs(query: LogQuery): Promise<LogRecord[]> {
    return this.onReader('findLogs', (conn) => findLogs(conn, query));
  }

  deleteLogsOlderThan(cutoffNs: bigint): Promise<number> {
    return this.onWriter('deleteLogsOlderThan', async () => {
      let removed = 0;
      await this.inTransaction(async () => {
        removed = await deleteLogsOlderThan(this.writer, this.logBlocks, cutoffNs);
      });
      return removed;
    });
  }

  writeMetricPoints(points: readonly MetricPoint[]): Promise<void> {
    return this.onWriter('writeMetricPoints', async () => {
      if (points.length === 0) return;
      try {
        let pairs: EncodedResourceScope[] = [];
        await this.inTransaction(async () => {
          pairs = await this.signals.writeMetricPoints(this.writer, points);
        });
        this.signals.committed(pairs);
      } catch (err) {
        throw new StoreWriteError(points.length, err);
      }
    });
  }

  getMetricPoints(query: MetricPointQuery): Promise<MetricPoint[]> {
    return this.onReader('getMetricPoints', (conn) => readMetricPoints(conn, query));
  }

  getMetricNames(resource: ReadonlyMap<string, string>, startTimeMinNs: bigint, startTimeMaxNs: bigint): Promise<string[]> {
    return this.onReader('getMetricNames', (conn) => readMetricNames(conn, resource, startTimeMinNs, startTimeMaxNs));
  }

  deleteMetricPointsOlderThan(cutoffNs: bigint): Promise<number> {
    return this.onWriter('deleteMetricPointsOlderThan', () => this.deleteSignalsOlderThan(DELETE_METRIC_POINTS_SQL, cutoffNs));
  }

  /** Rows older than the cutoff, and the resource/scope pairs no row refers to any more, in one commit. */
  private async deleteSignalsOlderThan(deleteSql: string, cutoffNs: bigint): Promise<number> {
    let removed = 0;
    await this.inTransaction(async () => {
      removed = (await this.writer.run(deleteSql, [toUint64(cutoffNs)], [UBIGINT])).rowsChanged;
      if (removed > 0) await this.writer.run(DELETE_SIGNAL_ORPHANS_SQL);
    });
    this.signals.forgetPairs();
    return removed;
  }

  deleteOlderThan(cutoffNs: bigint): Promise<number> {
    return this.onWriter('deleteOlderThan', async () => {
      const cutoff = [toUint64(cutoffNs)];
      const types = [UBIGINT];
      let removed = 0;
      await this.inTransaction(async () => {
        await this.writer.run(COLLECT_REBUILD_SQL, cutoff, types);
        removed = (await this.writer.run(DELETE_SPANS_SQL, cutoff, types)).rowsChanged;
        await this.writer.run(DELETE_PARTS_SQL, cutoff, types);
        await this.writer.run(REBUILD_PARTS_SQL);
        await this.writer.run(DROP_REBUILD_SQL);
        await this.writer.run(DELETE_ORPHAN_RESOURCE_SCOPES_SQL);
        // Retention as for spans: logs and metric points of the same age go in the same commit.
        await deleteLogsOlderThan(this.writer, this.logBlocks, cutoffNs);
        await this.writer.run(DELETE_METRIC_POINTS_SQL, cutoff, types);
        await this.writer.run(DELETE_SIGNAL_ORPHANS_SQL);
      });
      // Some pairs this store wrote may be gone now; forget them all so the next batch writes them again.
      this.knownResourceScopes.clear();
      this.signals.forgetPairs();
      return removed;
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // Work accepted before close finishes; only then do the connections go.
      await this.writerTail;
      await this.spanCommitsSettled();
      await Promise.allSettled([...this.readsInFlight]);
      // Checkpoint on a worker thread: closeSync would do it on the event loop, and a
      // WAL near checkpointThreshold takes a while. A failure leaves the WAL for replay.
      await this.writer.run('CHECKPOINT').catch(noop);
      for (const conn of this.spanWriters) conn.closeSync();
      this.instance.closeSync();
    })();
    return this.closing;
  }

  /**
   * Runs `task` after every writer task queued before it, one at a time; unless
   * `overlapsSpanCommits`, also after every span write's COMMIT has ended.
   */
  private onWriter<T>(method: string, task: () => Promise<T>, overlapsSpanCommits = false): Promise<T> {
    if (this.closing) return Promise.reject(new StoreClosedError(method));
    const run = overlapsSpanCommits ? this.writerTail.then(task) : this.writerTail.then(() => this.spanCommitsSettled()).then(task);
    this.writerTail = run.then(noop, noop);
    return run;
  }

  /**
   * Runs `task` on its own connection inside one read transaction: a read of several
   * statements sees one snapshot, even if a write or a deleteOlderThan commits meanwhile.
   */
  private onReader<T>(method: string, task: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new StoreClosedError(method));
    const run = (async () => {
      const conn = await this.instance.connect();
      try {
        await conn.run('BEGIN TRANSACTION READ ONLY');
        const result = await task(conn);
        await conn.run('COMMIT');
        return result;
      } finally {
        // Closing the connection also ends a transaction left open by a failure.
        conn.closeSync();
      }
    })();
    this.readsInFlight.add(run);
    void run.finally(() => this.readsInFlight.delete(run)).catch(noop);
    return run;
  }

  /** One commit for the whole task: a batch is stored whole or not at all, and COMMIT syncs the WAL. */
  private async inTransaction(task: () => Promise<void>): Promise<void> {
    await this.writer.run('BEGIN TRANSACTION');
    try {
      await task();
      await this.writer.run('COMMIT');
    } catch (err) {
      await this.writer.run('ROLLBACK').catch(noop);
      throw err;
    }
  }

}
