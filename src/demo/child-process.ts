/**
 * One child process of the demo: spawned, watched for its `ariadne: NAME listening on
 * HOST:PORT` lines, its stderr passed on with a prefix, stopped with SIGTERM then
 * SIGKILL. Children stay in the orchestrator's process group, so a terminal's Ctrl-C,
 * or a test's kill of the group, reaches all of them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseHostPort, type HostPort } from '../config/host-port.js';

export interface ChildSpec {
  /** `inventory#2`, `inventory#2 sidecar`, `edge`, `ariadne` */
  readonly name: string;
  readonly args: readonly string[];
  /** Listener names to wait for. */
  readonly listeners: readonly string[];
  /** Keep stdin open as a control channel (demo services). */
  readonly stdin?: boolean;
  readonly startTimeoutMs?: number;
}

export interface Child {
  readonly name: string;
  readonly proc: ChildProcess;
  readonly addresses: ReadonlyMap<string, HostPort>;
  /** Writes one control line; false when the child is gone. */
  send(line: string): boolean;
  stop(graceMs: number): Promise<void>;
}

const LISTENING = /^ariadne: (\S+) listening on (\S+)$/;

export class ChildStartError extends Error {
  readonly code = 'ERR_DEMO_CHILD_START';
  constructor(name: string, why: string, output: string) {
    super(`${name} ${why}${output !== '' ? `:\n${output}` : ''}`);
    this.name = 'ChildStartError';
  }
}

/** The child at once (so it can be stopped even if it never starts), and when it is listening. */
export function spawnChild(spec: ChildSpec, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): { child: Child; ready: Promise<Child> } {
  const proc = spawn(process.execPath, [...spec.args], {
    stdio: [spec.stdin === true ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: { ...env, ARIADNE_EXIT_WITH_PARENT: '1' },
  });
  const addresses = new Map<string, HostPort>();
  const recent: string[] = [];
  const remember = (line: string): void => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
  };
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    proc.once('exit', (code, signal) => {
      // A child that dies while the demo runs is worth a line: its traces stop.
      // (A terminal's Ctrl-C reaches every child at once; those clean exits say nothing.)
      if (!stopping && code !== 0 && signal !== 'SIGINT' && signal !== 'SIGTERM') log(`[${spec.name}] exited (${code ?? signal})`);
      resolve();
    }),
  );
  createInterface({ input: proc.stderr! }).on('line', (line) => {
    remember(line);
    log(`[${spec.name}] ${line}`);
  });
  proc.stdin?.on('error', () => {}); // a child gone mid-write is handled by its exit

  const child: Child = {
    name: spec.name,
    proc,
    addresses,
    send(line) {
      if (proc.stdin === null || proc.stdin.destroyed || proc.exitCode !== null) return false;
      return proc.stdin.write(line), true;
    },
    async stop(graceMs) {
      stopping = true;
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const kill = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(kill);
    },
  };

  const ready = new Promise<Child>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new ChildStartError(spec.name, `did not start within ${spec.startTimeoutMs ?? 20_000} ms`, recent.join('\n')));
    }, spec.startTimeoutMs ?? 20_000);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new ChildStartError(spec.name, `exited (${code ?? signal}) before listening`, recent.join('\n')));
    });
    proc.once('error', (err) => {
      clearTimeout(timer);
      reject(new ChildStartError(spec.name, `could not be spawned: ${err.message}`, ''));
    });
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = LISTENING.exec(line);
      if (m === null) {
        remember(line);
        return;
      }
      const hp = parseHostPort(m[2]!);
      if (typeof hp !== 'string') addresses.set(m[1]!, hp);
      if (spec.listeners.every((n) => addresses.has(n))) {
        clearTimeout(timer);
        resolve(child);
      }
    });
  });
  return { child, ready };
}

/** Every child the demo started, stopped together (in reverse start order, all at once). */
export class ProcessGroup {
  private readonly children: Child[] = [];

  /** Spawns a child, owned by the group from the start; resolves once it listens. */
  start(spec: ChildSpec, log: (line: string) => void): Promise<Child> {
    const { child, ready } = spawnChild(spec, log);
    this.children.push(child);
    return ready;
  }

  get size(): number {
    return this.children.length;
  }

  get all(): readonly Child[] {
    return this.children;
  }

  async stopAll(graceMs: number): Promise<void> {
    await Promise.all([...this.children].reverse().map((c) => c.stop(graceMs)));
  }
}
