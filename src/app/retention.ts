import type { Store } from '../store/index.js';
import type { AriadneMetrics } from '../telemetry/metrics.js';

const HOUR_MS = 3_600_000;
const DAY_NS = 86_400_000_000_000n;

/** Deletes data older than retentionDays, once at start and then hourly. Returns a stopper. */
export function startRetention(store: Store, retentionDays: number, metrics: AriadneMetrics, log: (m: string) => void): () => void {
  if (retentionDays <= 0) return () => {};
  const run = (): void => {
    const cutoff = BigInt(Date.now()) * 1_000_000n - BigInt(retentionDays) * DAY_NS;
    store.deleteOlderThan(cutoff).then(
      (n) => metrics.retentionDeleted.inc(n),
      (err: unknown) => log(`retention: delete failed: ${(err as Error).message}`),
    );
  };
  const first = setTimeout(run, 10_000);
  const timer = setInterval(run, HOUR_MS);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
