/** Runs the real `ariadne` CLI (built into dist/ by `npm test`'s pretest) as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/ariadne.js');

export interface RunningAriadne {
  readonly proc: ChildProcess;
  readonly dataDir: string;
  /** listener name -> host:port, from the lines `ariadne: NAME listening on HOST:PORT`. */
  readonly addresses: Record<string, string>;
  readonly httpUrl: string;
  readonly otlpHttpUrl: string;
  readonly otlpGrpc: string;
  output(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'ariadne-test-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function startAriadne(opts: { dataDir?: string; args?: string[]; config?: string } = {}): Promise<RunningAriadne> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const args = [
    BIN,
    'start',
    '--data-dir',
    dataDir,
    '--otlp-grpc',
    '127.0.0.1:0',
    '--otlp-http',
    '127.0.0.1:0',
    '--http',
    '127.0.0.1:0',
    ...(opts.config ? ['--config', opts.config] : []),
    ...(opts.args ?? []),
  ];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const addresses: Record<string, string> = {};
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ariadne did not start within 20 s:\n${out}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      for (const m of out.matchAll(/ariadne: (\S+) listening on (\S+)/g)) addresses[m[1]!] = m[2]!;
      if (addresses['otlp-grpc'] && addresses['otlp-http'] && addresses['http']) {
        clearTimeout(timer);
        resolve({
          proc,
          dataDir,
          addresses,
          httpUrl: `http://${addresses['http']}`,
          otlpHttpUrl: `http://${addresses['otlp-http']}`,
          otlpGrpc: addresses['otlp-grpc'],
          output: () => out,
          stop: (signal = 'SIGTERM') => {
            if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
            return exited;
          },
        });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ariadne exited with ${code} before listening:\n${out}`));
    });
  });
}

/** Runs the CLI to completion (for --help and bad-flag tests). */
export function runCli(args: string[], timeoutMs = 15_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`ariadne ${args.join(' ')} did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
