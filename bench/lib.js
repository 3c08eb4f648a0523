// Shared pieces of the benchmarks: span generation, the ariadne child process, statistics.
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/ariadne.js');

const SERVICES = ['frontend', 'cart', 'checkout', 'payment', 'shipping', 'db'];
const resources = SERVICES.map((s) => ({
  attributes: [
    { key: 'service.name', value: { type: 'string', value: s } },
    { key: 'k8s.pod.name', value: { type: 'string', value: `${s}-5c9d7f-x2k4p` } },
    { key: 'k8s.namespace.name', value: { type: 'string', value: 'shop' } },
  ],
  droppedAttributesCount: 0,
  schemaUrl: '',
}));
const scope = { name: 'bench', version: '1.0.0', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

function ids(n) {
  return randomFillSync(new Uint8Array(n));
}

/**
 * `traces` traces of `spansPerTrace` spans, 10 attributes each (strings, ints, a double,
 * a bool), about 430 bytes/span encoded, starting at `startNs` and a second apart.
 */
export function generateSpans(traces, spansPerTrace, startNs, stepNs = 1_000_000n) {
  const spans = [];
  for (let t = 0; t < traces; t++) {
    const traceId = ids(16);
    const t0 = startNs + BigInt(t) * stepNs;
    let parent = new Uint8Array(0);
    for (let i = 0; i < spansPerTrace; i++) {
      const spanId = ids(8);
      const status = (t + i) % 97 === 0 ? 2 : 0;
      const duration = BigInt(50_000 + ((t * 7919 + i * 104729) % 5_000_000));
      spans.push({
        traceId,
        spanId,
        parentSpanId: parent,
        traceState: '',
        flags: 1,
        name: `GET /api/v1/items/{id}/part${i % 8}`,
        kind: i === 0 ? 2 : 3,
        startTimeUnixNano: t0 + BigInt(i) * 1000n,
        endTimeUnixNano: t0 + BigInt(i) * 1000n + duration,
        attributes: [
          { key: 'http.request.method', value: { type: 'string', value: 'GET' } },
          { key: 'http.route', value: { type: 'string', value: '/api/v1/items/{id}' } },
          { key: 'http.response.status_code', value: { type: 'int', value: status ? 500n : 200n } },
          { key: 'url.full', value: { type: 'string', value: `https://shop.example.com/api/v1/items/${t}?q=${i}` } },
          { key: 'server.address', value: { type: 'string', value: 'shop.example.com' } },
          { key: 'server.port', value: { type: 'int', value: 443n } },
          { key: 'user.id', value: { type: 'string', value: `user-${t % 5000}` } },
          { key: 'customer.tier', value: { type: 'string', value: ['gold', 'silver', 'bronze'][t % 3] } },
          { key: 'cache.hit_ratio', value: { type: 'double', value: (t % 100) / 100 } },
          { key: 'feature.enabled', value: { type: 'bool', value: t % 2 === 0 } },
        ],
        droppedAttributesCount: 0,
        events: [],
        droppedEventsCount: 0,
        links: [],
        droppedLinksCount: 0,
        statusCode: status,
        statusMessage: status ? 'internal error' : '',
        resource: resources[(t + i) % resources.length],
        scope,
      });
      if (i === 0) parent = spanId;
    }
  }
  return spans;
}

export function tempDir() {
  return mkdtempSync(path.join(os.tmpdir(), 'ariadne-bench-'));
}

export function removeDir(d) {
  rmSync(d, { recursive: true, force: true });
}

/** Starts `ariadne start` on free ports; resolves with its addresses and a stop(). */
/**
 * The node flags `npm start` runs the server with (package.json's start script), so a
 * benchmark measures the all-in-one as users start it.
 */
export const START_NODE_FLAGS = (() => {
  const script = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.start.split(/\s+/);
  return script.slice(script.indexOf('node') + 1, script.indexOf('bin/ariadne.js'));
})();

export function startAriadne(dataDir, extraArgs = []) {
  // BENCH_ARIADNE_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof': other node flags for the
  // server (profiling, A/B); '' runs it with V8's defaults.
  const nodeArgs = process.env.BENCH_ARIADNE_NODE_ARGS !== undefined ? process.env.BENCH_ARIADNE_NODE_ARGS.split(' ').filter(Boolean) : START_NODE_FLAGS;
  // BENCH_ARIADNE_ARGS='--config /tmp/x.yaml': more `ariadne start` arguments (A/B of a setting).
  const moreArgs = (process.env.BENCH_ARIADNE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [...nodeArgs, BIN, 'start', '--data-dir', dataDir, '--otlp-grpc', '127.0.0.1:0', '--otlp-http', '127.0.0.1:0', '--http', '127.0.0.1:0', ...extraArgs, ...moreArgs];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const addrs = {};
  const exited = new Promise((r) => proc.once('exit', r));
  return new Promise((resolve, reject) => {
    proc.stderr.on('data', (c) => (out += c));
    proc.stdout.on('data', (c) => {
      out += c;
      for (const m of out.matchAll(/ariadne: (\S+) listening on (\S+)/g)) addrs[m[1]] = m[2];
      if (addrs['otlp-http'] && addrs['http'] && addrs['otlp-grpc']) {
        resolve({
          proc,
          otlpHttp: `http://${addrs['otlp-http']}`,
          http: `http://${addrs['http']}`,
          peakRssMiB: () => peakRssMiB(proc.pid),
          stop: () => {
            proc.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    proc.once('exit', (code) => reject(new Error(`ariadne exited ${code}: ${out}`)));
  });
}

/** VmHWM: the peak resident set of a process, MiB. */
export function peakRssMiB(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
