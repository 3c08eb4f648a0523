/**
 * The logs and metrics conformance suite on ClickHouse, on chDB when the package is
 * installed (.ci/run installs it) and on a real server when ARIADNE_CLICKHOUSE_URL is
 * set; plus what is particular to ClickHouse: version-1 databases gain the signal
 * tables by migration, and ids and times keep their stored types.
 */
import { describe, expect, it } from 'vitest';
import { ClickHouseStore, connectClickHouse, openClickHouseStore } from '../../src/store/clickhouse/index.js';
import { createStatements } from '../../src/store/clickhouse/schema.js';
import { checkoutTrace, hex, spanId, T0, traceId } from './fixtures.js';
import { HAS_CHDB, NO_CHDB, NO_SERVER, SERVER_URL, testDatabases } from './clickhouse-databases.js';
import { logRecord, podResource, runSignalsConformance, type SignalStore } from './signals-conformance.js';

const { freshUrl, dropDatabase } = testDatabases('signals');

async function openSignalStore(url: string): Promise<SignalStore> {
  return (await openClickHouseStore({ url })) as ClickHouseStore;
}

function opener(base: string) {
  return async () => {
    const url = freshUrl(base);
    return { store: await openSignalStore(url), cleanup: () => dropDatabase(url) };
  };
}

runSignalsConformance('clickhouse (chDB, in process)', opener('chdb'), HAS_CHDB ? {} : { skip: NO_CHDB });
runSignalsConformance('clickhouse (server at ARIADNE_CLICKHOUSE_URL)', opener(SERVER_URL ?? ''), SERVER_URL ? {} : { skip: NO_SERVER });

describe.skipIf(!HAS_CHDB)(`ClickHouse logs and metrics on chDB${HAS_CHDB ? '' : ` (skipped: ${NO_CHDB})`}`, () => {
  it('migrates a version-1 database (spans only) to the signal tables, keeping its spans', async () => {
    const url = freshUrl('chdb');
    try {
      const { client, layout } = await connectClickHouse({ url });
      try {
        // A database as the previous release left it: version 1's tables and its row.
        await client.command({ query: `CREATE DATABASE ${layout.database}` });
        await client.command({
          query: `CREATE TABLE ${layout.table('schema_migrations')} (version UInt32, description String, applied_at DateTime DEFAULT now()) ENGINE = MergeTree ORDER BY version`,
        });
        for (const sql of createStatements(layout)) await client.command({ query: sql });
        await client.command({ query: `INSERT INTO ${layout.table('schema_migrations')} (version, description) VALUES (1, 'v1')` });
        await new ClickHouseStore(client, layout).writeSpans(checkoutTrace({ trace: 2 }));
      } finally {
        await client.close();
      }
      const store = await openSignalStore(url);
      expect(await store.getTrace(traceId(2))).toStrictEqual(checkoutTrace({ trace: 2 }));
      const checkout = podResource('checkout', 'checkout-1');
      const record = logRecord({ timeUnixNano: T0, resource: checkout, traceId: traceId(1), spanId: spanId(1, 1) });
      await store.writeLogs([record]);
      expect(await store.getTraceLogs(traceId(1))).toStrictEqual([record]);
      await store.close();
    } finally {
      await dropDatabase(url);
    }
  });

  it('stores log ids as FixedString and times as DateTime64(9); a record without trace context has zero ids', async () => {
    const url = freshUrl('chdb');
    try {
      const store = await openSignalStore(url);
      const checkout = podResource('checkout', 'checkout-1');
      const untraced = logRecord({ timeUnixNano: 0n, observedTimeUnixNano: T0, resource: checkout });
      await store.writeLogs([logRecord({ timeUnixNano: T0, resource: checkout, traceId: traceId(1), spanId: spanId(1, 1) }), untraced]);
      // Time 0 falls back to the observed time for order and search, and reads back as 0.
      expect(await store.findLogs({ startTimeMinNs: T0, startTimeMaxNs: T0, limit: 5 })).toHaveLength(2);
      expect((await store.findLogs({ limit: 5 })).find((r) => r.traceId.length === 0)).toStrictEqual(untraced);
      await store.close();
      const { client, layout } = await connectClickHouse({ url });
      try {
        const rs = await client.query({
          query: `SELECT toTypeName(trace_id), toTypeName(ts), lower(hex(trace_id)), toString(toUnixTimestamp64Nano(ts)) FROM ${layout.table('logs')} ORDER BY trace_id DESC`,
          format: 'JSONCompactEachRow',
        });
        expect(await rs.json()).toEqual([
          ['FixedString(16)', "DateTime64(9, 'UTC')", hex(traceId(1)), T0.toString()],
          ['FixedString(16)', "DateTime64(9, 'UTC')", '0'.repeat(32), T0.toString()],
        ]);
      } finally {
        await client.close();
      }
    } finally {
      await dropDatabase(url);
    }
  });
});
