import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLOB, blobValue, DuckDBInstance, UBIGINT, UINTEGER, VARCHAR } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resourceIdentityOf, Temporality, type LogRecord, type MetricPoint } from '../../src/model/index.js';
import { encodeAttributeText } from '../../src/store/duckdb/attribute-text.js';
import { createTable } from '../../src/store/duckdb/column-defs.js';
import { MAX_BLOCK_RECORDS } from '../../src/store/duckdb/log-blocks.js';
import { LOG_COLUMNS, LOGS_TABLE } from '../../src/store/duckdb/signal-schema.js';
import { DATABASE_FILE, openDuckDbStore } from '../../src/store/duckdb/index.js';
import { encodePointData } from '../../src/store/metric-point-json.js';
import { isLogStore, isMetricStore, type LogQuery, type Store } from '../../src/store/index.js';
import { hex, HOUR, MS, SCOPE, spanId, T0, traceId } from './fixtures.js';
import { logRecord, podResource, point, runSignalsConformance, type SignalStore } from './signals-conformance.js';

function asSignalStore(store: Store): SignalStore {
  if (!isLogStore(store) || !isMetricStore(store)) throw new Error('the DuckDB store must implement LogStore and MetricStore');
  return store;
}

runSignalsConformance('duckdb (directory)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ariadne-signals-'));
  return { store: asSignalStore(await openDuckDbStore({ path: dir })), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

runSignalsConformance('duckdb (in memory)', async () => ({ store: asSignalStore(await openDuckDbStore({ path: ':memory:' })), cleanup: async () => undefined }));

describe('DuckDB logs and metric points: storage details', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ariadne-signals-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const pod = podResource('checkout', 'checkout-1');
  const podFilter = new Map([['k8s.pod.name', 'checkout-1'], ['k8s.namespace.name', 'shop']]);
  const gauge = (t: bigint, v: number): MetricPoint => point('cpu', t, pod, { type: 'gauge', value: { type: 'double', value: v } });

  it('stores exactly, through the appender, a chunk whose text holds the delimiters', async () => {
    const store = asSignalStore(await openDuckDbStore({ path: dir }));
    try {
      const odd = [
        { name: 'record separator', text: 'a\x1eb' },
        { name: 'unit separator', text: 'a\x1fb' },
        { name: 'NUL', text: 'a\0b' },
      ];
      for (const [i, c] of odd.entries()) {
        const t = T0 + BigInt(i) * MS;
        const attrs = [{ key: 'k', value: { type: 'string' as const, value: c.text } }];
        const r = logRecord({ timeUnixNano: t, resource: pod, body: { type: 'string', value: c.text }, attributes: attrs, traceId: traceId(i + 1), spanId: spanId(i + 1, 1) });
        const plain = logRecord({ timeUnixNano: t + 1n, resource: pod, traceId: traceId(i + 1), spanId: spanId(i + 1, 2) });
        await store.writeLogs([r, plain]);
        expect(await store.getTraceLogs(traceId(i + 1)), c.name).toStrictEqual([r, plain]);
        const p = point(`m${c.text}`, t, pod, { type: 'gauge', value: { type: 'int', value: 7n } }, attrs);
        await store.writeMetricPoints([p]);
        expect(await store.getMetricPoints({ name: p.name, resource: podFilter, startTimeMinNs: T0, startTimeMaxNs: T0 + HOUR }), c.name).toStrictEqual([p]);
      }
    } finally {
      await store.close();
    }
  });

  it('keeps gauges and sums of doubles exactly without their JSON', async () => {
    const store = asSignalStore(await openDuckDbStore({ path: dir }));
    try {
      const doubles = [-0, 0, NaN, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE, 0.1, -1.5e-300, 2 ** 53 + 2];
      const ps = doubles.flatMap((v, i) => [
        point('g', T0 + BigInt(i) * MS, pod, { type: 'gauge', value: { type: 'double', value: v } }),
        point('s', T0 + BigInt(i) * MS, pod, { type: 'sum', temporality: Temporality.DELTA, monotonic: i % 2 === 0, value: { type: 'double', value: v } }),
      ]);
      await store.writeMetricPoints(ps);
      for (const name of ['g', 's']) {
        const got = await store.getMetricPoints({ name, resource: podFilter, startTimeMinNs: T0, startTimeMaxNs: T0 + HOUR });
        expect(got, name).toStrictEqual(ps.filter((p) => p.name === name));
        expect(got.map((p) => (p.data.type === 'gauge' || p.data.type === 'sum' ? Object.is(p.data.value.value, -0) : false))[0], `${name}: -0 keeps its sign`).toBe(true);
      }
    } finally {
      await store.close();
    }
  });

  it('writes a resource/scope pair again after retention removed it', async () => {
    const store = asSignalStore(await openDuckDbStore({ path: dir }));
    try {
      await store.writeLogs([logRecord({ timeUnixNano: T0, resource: pod, traceId: traceId(1) })]);
      await store.writeMetricPoints([gauge(T0, 1)]);
      expect(await store.deleteLogsOlderThan(T0 + HOUR)).toBe(1);
      expect(await store.deleteMetricPointsOlderThan(T0 + HOUR)).toBe(1);
      const later = logRecord({ timeUnixNano: T0 + 2n * HOUR, resource: pod, traceId: traceId(1) });
      await store.writeLogs([later]);
      await store.writeMetricPoints([gauge(T0 + 2n * HOUR, 2)]);
      expect(await store.getTraceLogs(traceId(1))).toStrictEqual([later]);
      expect(await store.getMetricPoints({ name: 'cpu', resource: podFilter, startTimeMinNs: T0, startTimeMaxNs: T0 + 3n * HOUR })).toStrictEqual([gauge(T0 + 2n * HOUR, 2)]);
    } finally {
      await store.close();
    }
  });

  it('answers from log blocks what a scan of every record would: many blocks, ties, limits and a straddled retention cutoff', async () => {
    // More records of one pod than a block holds, several pods, batches overlapping in
    // time, equal times (ties go by observed time, then arrival), and more blocks than
    // findLogs decodes per round.
    const pods = [pod, podResource('checkout', 'checkout-2'), podResource('inventory', 'inventory-1')];
    const words = ['payment', 'declined', 'stock', 'ok', 'Timeout'];
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const all: LogRecord[] = [];
    const store = asSignalStore(await openDuckDbStore({ path: dir }));
    try {
      // 40 batches x 3 pods: 120 blocks; the first batch holds more than a block of one pod.
      for (let batch = 0; batch < 40; batch++) {
        const rs: LogRecord[] = [];
        for (let i = 0; i < (batch === 0 ? 3 * MAX_BLOCK_RECORDS + 100 : 150); i++) {
          const t = T0 + BigInt(next(400)) * MS;
          const trace = next(30);
          rs.push(
            logRecord({
              timeUnixNano: t,
              observedTimeUnixNano: t + BigInt(next(3)),
              resource: pods[next(pods.length)]!,
              severityNumber: [9, 13, 17, 21][next(4)]!,
              body: { type: 'string', value: `${words[next(words.length)]} ${batch}-${i}` },
              traceId: trace === 0 ? new Uint8Array(0) : traceId(trace),
              spanId: trace === 0 ? new Uint8Array(0) : spanId(trace, next(3)),
            }),
          );
        }
        await store.writeLogs(rs);
        all.push(...rs);
      }
      const ts = (r: LogRecord): bigint => (r.timeUnixNano !== 0n ? r.timeUnixNano : r.observedTimeUnixNano);
      // Arrival order is per block: records of one pod keep theirs, so compare within equal (time, observed).
      const byTime = (a: LogRecord, b: LogRecord): number =>
        ts(a) !== ts(b) ? (ts(a) < ts(b) ? -1 : 1) : a.observedTimeUnixNano !== b.observedTimeUnixNano ? (a.observedTimeUnixNano < b.observedTimeUnixNano ? -1 : 1) : 0;
      const key = (r: LogRecord): string => `${ts(r)}/${r.observedTimeUnixNano}/${(r.body as { value: string }).value}`;
      const sameSet = (got: LogRecord[], want: LogRecord[]): void => {
        expect(got.length).toBe(want.length);
        expect(got.map(key).sort()).toEqual(want.map(key).sort());
        for (let i = 1; i < got.length; i++) expect(byTime(got[i - 1]!, got[i]!)).toBeLessThanOrEqual(0);
      };
      for (const trace of [1, 7, 29]) {
        const want = all.filter((r) => r.traceId.length > 0 && hex(r.traceId) === hex(traceId(trace)));
        sameSet(await store.getTraceLogs(traceId(trace)), want);
        const oneSpan = want.filter((r) => hex(r.spanId) === hex(spanId(trace, 1)));
        sameSet(await store.getTraceLogs(traceId(trace), spanId(trace, 1)), oneSpan);
      }
      const newest = (rs: LogRecord[], n: number): LogRecord[] => [...rs].sort((a, b) => byTime(b, a)).slice(0, n);
      const checkFind = async (q: LogQuery, match: (r: LogRecord) => boolean): Promise<void> => {
        const got = await store.findLogs(q);
        const want = newest(all.filter(match), q.limit);
        expect(got.length, JSON.stringify(q, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).toBe(want.length);
        // The cut at `limit` may fall inside a run of equal times: compare the times, and the records above the cut's time.
        expect(got.map(ts)).toEqual(want.map(ts));
        const cut = want.length > 0 ? ts(want[want.length - 1]!) : 0n;
        expect(got.filter((r) => ts(r) > cut).map(key).sort()).toEqual(want.filter((r) => ts(r) > cut).map(key).sort());
      };
      await checkFind({ limit: 100 }, () => true);
      await checkFind({ limit: 5000 }, () => true);
      await checkFind({ service: 'inventory', limit: 50 }, (r) => r.resource === pods[2]);
      await checkFind({ minSeverityNumber: 21, limit: 200 }, (r) => r.severityNumber >= 21);
      await checkFind({ bodyContains: 'TIMEOUT 3', limit: 1000 }, (r) => (r.body as { value: string }).value.toLowerCase().includes('timeout 3'));
      await checkFind({ startTimeMinNs: T0 + 100n * MS, startTimeMaxNs: T0 + 120n * MS, limit: 10_000 }, (r) => ts(r) >= T0 + 100n * MS && ts(r) <= T0 + 120n * MS);

      // A cutoff inside most blocks' time ranges: they are rewritten with the records they keep.
      const cutoff = T0 + 200n * MS;
      expect(await store.deleteLogsOlderThan(cutoff)).toBe(all.filter((r) => ts(r) < cutoff).length);
      const left = all.filter((r) => ts(r) >= cutoff);
      await checkFind({ limit: 10_000 }, (r) => ts(r) >= cutoff);
      sameSet(await store.getTraceLogs(traceId(7)), left.filter((r) => r.traceId.length > 0 && hex(r.traceId) === hex(traceId(7))));
    } finally {
      await store.close();
    }
  });

  it('reads and keeps rows of a file written before log blocks, resource_scope_id and series_key', async () => {
    const file = join(dir, DATABASE_FILE);
    // The older layout: a row per log record in `logs`, metric_points without the added
    // columns, and the pair's text on each row.
    await (await openDuckDbStore({ path: dir })).close();
    const oldRecord = logRecord({ timeUnixNano: T0, resource: pod, traceId: traceId(1), spanId: spanId(1, 1), body: { type: 'string', value: 'old' } });
    const oldPoint = gauge(T0, 0.5);
    {
      const instance = await DuckDBInstance.create(file);
      const conn = await instance.connect();
      await conn.run(createTable(LOGS_TABLE, LOG_COLUMNS.filter((c) => c.name !== 'resource_scope_id')));
      await conn.run('ALTER TABLE metric_points DROP COLUMN series_key');
      await conn.run('ALTER TABLE metric_points DROP COLUMN resource_scope_id');
      await conn.run(`CREATE INDEX logs_trace_id ON ${LOGS_TABLE} (trace_id)`);
      const origin = [
        'checkout',
        resourceIdentityOf((k) => (k === 'k8s.pod.name' ? 'checkout-1' : k === 'k8s.namespace.name' ? 'shop' : undefined)).key,
        encodeAttributeText(pod.attributes),
        pod.droppedAttributesCount,
        pod.schemaUrl,
        SCOPE.name,
        SCOPE.version,
        encodeAttributeText(SCOPE.attributes),
        SCOPE.droppedAttributesCount,
        SCOPE.schemaUrl,
      ];
      await conn.run(
        'INSERT INTO logs VALUES ($1, $1, $2, 9, $3, $4, $5, $6, 0, 1, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)',
        [oldRecord.timeUnixNano, oldRecord.observedTimeUnixNano, 'INFO', '{"stringValue":"old"}', 'old', encodeAttributeText([]), blobValue(oldRecord.traceId), blobValue(oldRecord.spanId), '', ...origin],
        [UBIGINT, UBIGINT, VARCHAR, VARCHAR, VARCHAR, VARCHAR, BLOB, BLOB, VARCHAR, VARCHAR, VARCHAR, VARCHAR, UINTEGER, VARCHAR, VARCHAR, VARCHAR, VARCHAR, UINTEGER, VARCHAR],
      );
      await conn.run(
        "INSERT INTO metric_points VALUES ('cpu', $1, '1', 'gauge', 0, false, $2, $3, 0, 0.5, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        [oldPoint.description, oldPoint.startTimeUnixNano, oldPoint.timeUnixNano, encodePointData(oldPoint.data), encodeAttributeText([]), ...origin],
        [VARCHAR, UBIGINT, UBIGINT, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, UINTEGER, VARCHAR, VARCHAR, VARCHAR, VARCHAR, UINTEGER, VARCHAR],
      );
      conn.closeSync();
      instance.closeSync();
    }
    const store = asSignalStore(await openDuckDbStore({ path: dir }));
    try {
      const newRecord = logRecord({ timeUnixNano: T0 + MS, resource: pod, traceId: traceId(1), spanId: spanId(1, 2) });
      const newPoint = gauge(T0 + MS, 0.7);
      await store.writeLogs([newRecord]);
      await store.writeMetricPoints([newPoint]);
      expect(await store.getTraceLogs(traceId(1))).toStrictEqual([oldRecord, newRecord]);
      expect(await store.getTraceLogs(traceId(1), spanId(1, 1))).toStrictEqual([oldRecord]);
      expect(await store.findLogs({ service: 'checkout', limit: 10 })).toStrictEqual([newRecord, oldRecord]);
      const window = { name: 'cpu', startTimeMinNs: T0, startTimeMaxNs: T0 + HOUR };
      expect(await store.getMetricPoints({ ...window, resource: podFilter })).toStrictEqual([oldPoint, newPoint]);
      expect(await store.getMetricPoints({ ...window, resource: new Map([['service.name', 'checkout']]) })).toStrictEqual([oldPoint, newPoint]);
      expect(await store.deleteLogsOlderThan(T0 + MS)).toBe(1);
      expect(await store.getTraceLogs(traceId(1))).toStrictEqual([newRecord]);
    } finally {
      await store.close();
    }
    // The rows moved into blocks and the old table is gone.
    const instance = await DuckDBInstance.create(file);
    const conn = await instance.connect();
    try {
      const tables = (await conn.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE table_name IN ('logs', 'log_blocks')")).getRows().flat();
      expect(tables).toEqual(['log_blocks']);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
