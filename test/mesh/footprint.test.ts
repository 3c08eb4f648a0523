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
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/ariadne-process.js';

const RECORDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/record-imports.mjs');

async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ariadne-imports-'));
  const file = path.join(dir, 'imports.txt');
  try {
    const proc = spawn(process.execPath, ['--import', RECORDER, BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RECORD_IMPORTS_TO: file } });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (/ariadne: admin listening on/.test(out)) resolve();
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

describe('the proxies load only the proxy', () => {
  it.each([
    { name: 'sidecar', args: ['sidecar', '--service', 's', '--app', '127.0.0.1:9', '--listen', '127.0.0.1:0', '--egress', '127.0.0.1:0', '--otlp', ''] },
    { name: 'edge', args: ['edge', '--listen', '127.0.0.1:0', '--route', '/=127.0.0.1:9', '--otlp', ''] },
  ])('$name', async ({ args }) => {
    const loaded = await modulesLoadedBy(args);
    expect(loaded.some((u) => u.includes('/dist/mesh/proxy-listener.js')), 'the recorder works').toBe(true);
    const unwanted = [
      '/dist/collector/registry.js',
      '/dist/otlp/proto-root.js',
      '/dist/store/',
      '@grpc/grpc-js',
      '@duckdb',
      'protobufjs/index.js',
      // Upstream calls use node's own HTTP client: undici's WebAssembly parser costs ~19 MiB.
      '/undici/',
      'react',
      '@opentelemetry/',
    ];
    for (const u of unwanted) expect(loaded.filter((l) => l.includes(u)), u).toEqual([]);
  }, 20_000);
});
