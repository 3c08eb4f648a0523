import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDbStore } from '../../src/store/duckdb/index.js';
import { isLogStore, isMetricStore, type Store } from '../../src/store/index.js';
import { runSignalsConformance, type SignalStore } from './signals-conformance.js';

function asSignalStore(store: Store): SignalStore {
  if (!isLogStore(store) || !isMetricStore(store)) throw new Error('the DuckDB store must implement LogStore and MetricStore');
  return store;
}

runSignalsConformance('duckdb (directory)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ariadne-signals-'));
  return { store: asSignalStore(await openDuckDbStore({ path: dir })), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

runSignalsConformance('duckdb (in memory)', async () => ({ store: asSignalStore(await openDuckDbStore({ path: ':memory:' })), cleanup: async () => undefined }));
