/**
 * Runs a started proxy until SIGINT or SIGTERM, printing one line per listener the way
 * `ariadne start` does (`ariadne: NAME listening on HOST:PORT`), and exits 0 once
 * stopped. With ARIADNE_EXIT_WITH_PARENT=1 (set by `ariadne demo` for its children) it
 * also stops when its parent process is gone, so a killed demo leaves no orphans.
 */
import { formatHostPort } from '../config/host-port.js';
import type { RunningProxy } from './mesh-runtime.js';

const SHUTDOWN_DEADLINE_MS = 5_000;
const PARENT_CHECK_MS = 1_000;

export function serveUntilSignal(running: RunningProxy, log: (m: string) => void): Promise<number> {
  return new Promise<number>((resolve) => {
    let parentWatch: NodeJS.Timeout | undefined;
    const shutdown = (why: string): void => {
      if (parentWatch !== undefined) clearInterval(parentWatch);
      log(`${why}: stopping`);
      const deadline = setTimeout(() => {
        log('shutdown took too long; exiting');
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS);
      deadline.unref();
      running.stop().then(
        () => {
          clearTimeout(deadline);
          resolve(0);
        },
        (err: unknown) => {
          log(`shutdown failed: ${(err as Error).message}`);
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    // Announced only now: whoever reads these lines may signal us at once.
    for (const l of running.listeners) process.stdout.write(`ariadne: ${l.name} listening on ${formatHostPort(l.address)}\n`);
    if (process.env['ARIADNE_EXIT_WITH_PARENT'] === '1') {
      const parent = process.ppid;
      parentWatch = setInterval(() => {
        if (process.ppid !== parent) shutdown('parent exited');
      }, PARENT_CHECK_MS);
      parentWatch.unref();
    }
  });
}
