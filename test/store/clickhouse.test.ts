/**
 * The Store conformance suite on ClickHouse: on chDB (ClickHouse's engine in this
 * process, through @clickhouse/client's `connection`) when the package is installed
 * (.ci/run installs it: npm install --no-save chdb@3.4.0), and on a real server when
 * ARIADNE_CLICKHOUSE_URL is set. Each test gets a database of its own.
 */
import { describe, expect, it } from 'vitest';
import {
  ClickHouseSchemaVersionError,
  connectClickHouse,
  migrateClickHouse,
  openClickHouseStore,
  SCHEMA_VERSION,
} from '../../src/store/clickhouse/index.js';
import { HAS_CHDB, NO_CHDB, NO_SERVER, SERVER_URL, testDatabases } from './clickhouse-databases.js';
import { runStoreConformance, type OpenedStore } from './conformance.js';
import { checkoutTrace, hex, T0, traceId } from './fixtures.js';

const { freshUrl, dropDatabase } = testDatabases('test');

function opener(base: string): () => Promise<OpenedStore> {
  return async () => {
    const url = freshUrl(base);
    const store = await openClickHouseStore({ url });
    return { store, cleanup: () => dropDatabase(url) };
  };
}

runStoreConformance('clickhouse (chDB, in process)', opener('chdb'), HAS_CHDB ? {} : { skip: NO_CHDB });
runStoreConformance('clickhouse (server at ARIADNE_CLICKHOUSE_URL)', opener(SERVER_URL ?? ''), SERVER_URL ? {} : { skip: NO_SERVER });

describe.skipIf(!HAS_CHDB)(`ClickHouse store on chDB${HAS_CHDB ? '' : ` (skipped: ${NO_CHDB})`}`, () => {
  it('runs migrations once: a second migrate applies nothing and keeps the data', async () => {
    const url = freshUrl('chdb');
    try {
      const first = await migrateClickHouse({ url });
      expect(first).toMatchObject({ from: 0, to: SCHEMA_VERSION, applied: [1, 2] });
      const store = await openClickHouseStore({ url });
      await store.writeSpans(checkoutTrace({ trace: 1 }));
      await store.close();
      const again = await migrateClickHouse({ url });
      expect(again).toMatchObject({ from: SCHEMA_VERSION, applied: [] });
      const reopened = await openClickHouseStore({ url, migrate: false });
      expect(await reopened.getTrace(traceId(1))).toStrictEqual(checkoutTrace({ trace: 1 }));
      await reopened.close();
    } finally {
      await dropDatabase(url);
    }
  });

  it('a read-only opener refuses a database that was never migrated, saying what to run', async () => {
    const url = freshUrl('chdb');
    const err = await openClickHouseStore({ url, migrate: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClickHouseSchemaVersionError);
    expect(String(err)).toMatch(/schema version 0.*ariadne migrate/);
  });

  it('sets and removes the retention TTL on every table', async () => {
    const url = freshUrl('chdb');
    try {
      await migrateClickHouse({ url, retentionDays: 7 });
      const { client, layout } = await connectClickHouse({ url });
      const engines = async (): Promise<string[]> => {
        const rs = await client.query({
          query: 'SELECT engine_full FROM system.tables WHERE database = {db:String} AND engine LIKE {e:String} ORDER BY name',
          query_params: { db: layout.database, e: '%MergeTree' },
          format: 'JSONCompactEachRow',
        });
        return (await rs.json<[string]>()).map((r) => r[0]);
      };
      try {
        const withTtl = await engines();
        // spans, traces, operations, resource_scopes, logs, metric_points
        expect(withTtl.filter((e) => e.includes('toIntervalDay(7)'))).toHaveLength(6);
        await migrateClickHouse({ url, retentionDays: 0 });
        expect((await engines()).filter((e) => e.includes(' TTL '))).toEqual([]);
      } finally {
        await client.close();
      }
    } finally {
      await dropDatabase(url);
    }
  });

  it('stores ids as FixedString and times as DateTime64(9), exact to the nanosecond', async () => {
    const url = freshUrl('chdb');
    try {
      const store = await openClickHouseStore({ url });
      await store.writeSpans(checkoutTrace({ trace: 1 }));
      await store.close();
      const { client, layout } = await connectClickHouse({ url });
      try {
        const rs = await client.query({
          query: `SELECT toTypeName(trace_id), toTypeName(start), toString(toUnixTimestamp64Nano(min(start))), lower(hex(any(trace_id))) FROM ${layout.table('spans')} GROUP BY 1, 2`,
          format: 'JSONCompactEachRow',
        });
        expect(await rs.json()).toEqual([['FixedString(16)', "DateTime64(9, 'UTC')", T0.toString(), hex(traceId(1))]]);
      } finally {
        await client.close();
      }
    } finally {
      await dropDatabase(url);
    }
  });
});
