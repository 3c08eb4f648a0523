import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLOB, blobValue, DuckDBInstance, UBIGINT, UINTEGER, VARCHAR } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resourceIdentityOf, Temporality, type MetricPoint } from '../../src/model/index.js';
import { encodeAttributeText } from '../../src/store/duckdb/attribute-text.js';
import { DATABASE_FILE, openDuckDbStore } from '../../src/store/duckdb/index.js';
import { encodePointData } from '../../src/store/metric-point-json.js';
import { isLogStore, isMetricStore, type Store } from '../../src/store/index.js';
import { HOUR, MS, SCOPE, spanId, T0, traceId } from './fixtures.js';
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

  it('reads and keeps rows of a file written before resource_scope_id and series_key', async () => {
    const file = join(dir, DATABASE_FILE);
    // The older layout: this store's file, with the added columns gone and the pair's text on each row.
    await (await openDuckDbStore({ path: dir })).close();
    const oldRecord = logRecord({ timeUnixNano: T0, resource: pod, traceId: traceId(1), spanId: spanId(1, 1), body: { type: 'string', value: 'old' } });
    const oldPoint = gauge(T0, 0.5);
    {
      const instance = await DuckDBInstance.create(file);
      const conn = await instance.connect();
      await conn.run('DROP INDEX logs_trace_id');
      await conn.run('ALTER TABLE logs DROP COLUMN resource_scope_id');
      await conn.run('ALTER TABLE metric_points DROP COLUMN series_key');
      await conn.run('ALTER TABLE metric_points DROP COLUMN resource_scope_id');
      await conn.run('CREATE INDEX logs_trace_id ON logs (trace_id)');
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
  });
});
