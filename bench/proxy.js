// Proxy benchmark: what the edge and the sidecar add to a request.
//
// An open-loop generator sends at a constant rate, each request scheduled at its
// intended time; latency is measured from that intended time, so a stalled proxy
// cannot hide its stall by slowing the sender (coordinated omission). The same rate
// goes to the app directly (the baseline, measured in the same run), through the
// sidecar, and through edge + sidecar; the difference in each percentile is what a hop
// adds. Then a closed loop finds the maximum throughput through one sidecar as a ratio
// of direct. Spans are exported for real, to a sink in the app process.
//
// The sidecar runs as `ariadne demo` runs it, with PROXY_NODE_FLAGS; a second sidecar
// with V8's defaults (no node flags) takes the direct load in the same slices, so what
// the flags cost in latency and save in memory is an A/B of one run. The sidecar with
// the flags also carries the edge's traffic: its memory is measured under twice the
// requests of the other.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { ROOT, peakRssMiB, percentile, round } from './lib.js';

const BIN = path.join(ROOT, 'bin/ariadne.js');
const { PROXY_NODE_FLAGS: DEMO_NODE_FLAGS } = await import(path.join(ROOT, 'dist/mesh/node-flags.js'));
// BENCH_PROXY_NODE_FLAGS='--max-semi-space-size=4' (space-separated; '' for none) measures other flags.
const PROXY_NODE_FLAGS = process.env.BENCH_PROXY_NODE_FLAGS !== undefined ? process.env.BENCH_PROXY_NODE_FLAGS.split(' ').filter(Boolean) : DEMO_NODE_FLAGS;
/** One-second slices per target: 500 req/s is the figure with targets, so it gets more. */
const SLICES_500 = Number(process.env.BENCH_SECONDS ?? 15);
const SLICES_2000 = Math.ceil(SLICES_500 / 3);
const WARMUP_SECONDS = 1;
const MAX_SECONDS = 4;
const MAX_CONCURRENCY = 32;

// The app: a small JSON answer, and an OTLP sink that accepts and discards.
const APP_SOURCE = `
const http = require('node:http');
const body = JSON.stringify({ ok: true, items: [1, 2, 3], note: 'x'.repeat(200) });
let spans = 0;
http.createServer((req, res) => {
  if (req.url.startsWith('/v1/')) { req.resume(); req.on('end', () => res.writeHead(200).end()); return; }
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body));
}).listen(0, '127.0.0.1', function () { console.log('ariadne: app listening on 127.0.0.1:' + this.address().port); });
`;

function start(args, listeners, env = process.env) {
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  const addrs = {};
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start: ${out}`)), 20_000);
    proc.stderr.on('data', (c) => (out += c));
    proc.stdout.on('data', (c) => {
      out += c;
      for (const m of out.matchAll(/ariadne: (\S+) listening on (\S+)/g)) addrs[m[1]] = m[2];
      if (listeners.every((l) => addrs[l])) {
        clearTimeout(timer);
        resolve({ proc, addrs, stop: () => new Promise((r) => (proc.exitCode !== null ? r() : (proc.once('exit', r), proc.kill('SIGTERM')))) });
      }
    });
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Open loop: `rate` req/s for `seconds`; latencies (ms) from each request's intended send time. */
async function openLoop(pool, rate, seconds) {
  const interval = 1000 / rate;
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  let errors = 0;
  let done = 0;
  const finished = new Promise((resolve) => {
    const t0 = performance.now() + 5;
    let i = 0;
    const tick = () => {
      const now = performance.now();
      while (i < total && t0 + i * interval <= now) {
        const intended = t0 + i * interval;
        const slot = i++;
        pool.request({ path: '/bench', method: 'GET' }).then(
          async (res) => {
            await res.body.dump();
            if (res.statusCode !== 200) errors++;
            latencies[slot] = performance.now() - intended;
            if (++done === total) resolve();
          },
          () => {
            errors++;
            latencies[slot] = performance.now() - intended;
            if (++done === total) resolve();
          },
        );
      }
      if (i < total) {
        const wait = t0 + i * interval - performance.now();
        if (wait > 1) setTimeout(tick, Math.min(wait - 0.5, 5));
        else setImmediate(tick);
      }
    };
    tick();
  });
  await finished;
  return { latencies, errors };
}

function summary(latencyArrays) {
  const sorted = latencyArrays.flatMap((a) => Array.from(a)).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), p999: percentile(sorted, 99.9), n: sorted.length };
}

/** Closed loop: as many requests as `concurrency` clients can complete, req/s. */
async function closedLoop(origin, seconds) {
  const pool = new Pool(origin, { connections: MAX_CONCURRENCY, pipelining: 1 });
  let n = 0;
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: MAX_CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const res = await pool.request({ path: '/bench', method: 'GET' });
        await res.body.dump();
        n++;
      }
    }),
  );
  const rps = n / ((performance.now() - t0) / 1000);
  await pool.close();
  return rps;
}

async function metric(admin, name) {
  const res = await fetch(`http://${admin}/metrics`);
  const text = await res.text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

export async function benchProxy() {
  const app = await start(['-e', APP_SOURCE], ['app']);
  const appAddr = app.addrs.app;
  const otlp = `http://${appAddr}/v1/traces`;
  const sidecarArgs = [BIN, 'sidecar', '--service', 'bench', '--listen', '127.0.0.1:0', '--egress', '127.0.0.1:0', '--admin', '127.0.0.1:0', '--app', appAddr, '--otlp', otlp];
  const sidecar = await start([...PROXY_NODE_FLAGS, ...sidecarArgs], ['inbound', 'egress', 'admin']);
  const plain = await start(sidecarArgs, ['inbound', 'egress', 'admin']);
  const edge = await start([...PROXY_NODE_FLAGS, BIN, 'edge', '--listen', '127.0.0.1:0', '--admin', '127.0.0.1:0', '--route', `/=${sidecar.addrs.inbound}`, '--otlp', otlp], ['edge', 'admin']);
  const targets = { direct: `http://${appAddr}`, sidecar: `http://${sidecar.addrs.inbound}`, sidecar_v8_defaults: `http://${plain.addrs.inbound}`, edge: `http://${edge.addrs.edge}` };

  try {
    // The machine is shared: slices of a second, taken in turn from each target, so that
    // a burst of outside load falls on all three alike instead of on one whole run.
    const pools = Object.fromEntries(Object.entries(targets).map(([k, origin]) => [k, new Pool(origin, { connections: 128, pipelining: 1 })]));
    const loadBefore = os.loadavg()[0];
    const results = {};
    let sidecarPeakAt500;
    let plainPeakAt500;
    for (const rate of [500, 2000]) {
      const slices = rate === 500 ? SLICES_500 : SLICES_2000;
      const lat = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
      let errors = 0;
      for (const name of Object.keys(targets)) await openLoop(pools[name], rate, WARMUP_SECONDS);
      for (let i = 0; i < slices; i++) {
        for (const name of Object.keys(targets)) {
          const r = await openLoop(pools[name], rate, 1);
          lat[name].push(r.latencies);
          errors += r.errors;
        }
      }
      results[rate] = { ...Object.fromEntries(Object.keys(targets).map((k) => [k, summary(lat[k])])), errors, slices };
      if (rate === 500) {
        sidecarPeakAt500 = peakRssMiB(sidecar.proc.pid);
        plainPeakAt500 = peakRssMiB(plain.proc.pid);
      }
    }
    await Promise.all(Object.values(pools).map((p) => p.close()));
    // Closed loops in alternating one-second slices too, so outside load falls on all alike.
    const maxRps = { direct: 0, sidecar: 0, sidecar_v8_defaults: 0 };
    for (let i = 0; i < MAX_SECONDS; i++) for (const k of Object.keys(maxRps)) maxRps[k] += (await closedLoop(targets[k], 1)) / MAX_SECONDS;
    const direct = maxRps.direct;
    const throughSidecar = maxRps.sidecar;

    const figures = { bench: 'proxy' };
    for (const rate of [500, 2000]) {
      const r = results[rate];
      const hop = { seconds_per_target: r.slices, requests_per_target: r.direct.n };
      for (const p of ['p50', 'p99', 'p999']) {
        hop[`direct_${p}_ms`] = round(r.direct[p], 3);
        hop[`sidecar_added_${p}_ms`] = round(r.sidecar[p] - r.direct[p], 3);
        hop[`edge_added_${p}_ms`] = round(r.edge[p] - r.sidecar[p], 3);
        hop[`sidecar_v8_defaults_added_${p}_ms`] = round(r.sidecar_v8_defaults[p] - r.direct[p], 3);
      }
      hop.errors = r.errors;
      figures[`at_${rate}_rps`] = hop;
    }
    figures.max_rps_direct = Math.round(direct);
    figures.max_rps_through_sidecar = Math.round(throughSidecar);
    figures.max_throughput_ratio = round(throughSidecar / direct, 3);
    figures.max_rps_through_sidecar_v8_defaults = Math.round(maxRps.sidecar_v8_defaults);
    figures.sidecar_peak_rss_at_500_rps_mib = round(sidecarPeakAt500, 1);
    figures.sidecar_peak_rss_mib = round(peakRssMiB(sidecar.proc.pid), 1);
    figures.sidecar_v8_defaults_peak_rss_at_500_rps_mib = round(plainPeakAt500, 1);
    figures.sidecar_v8_defaults_peak_rss_mib = round(peakRssMiB(plain.proc.pid), 1);
    figures.sidecar_node_flags = PROXY_NODE_FLAGS.join(' ');
    figures.edge_peak_rss_mib = round(peakRssMiB(edge.proc.pid), 1);
    figures.sidecar_spans_exported = await metric(sidecar.addrs.admin, 'ariadne_mesh_spans_exported_total');
    figures.sidecar_spans_dropped = await metric(sidecar.addrs.admin, 'ariadne_mesh_spans_dropped_total');
    // Other work on the machine skews tail latency; the 1-minute load average says how busy it was.
    figures.loadavg_1m = [round(loadBefore, 2), round(os.loadavg()[0], 2)];
    figures.cores = os.cpus().length;
    figures.targets = { added_p50_ms_per_hop: 1, added_p99_ms_per_hop: 3, sidecar_rss_mib: 80 };
    return figures;
  } finally {
    await Promise.all([edge.stop(), sidecar.stop(), plain.stop()]);
    await app.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(await benchProxy()) + '\n');
}
