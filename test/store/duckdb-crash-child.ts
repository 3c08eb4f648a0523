/**
 * Run in a child process by duckdb.test.ts: writes to the store at argv[2],
 * then SIGKILLs itself as soon as writeSpans has resolved, without close(),
 * so nothing but what writeSpans made durable survives.
 */
import { openDuckDbStore } from '../../src/store/duckdb/index.js';
import { checkoutTrace, T0 } from './fixtures.js';

const dir = process.argv[process.argv.length - 1]!;
const store = await openDuckDbStore({ path: dir });
await store.writeSpans(checkoutTrace({ trace: 1 }));
const many = [];
for (let n = 2; n < 1002; n++) many.push(...checkoutTrace({ trace: n, start: T0 + BigInt(n) * 1_000_000n }));
await store.writeSpans(many);
process.kill(process.pid, 'SIGKILL');
