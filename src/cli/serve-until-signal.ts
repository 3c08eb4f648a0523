/**
 * Runs a started role (start, collector, query, edge, sidecar) until SIGINT or SIGTERM,
 * printing one line per listener (`ariadne: NAME listening on HOST:PORT`), and resolves
 * with the exit code once stopped: 0, or 1 when stopping failed. Past the deadline the
 * process exits 1. With ARIADNE_EXIT_WITH_PARENT=1 (set by `ariadne demo` for its
 * children) it also stops when its parent process is gone, so a killed demo leaves no
 * orphans.
 */
import { formatHostPort, type HostPort } from '../config/host-port.js';

export interface ServedRole {
  readonly listeners: readonly { readonly name: string; readonly address: HostPort }[];
  /** Stops accepting and flushes what was accepted. */
  stop(): Promise<void>;
}

const DEFAULT_SHUTDOWN_DEADLINE_MS = 9_000;
const PARENT_CHECK_MS = 1_000;

export function serveUntilSignal(
  running: ServedRole,
  log: (m: string) => void,
  options: { deadlineMs?: number; stopping?: string } = {},
): Promise<number> {
  const deadlineMs = options.deadlineMs ?? DEFAULT_SHUTDOWN_DEADLINE_MS;
  return new Promise<number>((resolve) => {
    let parentWatch: NodeJS.Timeout | undefined;
    const shutdown = (why: string): void => {
      if (parentWatch !== undefined) clearInterval(parentWatch);
      log(`${why}: stopping${options.stopping ? ` (${options.stopping})` : ''}`);
      const deadline = setTimeout(() => {
        log('shutdown took too long; exiting');
        process.exit(1);
      }, deadlineMs);
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
