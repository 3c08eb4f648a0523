// `npm run screenshots`: the README's pictures of the UI (docs/screenshots/search.png,
// trace.png, services.png) taken by Debian's Chromium with the e2e tests' Playwright setup.
//
// The data comes from `ariadne demo` (the shop behind the edge gateway and sidecars) with
// a payments fault injected, so there are failing and slow traces to show. Where the demo
// command is missing, it falls back to `ariadne start` fed by scripts/seed-demo.js.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from './chromium.js';
import { seedDemoTraces } from './seed-demo.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/ariadne.js');
const OUT = path.join(ROOT, 'docs/screenshots');
const VIEWPORT = { width: 1440, height: 900 };
const MAX_PNG_BYTES = 1024 * 1024;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (m) => process.stderr.write(`screenshots: ${m}\n`);

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function run(args, dataDir) {
  const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dataDir });
  let output = '';
  proc.stdout.on('data', (c) => (output += c));
  proc.stderr.on('data', (c) => (output += c));
  const exited = new Promise((r) => proc.once('exit', r));
  return {
    output: () => output,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGINT');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitFor(what, check, timeoutMs, proc) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s:\n${proc?.output() ?? ''}`);
    await sleep(250);
  }
}

const json = async (url) => (await fetch(url)).json();

async function withDemo(dataDir) {
  const [http, otlpHttp, otlpGrpc, edge, control] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const at = (p) => `127.0.0.1:${p}`;
  const demo = run(
    ['demo', '--rate', '8', '--data-dir', path.join(dataDir, 'data'), '--http', at(http), '--otlp-http', at(otlpHttp), '--otlp-grpc', at(otlpGrpc), '--edge', at(edge), '--control', at(control)],
    dataDir,
  );
  const url = `http://${at(http)}`;
  await waitFor('the demo serving its UI', async () => (await fetch(`${url}/readyz`)).ok, 60_000, demo);
  await waitFor('demo traces', async () => (await json(`${url}/api/v1/search?lookback=15m&limit=30`)).traces.length >= 20, 60_000, demo);
  log('the demo is running; injecting a payments fault and a slow inventory instance');
  const fault = (args) => spawnSync(process.execPath, [BIN, 'demo', 'fault', '--control', at(control), ...args], { encoding: 'utf8' });
  for (const args of [
    ['--target', 'payments', '--error-rate', '0.3', '--duration', '30s'],
    ['--target', 'inventory#2', '--latency', '300ms', '--duration', '30s'],
  ]) {
    const r = fault(args);
    if (r.status !== 0) log(`fault ${args.join(' ')} was refused: ${r.stderr.trim()}`);
  }
  await sleep(20_000);
  return { url, stop: () => demo.stop(), source: 'ariadne demo' };
}

async function withSeed(dataDir) {
  const [http, otlpHttp, otlpGrpc] = await Promise.all([freePort(), freePort(), freePort()]);
  const start = run(['start', '--data-dir', path.join(dataDir, 'data'), '--http', `127.0.0.1:${http}`, '--otlp-http', `127.0.0.1:${otlpHttp}`, '--otlp-grpc', `127.0.0.1:${otlpGrpc}`], dataDir);
  const url = `http://127.0.0.1:${http}`;
  await waitFor('ariadne start', async () => (await fetch(`${url}/readyz`)).ok, 30_000, start);
  await seedDemoTraces(`http://127.0.0.1:${otlpHttp}`, { traces: 160 });
  await waitFor('seeded traces', async () => (await json(`${url}/api/v1/search?lookback=1h&limit=100`)).traces.length >= 100, 30_000, start);
  return { url, stop: () => start.stop(), source: 'scripts/seed-demo.js' };
}

function demoAvailable() {
  return spawnSync(process.execPath, [BIN, 'demo', '--help'], { encoding: 'utf8' }).status === 0;
}

async function shoot(page, name) {
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  const bytes = statSync(file).size;
  if (bytes > MAX_PNG_BYTES) throw new Error(`${file} is ${bytes} bytes; keep screenshots under 1 MiB`);
  log(`${path.relative(ROOT, file)} (${Math.round(bytes / 1024)} KiB)`);
}

async function main() {
  if (!chromiumAvailable()) throw new Error(`no Chromium at ${CHROMIUM_PATH}: apt-get install chromium`);
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ariadne-screenshots-'));
  const useDemo = process.env.ARIADNE_SCREENSHOTS_SEED !== '1' && demoAvailable();
  let system;
  const browser = await launchChromium({ viewport: VIEWPORT });
  try {
    system = useDemo ? await withDemo(dataDir) : await withSeed(dataDir);
    log(`data from ${system.source}`);
    const page = await browser.context.newPage();

    // Search: every service, most recent first, with the scatter plot. The range ends a few
    // seconds ago so requests still in flight (root span not ended yet) stay out of the picture.
    const endMs = Date.now() - 3000;
    await page.goto(`${system.url}/search?lookback=custom&start=${endMs - 30 * 60_000}&end=${endMs}&limit=150`);
    await page.getByTestId('search-result').first().waitFor();
    await page.waitForTimeout(300);
    await shoot(page, 'search');

    // Trace: a failing trace with the most spans, its deepest failing span open.
    const failing = await json(`${system.url}/api/v1/search?lookback=15m&status=error&limit=50`);
    const pick = [...failing.traces].sort((a, b) => b.spanCount - a.spanCount)[0] ?? (await json(`${system.url}/api/v1/search?lookback=15m&limit=1`)).traces[0];
    await page.goto(`${system.url}/trace/${pick.traceId}`);
    await page.getByTestId('span-row').first().waitFor();
    const errorRows = page.locator('[data-testid=span-row].has-error');
    if ((await errorRows.count()) > 0) await errorRows.last().click();
    else await page.getByTestId('span-row').nth(2).click();
    await page.locator('table[aria-label="Span attributes"]').waitFor();
    await page.waitForTimeout(300);
    await shoot(page, 'trace');

    // Services: the figures per service, the operations of the first failing service open.
    await page.goto(`${system.url}/services?lookback=15m`);
    await page.getByTestId('services-table').waitFor();
    const failingService = page.locator('tr.service-row', { has: page.locator('td.error-text') }).first();
    if ((await failingService.count()) > 0) await failingService.locator('button.toggle').click();
    else await page.locator('tr.service-row button.toggle').first().click();
    await page.waitForTimeout(200);
    await shoot(page, 'services');
  } finally {
    await browser.close();
    await system?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
