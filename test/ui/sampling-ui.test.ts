/**
 * The Sampling page end to end: a known mix of traces (some failing, some slow, two
 * services) goes over OTLP/HTTP to a real `ariadne start`; Chromium opens /sampling and
 * finds the figures GET /api/v1/sampling answers, then runs what-ifs (head probability 0,
 * a tail policy keeping only errors, a bad policy) and finds the figures and the message
 * POST /api/v1/sampling/what-if answers. Skipped without Chromium.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '../../scripts/chromium.js';
import type { Span } from '../../src/model/index.js';
import { encodeTraceRequestProto } from '../../src/otlp/encode-proto.js';
import { removeDir, startAriadne, type RunningAriadne } from '../helpers/ariadne-process.js';
import { postTraces } from '../helpers/otlp-clients.js';
import { newTraceId, span } from '../collector/helpers/test-host.js';

const HAVE_CHROMIUM = chromiumAvailable();
const SUITE = HAVE_CHROMIUM ? 'the Sampling page' : `the Sampling page (skipped: no Chromium at ${CHROMIUM_PATH})`;
const TRACES = 20;
const ERRORS = 4; // t % 5 === 0
const SLOW = 4; // t % 5 === 2, 1.5 s (the default slow threshold is 1 s)

let ariadne: RunningAriadne;
let browser: Awaited<ReturnType<typeof launchChromium>>;

interface Coverage {
  seen: number;
  kept: number;
  coverage: number | null;
}
interface Figures {
  kept_traces: number;
  kept_spans: number;
  spans_per_second: number;
  estimated_gb_per_day: number;
  error_traces: Coverage;
  slow_traces: Coverage;
  per_service: { service: string; traces: number; kept_traces: number }[];
}
interface Overview {
  window: { traces: number; spans: number };
  current: Figures;
}

async function overview(): Promise<Overview> {
  return (await (await fetch(`${ariadne.httpUrl}/api/v1/sampling`)).json()) as Overview;
}

async function whatIf(body: unknown): Promise<{ status: number; json: { proposed: Figures; current: Figures; error?: string } }> {
  const res = await fetch(`${ariadne.httpUrl}/api/v1/sampling/what-if`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { proposed: Figures; current: Figures; error?: string } };
}

async function feed(): Promise<void> {
  const spans: Span[] = [];
  for (let t = 0; t < TRACES; t++) {
    const traceId = newTraceId();
    const service = t % 2 ? 'search' : 'checkout';
    const root = span({ traceId, service, name: 'GET /', kind: 2, durationMs: t % 5 === 2 ? 1500 : 40 });
    spans.push(root, span({ traceId, parent: root.spanId, service: 'db', durationMs: 5, status: t % 5 === 0 ? 2 : 0 }));
  }
  expect((await postTraces(ariadne.otlpHttpUrl, encodeTraceRequestProto(spans))).status).toBe(200);
}

/** Reads one FigureList from the page. */
async function figuresOnPage(page: Page, prefix: string) {
  const text = async (id: string) => ((await page.getByTestId(`${prefix}-${id}`).textContent()) ?? '').trim();
  const attrs = async (id: string) => {
    const el = page.getByTestId(`${prefix}-${id}`);
    return { seen: Number(await el.getAttribute('data-seen')), kept: Number(await el.getAttribute('data-kept')) };
  };
  return {
    kept_traces: await text('kept-traces'),
    kept_spans: await text('kept-spans'),
    error: await attrs('error-coverage'),
    slow: await attrs('slow-coverage'),
  };
}

describe.skipIf(!HAVE_CHROMIUM)(SUITE, { timeout: 30_000 }, () => {
  let page: Page;
  const problems: string[] = [];
  beforeAll(async () => {
    ariadne = await startAriadne();
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    if (ariadne) {
      await ariadne.stop();
      removeDir(ariadne.dataDir);
    }
  });

  it('says there is no traffic yet, then shows the figures GET /api/v1/sampling answers', async () => {
    await page.goto(`${ariadne.httpUrl}/sampling`);
    await page.getByText('No traffic yet.').waitFor();
    expect(await page.locator('nav a[aria-current=page]').textContent()).toBe('Sampling');

    await feed();
    // Summaries complete summary_wait (5 s by default) after a trace's last span.
    await expect.poll(async () => (await overview()).window.traces, { timeout: 15_000, interval: 250 }).toBe(TRACES);
    const o = await overview();
    expect(o.current.kept_traces).toBe(TRACES); // no head or tail sampler: everything kept
    expect(o.current.error_traces).toEqual({ seen: ERRORS, kept: ERRORS, coverage: 1 });
    expect(o.current.slow_traces).toEqual({ seen: SLOW, kept: SLOW, coverage: 1 });

    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByTestId('window-traces').waitFor();
    expect(await page.getByTestId('window-traces').textContent()).toBe(String(o.window.traces));
    expect(await page.getByTestId('window-spans').textContent()).toBe(String(o.window.spans));
    const shown = await figuresOnPage(page, 'current');
    expect(shown.kept_traces).toBe(String(o.current.kept_traces));
    expect(shown.kept_spans).toBe(String(o.current.kept_spans));
    expect(shown.error).toEqual({ seen: o.current.error_traces.seen, kept: o.current.error_traces.kept });
    expect(shown.slow).toEqual({ seen: o.current.slow_traces.seen, kept: o.current.slow_traces.kept });
    expect(await page.getByTestId('current-error-coverage').textContent()).toContain('100%');
    const rows = page.getByTestId('current-services').getByTestId('service-row');
    expect(await rows.count()).toBe(o.current.per_service.length);
    for (const s of o.current.per_service) {
      const row = page.locator(`[data-testid=current-services] [data-testid=service-row][data-service="${s.service}"]`);
      expect(await row.getByTestId('service-traces').textContent()).toBe(String(s.traces));
      expect(await row.getByTestId('service-kept').textContent()).toBe(String(s.kept_traces));
    }
    expect(problems).toEqual([]);
  });

  it('shows what-if figures equal to the API answer, and a bad policy message inline', async () => {
    // Head probability 0: nothing kept.
    const head0 = await whatIf({ head_probability: 0 });
    expect(head0.status).toBe(200);
    expect(head0.json.proposed.kept_traces).toBe(0);
    await page.getByTestId('what-if-head').fill('0');
    await page.getByTestId('what-if-run').click();
    await page.getByTestId('whatif-proposed-kept-traces').waitFor();
    let shown = await figuresOnPage(page, 'whatif-proposed');
    expect(shown.kept_traces).toBe('0');
    expect(shown.error).toEqual({ seen: head0.json.proposed.error_traces.seen, kept: 0 });
    expect((await figuresOnPage(page, 'whatif-current')).kept_traces).toBe(String(head0.json.current.kept_traces));

    // A tail policy that keeps only errors.
    const policies = [{ name: 'errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } }];
    const errorsOnly = await whatIf({ tail_policies: policies });
    expect(errorsOnly.json.proposed.kept_traces).toBe(ERRORS);
    await page.getByTestId('what-if-head').fill('');
    await page.getByTestId('what-if-policies').fill(JSON.stringify(policies));
    await page.getByTestId('what-if-run').click();
    await expect.poll(() => page.getByTestId('whatif-proposed-kept-traces').textContent()).toBe(String(ERRORS));
    shown = await figuresOnPage(page, 'whatif-proposed');
    expect(shown.kept_spans).toBe(String(errorsOnly.json.proposed.kept_spans));
    expect(shown.error).toEqual({ seen: errorsOnly.json.proposed.error_traces.seen, kept: errorsOnly.json.proposed.error_traces.kept });
    expect(shown.slow).toEqual({ seen: errorsOnly.json.proposed.slow_traces.seen, kept: errorsOnly.json.proposed.slow_traces.kept });
    expect(await page.getByTestId('whatif-proposed-error-coverage').textContent()).toContain('100%');

    // A bad policy: the API's 400 message, inline.
    const bad = [{ name: 'slow', type: 'latency', latency: { threshold_ms: -1 } }];
    const refused = await whatIf({ tail_policies: bad });
    expect(refused.status).toBe(400);
    await page.getByTestId('what-if-policies').fill(JSON.stringify(bad));
    await page.getByTestId('what-if-run').click();
    await expect.poll(() => page.getByTestId('what-if-error').textContent()).toBe(refused.json.error);
    expect(problems).toEqual([]);
  });
});
