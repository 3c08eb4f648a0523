import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { DATABASE_FILE, openDuckDbStore, StoreSchemaVersionError, StoreWriteError } from '../../src/store/duckdb/index.js';
import { runStoreConformance } from './conformance.js';
import { checkoutTrace, traceId } from './fixtures.js';

const RUN_TS = "import { runnerImport } from 'vite'; await runnerImport(process.argv[1]);";

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ariadne-duckdb-'));
}

runStoreConformance('duckdb (directory)', async () => {
  const dir = await tempDir();
  const store = await openDuckDbStore({ path: dir });
  return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
});

runStoreConformance('duckdb (in memory)', async () => ({
  store: await openDuckDbStore({ path: ':memory:' }),
  cleanup: async () => undefined,
}));

describe('DuckDB store on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds its data again after close and reopen', async () => {
    const spans = checkoutTrace({ trace: 1 });
    const first = await openDuckDbStore({ path: dir });
    await first.writeSpans(spans);
    await first.close();
    const second = await openDuckDbStore({ path: dir });
    try {
      expect(await second.getTrace(traceId(1))).toStrictEqual(spans);
      expect(await second.getServices()).toEqual(['db', 'frontend']);
      const [summary] = await second.findTraces({ service: 'db', limit: 1 });
      expect(summary?.spanCount).toBe(4);
    } finally {
      await second.close();
    }
  });

  it('keeps every acknowledged span when the process is killed without close', async () => {
    // The child imports TypeScript sources; Vite's module runner (vitest's own engine) loads them.
    const child = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', RUN_TS, fileURLToPath(new URL('./duckdb-crash-child.ts', import.meta.url)), dir],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.signal, child.stderr).toBe('SIGKILL');
    const store = await openDuckDbStore({ path: dir });
    try {
      expect(await store.getTrace(traceId(1))).toStrictEqual(checkoutTrace({ trace: 1 }));
      const [summary] = await store.findTraces({ service: 'db', limit: 1 });
      expect(summary?.traceId).toEqual(traceId(1001));
      expect((await store.getTraces([traceId(2), traceId(1001)])).size).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('opens a path naming the .duckdb file itself', async () => {
    const file = join(dir, 'nested', 'traces.duckdb');
    const store = await openDuckDbStore({ path: file });
    await store.writeSpans(checkoutTrace({ trace: 1 }));
    await store.close();
    expect((await stat(file)).isFile()).toBe(true);
  });

  it('refuses a database file of another schema version, saying what to do', async () => {
    await (await openDuckDbStore({ path: dir })).close();
    const db = await DuckDBInstance.create(join(dir, DATABASE_FILE));
    const conn = await db.connect();
    await conn.run("UPDATE ariadne_meta SET value = '0' WHERE key = 'schema_version'");
    conn.closeSync();
    db.closeSync();
    const err = await openDuckDbStore({ path: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreSchemaVersionError);
    expect(String(err)).toMatch(/schema version 0.*ariadne migrate/);
  });

  it('opens in memory', async () => {
    const store = await openDuckDbStore({ path: ':memory:' });
    await store.writeSpans(checkoutTrace({ trace: 1 }));
    expect(await store.getTrace(traceId(1))).toHaveLength(4);
    await store.close();
  });

  it('wraps a failed write in StoreWriteError and stores none of the batch', async () => {
    const store = await openDuckDbStore({ path: ':memory:' });
    try {
      const good = checkoutTrace({ trace: 1 });
      // A flags value outside uint32 is refused by the column; the good spans of the batch must not stay.
      const bad = { ...good[1]!, flags: -1 };
      const err = await store.writeSpans([good[0]!, bad]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreWriteError);
      expect(await store.getTrace(traceId(1))).toEqual([]);
      await store.writeSpans(good);
      expect(await store.getTrace(traceId(1))).toHaveLength(4);
    } finally {
      await store.close();
    }
  });
});
