/** Runs `ariadne collector --config FILE` (or `start`) as a child process on real sockets. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from '../../helpers/ariadne-process.js';

export interface RunningProcess {
  readonly proc: ChildProcess;
  /** listener name -> host:port from `ariadne: NAME listening on HOST:PORT`. */
  readonly addresses: Record<string, string>;
  output(): string;
  url(listener: string): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'ariadne-collector-test-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function writeConfig(dir: string, name: string, yaml: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

/** Spawns the CLI and resolves once `ready` matches its stderr (after every listener line). */
export function spawnAriadne(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<RunningProcess> {
  const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  const addresses: Record<string, string> = {};
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`ariadne ${args.join(' ')} did not get ready within 20 s:\n${out}\n${err}`));
    }, 20_000);
    const check = (): void => {
      for (const m of out.matchAll(/ariadne: (\S+) listening on (\S+)/g)) addresses[m[1]!] = m[2]!;
      // Listener lines come on stdout, log lines on stderr: two pipes, so under load the
      // ready line can arrive first; wait for the addresses too.
      if ((ready.test(err) || ready.test(out)) && Object.keys(addresses).length > 0) {
        clearTimeout(timer);
        resolve({
          proc,
          addresses,
          output: () => out + err,
          url: (l) => {
            const a = addresses[l];
            if (!a) throw new Error(`no listener ${l} in ${JSON.stringify(addresses)}`);
            return `http://${a}`;
          },
          stop: (signal = 'SIGTERM') => {
            if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
            return exited;
          },
        });
      }
    };
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      check();
    });
    proc.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      check();
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ariadne ${args.join(' ')} exited with ${code} before it was ready:\n${out}\n${err}`));
    });
  });
}

export function startCollector(configFile: string, env: NodeJS.ProcessEnv = {}): Promise<RunningProcess> {
  return spawnAriadne(['collector', '--config', configFile], /collector running/, env);
}

/** `ariadne start` on free ports; ready once the query listener is up. */
export function startAllInOne(dataDir: string, configFile?: string): Promise<RunningProcess> {
  return spawnAriadne(
    ['start', '--data-dir', dataDir, '--otlp-grpc', '127.0.0.1:0', '--otlp-http', '127.0.0.1:0', '--http', '127.0.0.1:0', ...(configFile ? ['--config', configFile] : [])],
    /ariadne: http listening on/,
  );
}

/** One sample of a Prometheus metric with the given labels (all must match); 0 when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got: Record<string, string> = {};
    for (const l of (m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) got[l[1]!] = l[2]!;
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) {
      total += Number(m[4]);
      found = true;
    }
  }
  return found ? total : 0;
}

export async function scrape(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
