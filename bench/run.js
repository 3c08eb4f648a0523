// `npm run bench [ingest|query]`: each benchmark prints one JSON line of figures.
import { benchIngest } from './ingest.js';
import { benchQuery } from './query.js';

const which = process.argv[2];
const benches = { ingest: benchIngest, query: benchQuery };
for (const [name, run] of Object.entries(benches)) {
  if (which && which !== name) continue;
  const figures = await run();
  process.stdout.write(JSON.stringify(figures) + '\n');
}
