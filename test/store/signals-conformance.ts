/**
 * The logs and metrics conformance suite: LogStore and MetricStore through their
 * interfaces only, so every backend runs it unchanged (like conformance.ts).
 *
 *   runSignalsConformance('duckdb', async () => ({ store, cleanup }));
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Temporality, type LogRecord, type MetricPoint, type MetricPointData, type Resource } from '../../src/model/index.js';
import type { LogStore, MetricStore, Store } from '../../src/store/index.js';
import { ALL_VALUE_TYPES, hex, HOUR, MS, resource, SCOPE, spanId, T0, traceId } from './fixtures.js';

export type SignalStore = Store & LogStore & MetricStore;

export interface OpenedSignalStore {
  readonly store: SignalStore;
  cleanup(): Promise<void>;
}

export function podResource(service: string, pod: string, namespace = 'shop'): Resource {
  return resource(service, [
    { key: 'k8s.pod.name', value: { type: 'string', value: pod } },
    { key: 'k8s.namespace.name', value: { type: 'string', value: namespace } },
    { key: 'service.instance.id', value: { type: 'string', value: `${pod}-instance` } },
  ]);
}

export function logRecord(fields: Partial<LogRecord> & Pick<LogRecord, 'timeUnixNano' | 'resource'>): LogRecord {
  return {
    observedTimeUnixNano: fields.timeUnixNano + MS,
    severityNumber: 9,
    severityText: 'INFO',
    body: { type: 'string', value: 'hello' },
    attributes: [],
    droppedAttributesCount: 0,
    flags: 1,
    traceId: new Uint8Array(0),
    spanId: new Uint8Array(0),
    eventName: '',
    scope: SCOPE,
    ...fields,
  };
}

export function point(name: string, t: bigint, res: Resource, data: MetricPointData, attrs: MetricPoint['attributes'] = []): MetricPoint {
  return { name, description: `${name} description`, unit: '1', startTimeUnixNano: T0, timeUnixNano: t, attributes: attrs, flags: 0, data, resource: res, scope: SCOPE };
}

const ALL_POINT_TYPES: readonly MetricPointData[] = [
  { type: 'gauge', value: { type: 'double', value: 0.25 } },
  { type: 'gauge', value: { type: 'int', value: 9_007_199_254_740_993n } },
  { type: 'sum', temporality: Temporality.CUMULATIVE, monotonic: true, value: { type: 'int', value: -5n } },
  { type: 'sum', temporality: Temporality.DELTA, monotonic: false, value: { type: 'double', value: NaN } },
  { type: 'histogram', temporality: Temporality.DELTA, count: 6n, sum: 12.5, min: 0.5, max: 9, bucketCounts: [1n, 2n, 3n], explicitBounds: [1, 5] },
  { type: 'histogram', temporality: Temporality.CUMULATIVE, count: 0n, bucketCounts: [], explicitBounds: [] },
  {
    type: 'exponential_histogram',
    temporality: Temporality.CUMULATIVE,
    count: 7n,
    sum: 3,
    scale: -2,
    zeroCount: 1n,
    zeroThreshold: 1e-9,
    positive: { offset: -3, bucketCounts: [1n, 2n] },
    negative: { offset: 0, bucketCounts: [3n] },
  },
  { type: 'summary', count: 10n, sum: 55, quantileValues: [{ quantile: 0.5, value: 5 }, { quantile: 0.99, value: Infinity }] },
];

export function runSignalsConformance(name: string, open: () => Promise<OpenedSignalStore>, opts: { skip?: string } = {}): void {
  const suite = opts.skip !== undefined ? describe.skip : describe;
  suite(`LogStore + MetricStore conformance: ${name}${opts.skip !== undefined ? ` (skipped: ${opts.skip})` : ''}`, () => {
    let opened: OpenedSignalStore;
    let store: SignalStore;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await store.close();
      await opened.cleanup();
    });

    const checkout = podResource('checkout', 'checkout-7d9f-abc');
    const inventory = podResource('inventory', 'inventory-1');

    it('keeps every field of a log record, body of any AnyValue type included', async () => {
      const records = [
        ...ALL_VALUE_TYPES.map((kv, i) =>
          logRecord({ timeUnixNano: T0 + BigInt(i) * MS, resource: checkout, body: kv.value, attributes: ALL_VALUE_TYPES, traceId: traceId(1), spanId: spanId(1, 1) }),
        ),
        logRecord({
          timeUnixNano: T0 + 100n * MS,
          observedTimeUnixNano: T0 + 101n * MS,
          resource: checkout,
          severityNumber: 17,
          severityText: 'ERROR',
          droppedAttributesCount: 3,
          flags: 0,
          eventName: 'checkout.failed',
          traceId: traceId(1),
          spanId: spanId(1, 2),
        }),
      ];
      await store.writeLogs(records);
      expect(await store.getTraceLogs(traceId(1))).toStrictEqual(records);
    });

    it('joins logs by trace id and by span id, in time order', async () => {
      const a = logRecord({ timeUnixNano: T0 + 3n * MS, resource: checkout, traceId: traceId(1), spanId: spanId(1, 1), body: { type: 'string', value: 'third' } });
      const b = logRecord({ timeUnixNano: T0 + 1n * MS, resource: checkout, traceId: traceId(1), spanId: spanId(1, 2), body: { type: 'string', value: 'first' } });
      const c = logRecord({ timeUnixNano: T0 + 2n * MS, resource: inventory, traceId: traceId(1), spanId: spanId(1, 1), body: { type: 'string', value: 'second' } });
      const other = logRecord({ timeUnixNano: T0, resource: checkout, traceId: traceId(2), spanId: spanId(2, 1) });
      const none = logRecord({ timeUnixNano: T0, resource: checkout });
      await store.writeLogs([a, b]);
      await store.writeLogs([c, other, none]);
      expect(await store.getTraceLogs(traceId(1))).toStrictEqual([b, c, a]);
      expect(await store.getTraceLogs(traceId(1), spanId(1, 1))).toStrictEqual([c, a]);
      expect(await store.getTraceLogs(traceId(3))).toStrictEqual([]);
    });

    it('searches logs by service, minimum severity, body text and time, most recent first', async () => {
      const rs = [
        logRecord({ timeUnixNano: T0, resource: checkout, severityNumber: 9, body: { type: 'string', value: 'Payment accepted' } }),
        logRecord({ timeUnixNano: T0 + MS, resource: checkout, severityNumber: 17, body: { type: 'string', value: 'PAYMENT declined: card expired' } }),
        logRecord({ timeUnixNano: T0 + 2n * MS, resource: inventory, severityNumber: 21, body: { type: 'string', value: 'out of stock' } }),
        logRecord({ timeUnixNano: T0 + HOUR, resource: checkout, severityNumber: 13, body: { type: 'kvlist', value: [{ key: 'msg', value: { type: 'string', value: 'payment slow' } }] } }),
      ];
      await store.writeLogs(rs);
      expect(await store.findLogs({ limit: 10 })).toStrictEqual([rs[3], rs[2], rs[1], rs[0]]);
      expect(await store.findLogs({ service: 'checkout', bodyContains: 'payment', limit: 10 })).toStrictEqual([rs[3], rs[1], rs[0]]);
      expect(await store.findLogs({ minSeverityNumber: 17, limit: 10 })).toStrictEqual([rs[2], rs[1]]);
      expect(await store.findLogs({ startTimeMinNs: T0 + MS, startTimeMaxNs: T0 + 2n * MS, limit: 10 })).toStrictEqual([rs[2], rs[1]]);
      expect(await store.findLogs({ limit: 1 })).toStrictEqual([rs[3]]);
      expect(await store.findLogs({ bodyContains: "'; DROP TABLE logs; --", limit: 10 })).toStrictEqual([]);
    });

    it('keeps every field of every point type', async () => {
      const points = ALL_POINT_TYPES.map((d, i) => point(`m${i}`, T0 + BigInt(i) * MS, checkout, d, ALL_VALUE_TYPES));
      await store.writeMetricPoints(points);
      for (let i = 0; i < points.length; i++) {
        const got = await store.getMetricPoints({ name: `m${i}`, resource: new Map([['k8s.pod.name', 'checkout-7d9f-abc'], ['k8s.namespace.name', 'shop']]), startTimeMinNs: T0, startTimeMaxNs: T0 + HOUR });
        expect(got, `point type ${points[i]!.data.type} #${i}`).toStrictEqual([points[i]]);
      }
    });

    it('joins points by resource identity (pod, else instance, else host) and time', async () => {
      const host = resource('batch', [{ key: 'host.name', value: { type: 'string', value: 'node-7' } }]);
      const instance = resource('api', [{ key: 'service.instance.id', value: { type: 'string', value: 'api-1' } }]);
      const cpu = (t: bigint, r: Resource, v: number): MetricPoint => point('k8s.pod.cpu.utilization', t, r, { type: 'gauge', value: { type: 'double', value: v } });
      const ps = [cpu(T0, checkout, 0.1), cpu(T0 + MS, inventory, 0.2), cpu(T0 + 2n * MS, checkout, 0.3), cpu(T0 + 3n * MS, host, 0.4), cpu(T0 + 4n * MS, instance, 0.5), cpu(T0 + 2n * HOUR, checkout, 0.9)];
      await store.writeMetricPoints(ps);
      const q = (resource: Map<string, string>, end = T0 + HOUR): Promise<MetricPoint[]> =>
        store.getMetricPoints({ name: 'k8s.pod.cpu.utilization', resource, startTimeMinNs: T0, startTimeMaxNs: end });
      expect(await q(new Map([['k8s.pod.name', 'checkout-7d9f-abc'], ['k8s.namespace.name', 'shop']]))).toStrictEqual([ps[0], ps[2]]);
      expect(await q(new Map([['k8s.pod.name', 'checkout-7d9f-abc']]))).toStrictEqual([ps[0], ps[2]]);
      expect(await q(new Map([['k8s.pod.name', 'checkout-7d9f-abc'], ['k8s.namespace.name', 'other']]))).toStrictEqual([]);
      expect(await q(new Map([['service.instance.id', 'api-1']]))).toStrictEqual([ps[4]]);
      expect(await q(new Map([['host.name', 'node-7']]))).toStrictEqual([ps[3]]);
      expect(await q(new Map([['k8s.pod.name', 'checkout-7d9f-abc'], ['k8s.namespace.name', 'shop']]), T0 + 3n * HOUR)).toStrictEqual([ps[0], ps[2], ps[5]]);
      expect(await store.getMetricNames(new Map([['host.name', 'node-7']]), T0, T0 + HOUR)).toEqual(['k8s.pod.cpu.utilization']);
    });

    it('drops old logs and points with deleteOlderThan, as it drops spans', async () => {
      await store.writeLogs([logRecord({ timeUnixNano: T0, resource: checkout, traceId: traceId(1) }), logRecord({ timeUnixNano: T0 + 2n * HOUR, resource: checkout, traceId: traceId(1) })]);
      await store.writeMetricPoints([point('m', T0, checkout, ALL_POINT_TYPES[0]!), point('m', T0 + 2n * HOUR, checkout, ALL_POINT_TYPES[0]!)]);
      await store.deleteOlderThan(T0 + HOUR);
      expect((await store.getTraceLogs(traceId(1))).map((r) => r.timeUnixNano)).toEqual([T0 + 2n * HOUR]);
      const left = await store.getMetricPoints({ name: 'm', resource: new Map(), startTimeMinNs: 0n, startTimeMaxNs: T0 + 3n * HOUR });
      expect(left.map((p) => p.timeUnixNano)).toEqual([T0 + 2n * HOUR]);
    });
  });
}
