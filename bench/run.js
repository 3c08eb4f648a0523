// `npm run bench [ingest|query|proxy|ui|store|collector|signals]`: each benchmark prints one JSON line of figures.
import { benchIngest } from './ingest.js';
import { benchQuery } from './query.js';
import { benchProxy } from './proxy.js';
import { benchUi } from './ui.js';
import { benchStore } from './store.js';
import { benchCollector } from './collector.js';
import { benchSignals } from './signals.js';

const which = process.argv[2];
const benches = { ingest: benchIngest, query: benchQuery, proxy: benchProxy, ui: benchUi, store: benchStore, collector: benchCollector, signals: benchSignals };
for (const [name, run] of Object.entries(benches)) {
  if (which && which !== name) continue;
  const figures = await run();
  process.stdout.write(JSON.stringify(figures) + '\n');
}
