/**
 * Databases for the ClickHouse test files: chDB (in this process, one data directory
 * per process, removed after the file) when the package is installed, and a real
 * server when ARIADNE_CLICKHOUSE_URL is set. Each call of freshUrl names a database no
 * other test uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { chdbAvailable, connectClickHouse } from '../../src/store/clickhouse/index.js';

export const HAS_CHDB = await chdbAvailable();
export const NO_CHDB = "the npm package 'chdb' is not installed (npm install --no-save chdb@3.4.0)";
export const SERVER_URL = process.env['ARIADNE_CLICKHOUSE_URL'];
export const NO_SERVER = 'ARIADNE_CLICKHOUSE_URL is not set (e.g. clickhouse://default:@127.0.0.1:8123/ariadne_test)';

/** Databases of one test file; `prefix` keeps files apart on a shared server. */
export function testDatabases(prefix: string): { freshUrl(base: 'chdb' | string): string; dropDatabase(url: string): Promise<void> } {
  const chdbDir = HAS_CHDB ? mkdtempSync(join(tmpdir(), `ariadne-${prefix}-`)) : '';
  afterAll(() => {
    if (chdbDir) rmSync(chdbDir, { recursive: true, force: true });
  });
  let databases = 0;
  return {
    freshUrl(base) {
      const db = `ariadne_${prefix}_${process.pid}_${databases++}`;
      if (base === 'chdb') return `chdb:${chdbDir}?database=${db}`;
      const u = new URL(base);
      u.pathname = `/${db}`;
      return u.toString();
    },
    async dropDatabase(url) {
      const { client, layout } = await connectClickHouse({ url });
      try {
        await client.command({ query: `DROP DATABASE IF EXISTS ${layout.database} SYNC` });
      } finally {
        await client.close();
      }
    },
  };
}
