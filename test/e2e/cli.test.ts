import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeDir, runCli, startAriadne, tempDataDir } from '../helpers/ariadne-process.js';

describe('ariadne CLI', () => {
  it('--help describes the commands and start --help every flag', async () => {
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/ariadne <command>/);
    const start = await runCli(['start', '--help']);
    expect(start.code).toBe(0);
    for (const flag of ['--config', '--data-dir', '--otlp-grpc', '--otlp-http', '--http']) expect(start.stdout).toContain(flag);
  });

  const bad: [name: string, args: string[], message: RegExp][] = [
    ['unknown flag', ['start', '--bogus'], /--bogus/],
    ['bad address', ['start', '--otlp-http', 'nowhere'], /--otlp-http: 'nowhere' is not HOST:PORT/],
    ['port out of range', ['start', '--http', '127.0.0.1:70000'], /--http: port 70000/],
    ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['missing config file', ['start', '--config', '/nonexistent/ariadne.yaml'], /cannot read config file/],
  ];
  it.each(bad)('%s exits 2 with a message naming it', async (_name, args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a config key that does not exist exits 2 naming its key path', async () => {
    const dir = tempDataDir();
    try {
      const file = path.join(dir, 'c.yaml');
      writeFileSync(file, 'ingest:\n  queue_sise: 10\n');
      const r = await runCli(['start', '--config', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/ingest\.queue_sise: unknown key/);
      writeFileSync(file, 'ingest:\n  queue_size: -1\n');
      expect((await runCli(['start', '--config', file])).stderr).toMatch(/ingest\.queue_size: must be an integer/);
    } finally {
      removeDir(dir);
    }
  });

  it('prints one line per listener with its real port and exits 0 on SIGINT within 10 s', async () => {
    const a = await startAriadne();
    try {
      for (const name of ['otlp-grpc', 'otlp-http', 'http']) expect(a.addresses[name]).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
      const t0 = Date.now();
      expect(await a.stop('SIGINT')).toBe(0);
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      removeDir(a.dataDir);
    }
  });
});
