/** `ariadne edge` and `ariadne sidecar` as commands: help, bad flags (exit 2 naming the flag), config files, signals. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, runCli } from '../helpers/ariadne-process.js';
import { send } from './helpers.js';
import { parseHostPort, type HostPort } from '../../src/config/host-port.js';

describe('help', () => {
  it.each([['edge'], ['sidecar'], ['demo']])('ariadne %s --help exits 0 with usage', async (cmd) => {
    const r = await runCli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: ariadne ${cmd}`);
  });

  it('lists the new commands in the main help', async () => {
    const r = await runCli(['--help']);
    for (const cmd of ['edge', 'sidecar', 'demo']) expect(r.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
  });
});

describe('bad flags exit 2 and name the flag', () => {
  const route = ['--route', '/=127.0.0.1:1'];
  const sidecar = ['--service', 's', '--app', '127.0.0.1:1'];
  const cases: { name: string; args: string[]; flag: string }[] = [
    { name: 'edge: unknown flag', args: ['edge', ...route, '--bogus'], flag: '--bogus' },
    { name: 'edge: no route', args: ['edge'], flag: '--route' },
    { name: 'edge: route without =', args: ['edge', '--route', '/api'], flag: '--route' },
    { name: 'edge: route prefix without /', args: ['edge', '--route', 'api=127.0.0.1:1'], flag: '--route' },
    { name: 'edge: route to a bad address', args: ['edge', '--route', '/=nowhere'], flag: '--route' },
    { name: 'edge: bad listen', args: ['edge', ...route, '--listen', 'localhost'], flag: '--listen' },
    { name: 'edge: port out of range', args: ['edge', ...route, '--listen', '127.0.0.1:70000'], flag: '--listen' },
    { name: 'edge: sample above 1', args: ['edge', ...route, '--sample', '1.5'], flag: '--sample' },
    { name: 'edge: sample not a number', args: ['edge', ...route, '--sample', 'half'], flag: '--sample' },
    { name: 'edge: otlp not a URL', args: ['edge', ...route, '--otlp', 'collector:4318'], flag: '--otlp' },
    { name: 'edge: unknown propagator', args: ['edge', ...route, '--extract', 'tracecontext,jaeger'], flag: '--extract' },
    { name: 'edge: bad timeout', args: ['edge', ...route, '--headers-timeout', 'soon'], flag: '--headers-timeout' },
    { name: 'edge: queue size 0', args: ['edge', ...route, '--export-queue-size', '0'], flag: '--export-queue-size' },
    { name: 'edge: bad admin', args: ['edge', ...route, '--admin', ':x'], flag: '--admin' },
    { name: 'sidecar: no service', args: ['sidecar', '--app', '127.0.0.1:1'], flag: '--service' },
    { name: 'sidecar: no app', args: ['sidecar', '--service', 's'], flag: '--app' },
    { name: 'sidecar: bad app', args: ['sidecar', '--service', 's', '--app', 'app'], flag: '--app' },
    { name: 'sidecar: bad upstream pair', args: ['sidecar', ...sidecar, '--upstream', 'inventory'], flag: '--upstream' },
    { name: 'sidecar: bad upstream address', args: ['sidecar', ...sidecar, '--upstream', 'inventory=1.2.3.4'], flag: '--upstream' },
    { name: 'sidecar: bad upstream name', args: ['sidecar', ...sidecar, '--upstream', 'in ventory=127.0.0.1:1'], flag: '--upstream' },
    { name: 'sidecar: bad egress', args: ['sidecar', ...sidecar, '--egress', 'x:y'], flag: '--egress' },
    { name: 'sidecar: bad app timeout', args: ['sidecar', ...sidecar, '--app-timeout', '-1s'], flag: '--app-timeout' },
    { name: 'demo: bad rate', args: ['demo', '--rate', 'fast'], flag: '--rate' },
    { name: 'demo: bad control', args: ['demo', 'fault', '--control', 'here'], flag: '--control' },
  ];
  it.each(cases)('$name', async (c) => {
    const r = await runCli(c.args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(c.flag);
  });
});

describe('config files', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ariadne-mesh-cli-'));
  const file = (name: string, text: string): string => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it.each([
    { name: 'unknown key', text: 'service: s\napp: 127.0.0.1:1\nlisten_port: 1\n', says: 'listen_port: unknown key' },
    { name: 'bad endpoint', text: 'service: s\napp: nowhere\n', says: 'app:' },
    { name: 'bad timeout', text: 'service: s\napp: 127.0.0.1:1\ntimeouts:\n  headers: soon\n', says: 'timeouts.headers:' },
    { name: 'bad propagator', text: 'service: s\napp: 127.0.0.1:1\npropagation:\n  inject: [xray]\n', says: "propagation: inject[0]: unknown propagator 'xray'" },
    { name: 'bad upstream', text: 'service: s\napp: 127.0.0.1:1\nupstreams:\n  inventory: [127.0.0.1:1, nope]\n', says: 'upstreams.inventory[1]:' },
  ])('sidecar --config: $name exits 2 naming the key', async (c) => {
    const r = await runCli(['sidecar', '--config', file(`${c.name.replace(/\W/g, '-')}.yaml`, c.text)]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(c.says);
  });

  it('runs a sidecar from a config file, flags overriding it, and exits 0 on SIGTERM', async () => {
    const cfg = file(
      'ok.yaml',
      [
        'service: from-file',
        'app: 127.0.0.1:9',
        'listen: 127.0.0.1:0',
        'egress: 127.0.0.1:0',
        'upstreams:',
        '  inventory: [127.0.0.1:1, 127.0.0.1:2]',
        'exporter:',
        '  endpoint: ""',
        'timeouts:',
        '  connect: 200ms',
      ].join('\n'),
    );
    const proc = spawn(process.execPath, [BIN, 'sidecar', '--config', cfg, '--service', 'from-flag', '--admin', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const addresses: Record<string, HostPort> = {};
    await new Promise<void>((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        for (const m of out.matchAll(/^ariadne: (\S+) listening on (\S+)$/gm)) addresses[m[1]!] = parseHostPort(m[2]!) as HostPort;
        if (addresses['inbound'] && addresses['egress'] && addresses['admin']) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    // The app at port 9 is not there: 502 from inbound, and the span says which service.
    expect((await send(addresses['inbound']!, { path: '/' })).status).toBe(502);
    expect((await send(addresses['admin']!, { path: '/healthz' })).body).toBe('ok\n');
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    const t0 = Date.now();
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(3000);
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 on SIGINT too (edge)', async () => {
    const proc = spawn(process.execPath, [BIN, 'edge', '--listen', '127.0.0.1:0', '--route', '/=127.0.0.1:9', '--otlp', ''], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (/ariadne: edge listening on \S+\nariadne: admin listening on \S+/.test(out)) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    proc.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
