/**
 * What a sidecar process loads: only the proxy. The CLI loads each command on demand,
 * but one stray import (a shared helper in the collector's config module did it) pulls
 * the collector, gRPC and the protobuf schemas into every sidecar, ~20 MiB of RSS.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/ariadne-process.js';
import { close, listenOn } from './helpers.js';

const RECORDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/record-imports.mjs');

/** A few requests through the proxy's first listener, so that whatever loads on first use has loaded. */
async function exercise(listening: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise<void>((resolve) => {
      http.get(`http://${listening}/footprint/${i}`, (res) => res.resume().on('end', resolve)).on('error', () => resolve());
    });
  }
}

async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ariadne-imports-'));
  const file = path.join(dir, 'imports.txt');
  try {
    const proc = spawn(process.execPath, ['--import', RECORDER, BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RECORD_IMPORTS_TO: file } });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const first = /ariadne: (?:inbound|edge) listening on (\S+)/.exec(out);
        if (/ariadne: admin listening on/.test(out) && first !== null) void exercise(first[1]!).then(resolve);
      });
      proc.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
    return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the proxies load only the proxy, also once they have carried requests and exported spans', () => {
  let app: http.Server;
  let appAt = '';
  beforeAll(async () => {
    // The app, and the collector at /v1/traces.
    app = http.createServer((req, res) => req.resume().on('end', () => res.end('ok')));
    const a = await listenOn(app);
    appAt = `${a.host}:${a.port}`;
  });
  afterAll(() => close(app));

  it.each([
    { name: 'sidecar', args: (app: string) => ['sidecar', '--service', 's', '--app', app, '--listen', '127.0.0.1:0', '--egress', '127.0.0.1:0', '--otlp', `http://${app}/v1/traces`, '--export-interval', '50ms'] },
    { name: 'edge', args: (app: string) => ['edge', '--listen', '127.0.0.1:0', '--route', `/=${app}`, '--otlp', `http://${app}/v1/traces`, '--export-interval', '50ms'] },
  ])('$name', async ({ args }) => {
    const loaded = await modulesLoadedBy(args(appAt));
    expect(loaded.some((u) => u.includes('/dist/mesh/proxy-listener.js')), 'the recorder works').toBe(true);
    const unwanted = [
      '/dist/collector/registry.js',
      '/dist/otlp/proto-root.js',
      '/dist/store/',
      '@grpc/grpc-js',
      '@duckdb',
      // Any of protobufjs (its minimal build too): the OTLP writers use src/otlp/proto-writer.ts.
      '/protobufjs/',
      // Upstream calls use node's own HTTP client: undici's WebAssembly parser costs ~19 MiB.
      '/undici/',
      'react',
      '@opentelemetry/',
    ];
    for (const u of unwanted) expect(loaded.filter((l) => l.includes(u)), u).toEqual([]);
  }, 20_000);
});
