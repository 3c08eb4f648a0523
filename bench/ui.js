// UI benchmark: time from navigation to the first waterfall rows on screen, for traces of
// 1,000, 10,000 and 100,000 spans, in Debian's headless Chromium (median of 3 page loads
// each). Baseline in the same run: the API call alone (GET /api/v1/traces/{id}, the whole
// body read over HTTP from Node). Also the frame times while scrolling the 100,000-span
// waterfall. Targets (issue 5): 10,000 spans within 1 s, 100,000 within 3 s.
import path from 'node:path';
import { randomFillSync } from 'node:crypto';
import { openDuckDbStore } from '../dist/store/duckdb/index.js';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '../scripts/chromium.js';
import { median, percentile, removeDir, round, startAriadne, tempDir } from './lib.js';

const SIZES = (process.env.BENCH_UI_SIZES ?? '1000,10000,100000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FANOUT = 8;
const SERVICES = ['frontend', 'catalog', 'cart', 'checkout', 'payment', 'postgres'];
const OPERATIONS = ['GET /api/products', 'SELECT products', 'HGET cart', 'PlaceOrder', 'Charge', 'INSERT orders', 'render', 'publish order.placed'];

function resourceOf(service) {
  return {
    attributes: [
      { key: 'service.name', value: { type: 'string', value: service } },
      { key: 'k8s.pod.name', value: { type: 'string', value: `${service}-5c9d7f-x2k4p` } },
    ],
    droppedAttributesCount: 0,
    schemaUrl: '',
  };
}
const RESOURCES = SERVICES.map(resourceOf);
const SCOPE = { name: 'bench', version: '1.0.0', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

/**
 * One trace of n spans shaped like a large batch request: a tree with FANOUT children per
 * span (depth about log8 n), each child inside its parent's time, 6 attributes per span.
 */
function bigTrace(n, startNs) {
  const traceId = randomFillSync(new Uint8Array(16));
  const ids = [];
  const starts = new Float64Array(n);
  const durations = new Float64Array(n);
  const spans = [];
  for (let i = 0; i < n; i++) {
    const spanId = randomFillSync(new Uint8Array(8));
    ids.push(spanId);
    const p = i === 0 ? -1 : Math.floor((i - 1) / FANOUT);
    if (p < 0) {
      starts[i] = 0;
      durations[i] = n * 20_000;
    } else {
      const slot = (i - 1) % FANOUT;
      durations[i] = Math.max(1000, durations[p] / (FANOUT + 2));
      starts[i] = starts[p] + (slot + 1) * (durations[p] / (FANOUT + 2));
    }
    const s = startNs + BigInt(Math.round(starts[i]));
    spans.push({
      traceId,
      spanId,
      parentSpanId: p < 0 ? new Uint8Array(0) : ids[p],
      traceState: '',
      flags: 1,
      name: OPERATIONS[i % OPERATIONS.length],
      kind: p < 0 ? 2 : 3,
      startTimeUnixNano: s,
      endTimeUnixNano: s + BigInt(Math.round(durations[i])),
      attributes: [
        { key: 'http.request.method', value: { type: 'string', value: 'GET' } },
        { key: 'url.full', value: { type: 'string', value: `https://shop.example.com/api/items/${i}` } },
        { key: 'http.response.status_code', value: { type: 'int', value: i % 97 === 0 ? 500n : 200n } },
        { key: 'db.system', value: { type: 'string', value: 'postgresql' } },
        { key: 'app.item', value: { type: 'int', value: BigInt(i) } },
        { key: 'cache.hit', value: { type: 'bool', value: i % 3 === 0 } },
      ],
      droppedAttributesCount: 0,
      events: [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      statusCode: i % 97 === 0 ? 2 : 0,
      statusMessage: i % 97 === 0 ? 'internal error' : '',
      resource: RESOURCES[i % RESOURCES.length],
      scope: SCOPE,
    });
  }
  return spans;
}

const hex = (b) => Buffer.from(b).toString('hex');

async function apiOnce(url, id) {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/traces/${id}`);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET /api/v1/traces/${id} answered ${res.status}: ${body.slice(0, 300)}`);
  return { ms: performance.now() - t0, bytes: Buffer.byteLength(body) };
}

async function uiOnce(context, url, id, spans) {
  const page = await context.newPage();
  try {
    const t0 = performance.now();
    await page.goto(`${url}/trace/${id}`);
    await page.waitForSelector('[data-testid=span-row]', { timeout: 60_000 });
    const wallMs = performance.now() - t0;
    const mark = await page.evaluate(async () => {
      for (let i = 0; i < 100 && performance.getEntriesByName('ariadne:waterfall-rows').length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      return performance.getEntriesByName('ariadne:waterfall-rows')[0]?.startTime ?? NaN;
    });
    const shown = await page.getByTestId('span-count').textContent();
    if (shown !== spans.toLocaleString('en-US')) throw new Error(`the page shows ${shown} spans, not ${spans}`);
    return { page, firstRowsMs: mark, wallMs };
  } catch (err) {
    await page.close();
    throw err;
  }
}

/** Scrolls the waterfall a screenful per frame for 120 frames; frame intervals in ms. */
async function scrollFrames(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const el = document.querySelector('[data-testid=waterfall]');
        const frames = [];
        let last = performance.now();
        const step = (t) => {
          frames.push(t - last);
          last = t;
          el.scrollTop += el.clientHeight;
          if (frames.length < 120) requestAnimationFrame(step);
          else resolve(frames.slice(1));
        };
        requestAnimationFrame(step);
      }),
  );
}

export async function benchUi() {
  if (!chromiumAvailable()) return { bench: 'ui', skipped: `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)` };
  const dir = tempDir();
  const traces = [];
  try {
    const store = await openDuckDbStore({ path: path.join(dir, 'ariadne.duckdb') });
    const startNs = BigInt(Date.now() - 10 * 60_000) * 1_000_000n;
    for (const n of SIZES) {
      const spans = bigTrace(n, startNs);
      for (let i = 0; i < spans.length; i += 5000) await store.writeSpans(spans.slice(i, i + 5000));
      traces.push({ n, id: hex(spans[0].traceId) });
    }
    await store.close();

    const a = await startAriadne(dir);
    const browser = await launchChromium({ viewport: { width: 1440, height: 900 } });
    try {
      // Warm-up: the app's assets in the browser cache, DuckDB's file in the page cache.
      const warm = await browser.context.newPage();
      await warm.goto(`${a.http}/search`);
      await warm.close();
      for (const t of traces) await apiOnce(a.http, t.id);

      const out = { bench: 'ui', browser: `chromium ${browser.context.browser()?.version() ?? ''}`.trim(), runs: RUNS, fanout: FANOUT };
      for (const t of traces) {
        const api = [];
        const first = [];
        const wall = [];
        let bytes = 0;
        for (let r = 0; r < RUNS; r++) {
          const call = await apiOnce(a.http, t.id);
          api.push(call.ms);
          bytes = call.bytes;
          const ui = await uiOnce(browser.context, a.http, t.id, t.n);
          first.push(ui.firstRowsMs);
          wall.push(ui.wallMs);
          if (r === RUNS - 1 && t.n === Math.max(...SIZES)) {
            const frames = (await scrollFrames(ui.page)).sort((x, y) => x - y);
            out[`scroll_${t.n}_frame_ms_p50`] = round(percentile(frames, 50));
            out[`scroll_${t.n}_frame_ms_p95`] = round(percentile(frames, 95));
            out[`scroll_${t.n}_frame_ms_max`] = round(frames[frames.length - 1]);
          }
          await ui.page.close();
        }
        out[`spans_${t.n}_first_rows_ms_median`] = Math.round(median(first));
        out[`spans_${t.n}_first_rows_ms_runs`] = first.map(Math.round);
        out[`spans_${t.n}_goto_to_rows_wall_ms_median`] = Math.round(median(wall));
        out[`spans_${t.n}_api_ms_median`] = Math.round(median(api));
        out[`spans_${t.n}_api_ms_runs`] = api.map(Math.round);
        out[`spans_${t.n}_payload_mib`] = round(bytes / 1048576, 2);
      }
      out.target_10000_first_rows_ms = 1000;
      out.target_100000_first_rows_ms = 3000;
      out.peak_rss_mib = round(a.peakRssMiB());
      return out;
    } finally {
      await browser.close();
      await a.stop();
    }
  } finally {
    removeDir(dir);
  }
}
