/**
 * Runs `ariadne demo` in its own process group, so that cleanup can kill every process
 * the demo started, even when the demo itself failed to stop them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, removeDir, tempDataDir } from '../helpers/ariadne-process.js';

export interface RunningDemo {
  readonly proc: ChildProcess;
  readonly addresses: Record<string, string>;
  readonly processCount: number;
  output(): string;
  /** SIGTERM to the orchestrator; resolves with its exit code, then kills whatever is left of the group. */
  stop(): Promise<number | null>;
}

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function killGroup(pgid: number): Promise<void> {
  if (!groupAlive(pgid)) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Gone between the check and the kill.
  }
}

export function startDemo(args: string[], timeoutMs = 45_000): Promise<RunningDemo> {
  const dataDir = tempDataDir();
  const proc = spawn(
    process.execPath,
    [BIN, 'demo', '--edge', '127.0.0.1:0', '--control', '127.0.0.1:0', '--http', '127.0.0.1:0', '--otlp-http', '127.0.0.1:0', '--otlp-grpc', '127.0.0.1:0', '--data-dir', dataDir, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const pgid = proc.pid!;
  let out = '';
  const addresses: Record<string, string> = {};
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const cleanup = async (): Promise<void> => {
    await killGroup(pgid);
    removeDir(dataDir);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void cleanup();
      reject(new Error(`the demo did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      for (const m of out.matchAll(/ariadne: (\S+) listening on (\S+)/g)) addresses[m[1]!] = m[2]!;
      const up = /ariadne demo: (\d+) processes up/.exec(out);
      if (up !== null && addresses['edge'] && addresses['control'] && addresses['http']) {
        clearTimeout(timer);
        resolve({
          proc,
          addresses,
          processCount: Number(up[1]),
          output: () => out,
          async stop() {
            if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
            const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
            await cleanup();
            return code;
          },
        });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      void cleanup();
      reject(new Error(`the demo exited with ${code} before it was up:\n${out}`));
    });
  });
}
