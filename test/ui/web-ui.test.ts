/**
 * The web UI end to end: a real `ariadne start`, fed by the OpenTelemetry JS SDK, driven
 * by Debian's Chromium through playwright-core. Skipped (and named so) without Chromium;
 * .ci/run installs it.
 */
import { context as otelContext, SpanKind, SpanStatusCode, trace, type Span as ApiSpan, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '../../scripts/chromium.js';
import { removeDir, startAriadne, type RunningAriadne } from '../helpers/ariadne-process.js';

const HAVE_CHROMIUM = chromiumAvailable();
const SUITE = HAVE_CHROMIUM ? 'web UI in Chromium' : `web UI in Chromium (skipped: no Chromium at ${CHROMIUM_PATH}; .ci/run installs Debian's chromium package)`;

// Payloads that would run if any of them reached the page as HTML or as a URL.
const XSS_NAME = `<img src=x onerror="window.__xss='name';alert('name')">`;
const XSS_KEY = `<script>window.__xss='key';alert('key')</script>`;
const XSS_VALUE = `<img src=x onerror="window.__xss='value';alert('value')">`;
const XSS_SERVICE = `<svg onload="window.__xss='service'">e2e-hostile`;
const XSS_URL = `javascript:window.__xss='url';alert('url')`;
const XSS_EVENT = `<script>window.__xss='event'</script>`;

interface SentSpan {
  readonly id: string;
  readonly name: string;
  readonly depth: number;
}

let ariadne: RunningAriadne;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let page: Page;
let checkoutTraceId = '';
let hostileTraceId = '';
/** The checkout trace's spans in the order and nesting the waterfall must show. */
const checkoutSpans: SentSpan[] = [];
const problems: string[] = [];

/** The browser logs a failed request itself; a test that causes one on purpose drops that line. */
function expectBrowserLogged(status: number): void {
  const i = problems.findIndex((p) => p.includes(`status of ${status}`));
  expect(i, `the browser logged no HTTP ${status}`).toBeGreaterThanOrEqual(0);
  problems.splice(i, 1);
}

function providerFor(service: string, url: string): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment.name': 'e2e' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
  });
}

/** Sends the two traces through the SDK; times are explicit so the expected order is exact. */
async function feed(otlpHttpUrl: string): Promise<void> {
  const providers = ['e2e-frontend', 'e2e-payment', 'e2e-db', XSS_SERVICE].map((s) => [s, providerFor(s, otlpHttpUrl)] as const);
  const tracer = (s: string): Tracer => providers.find(([name]) => name === s)![1].getTracer('ariadne-e2e', '1.0.0');
  const t0 = Date.now() - 60_000;
  const start = (t: Tracer, name: string, parent: ApiSpan | undefined, at: number, kind: SpanKind, attributes: Record<string, string | number | boolean> = {}, depth = 0): ApiSpan => {
    const ctx = parent === undefined ? otelContext.active() : trace.setSpan(otelContext.active(), parent);
    const s = t.startSpan(name, { kind, startTime: t0 + at, attributes }, ctx);
    if (name !== XSS_NAME) checkoutSpans.push({ id: s.spanContext().spanId, name, depth });
    return s;
  };

  //  GET /checkout (frontend)              0 .. 100
  //    POST /pay (frontend, client)        10 .. 70
  //      charge (payment, error)           12 .. 68
  //        SELECT cards (db)               20 .. 30
  //    render (frontend)                   75 .. 95
  const fe = tracer('e2e-frontend');
  const root = start(fe, 'GET /checkout', undefined, 0, SpanKind.SERVER, { 'http.request.method': 'GET', 'app.customer.tier': 'gold-e2e', 'url.full': 'https://shop.example.com/checkout' });
  const pay = start(fe, 'POST /pay', root, 10, SpanKind.CLIENT, { 'http.request.method': 'POST' }, 1);
  const charge = start(tracer('e2e-payment'), 'charge', pay, 12, SpanKind.SERVER, { 'payment.card': 'visa', 'payment.amount': 12.5, 'payment.note': 'n'.repeat(600) }, 2);
  const query = start(tracer('e2e-db'), 'SELECT cards', charge, 20, SpanKind.CLIENT, { 'db.system.name': 'postgresql' }, 3);
  query.end(t0 + 30);
  charge.addEvent('exception', { 'exception.message': 'card declined' }, t0 + 60);
  charge.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
  charge.end(t0 + 68);
  pay.end(t0 + 70);
  const render = start(fe, 'render', root, 75, SpanKind.INTERNAL, {}, 1);
  render.end(t0 + 95);
  root.end(t0 + 100);
  checkoutTraceId = root.spanContext().traceId;

  const h = tracer(XSS_SERVICE);
  const hostile = h.startSpan(XSS_NAME, { kind: SpanKind.SERVER, startTime: t0 + 200, attributes: { [XSS_KEY]: XSS_VALUE, 'link.target': XSS_URL, 'safe.url': 'https://example.com/docs' } });
  hostile.addEvent(XSS_EVENT, { [XSS_KEY]: XSS_VALUE }, t0 + 201);
  hostile.setStatus({ code: SpanStatusCode.ERROR, message: XSS_VALUE });
  hostile.end(t0 + 250);
  hostileTraceId = hostile.spanContext().traceId;

  await Promise.all(providers.map(([, p]) => p.forceFlush()));
  await Promise.all(providers.map(([, p]) => p.shutdown()));
}

async function waitForSearch(url: string, service: string, count: number): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    const r = (await (await fetch(`${url}/api/v1/search?service=${encodeURIComponent(service)}`)).json()) as { traces: { spanCount: number }[] };
    if ((r.traces[0]?.spanCount ?? 0) >= count) return;
    if (Date.now() > until) throw new Error(`service ${service} did not get ${count} spans`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function rows(p: Page): Promise<{ name: string; depth: number; id: string; selected: boolean }[]> {
  return p.$$eval('[data-testid=span-row]', (els) =>
    els.map((e) => ({
      name: e.querySelector('.span-name')?.textContent ?? '',
      depth: Number(e.getAttribute('data-depth')),
      id: e.getAttribute('data-span-id') ?? '',
      selected: e.getAttribute('aria-selected') === 'true',
    })),
  );
}

describe.skipIf(!HAVE_CHROMIUM)(SUITE, { timeout: 60_000 }, () => {
  beforeAll(async () => {
    ariadne = await startAriadne();
    await feed(ariadne.otlpHttpUrl);
    await waitForSearch(ariadne.httpUrl, 'e2e-frontend', 5);
    await waitForSearch(ariadne.httpUrl, XSS_SERVICE, 1);
    browser = await launchChromium();
    context = browser.context;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (ariadne) {
      await ariadne.stop();
      removeDir(ariadne.dataDir);
    }
  });

  beforeEach(async () => {
    page = await context.newPage();
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
  });

  afterEach(async () => {
    const xss = await page.evaluate(() => (globalThis as unknown as { __xss?: string }).__xss).catch(() => undefined);
    await page.close();
    expect(xss, 'a payload ran').toBeUndefined();
    expect(problems.splice(0)).toEqual([]);
  });

  it('finds the trace by service', async () => {
    await page.goto(`${ariadne.httpUrl}/search?service=e2e-frontend&lookback=1h`);
    const result = page.getByTestId('search-result');
    await result.first().waitFor();
    expect(await result.count()).toBe(1);
    expect(await result.getAttribute('data-trace-id')).toBe(checkoutTraceId);
    expect(await result.textContent()).toContain('GET /checkout');
    expect(await result.textContent()).toContain('5 spans');
    expect(await result.textContent()).toContain('1 error');
  });

  it('finds the trace by attribute through the form, and says so when nothing matches', async () => {
    await page.goto(`${ariadne.httpUrl}/search`);
    await page.locator('select[name=service] option[value="e2e-frontend"]').waitFor({ state: 'attached' });
    await page.selectOption('select[name=service]', 'e2e-frontend');
    await page.getByRole('textbox', { name: 'Attribute filter 1' }).fill('app.customer.tier=gold-e2e');
    await page.getByRole('button', { name: 'Find traces' }).click();
    await page.waitForURL(/attr=app.customer.tier%3Dgold-e2e/);
    await page.getByTestId('search-result').first().waitFor();
    expect(await page.getByTestId('search-result').getAttribute('data-trace-id')).toBe(checkoutTraceId);

    await page.getByRole('textbox', { name: 'Attribute filter 1' }).fill('app.customer.tier=silver');
    await page.getByRole('button', { name: 'Find traces' }).click();
    await page.getByText('No traces found.').waitFor();
    expect(await page.getByTestId('search-result').count()).toBe(0);
  });

  it('finds failing traces by status and opens one from the scatter plot', async () => {
    await page.goto(`${ariadne.httpUrl}/search?service=e2e-payment&status=error`);
    await page.locator(`circle[data-trace-id="${checkoutTraceId}"]`).click();
    await page.waitForURL(`**/trace/${checkoutTraceId}`);
    await page.getByTestId('span-row').first().waitFor();
  });

  it('shows every span of the trace in order with its nesting', async () => {
    await page.goto(`${ariadne.httpUrl}/trace/${checkoutTraceId}`);
    await page.getByTestId('span-row').first().waitFor();
    expect((await rows(page)).map(({ name, depth, id }) => ({ name, depth, id }))).toEqual(checkoutSpans);
    expect(await page.getByTestId('span-count').textContent()).toBe('5');
    expect(await page.locator('[data-testid=span-row].has-error .span-name').allTextContents()).toEqual(['charge']);
  });

  it("shows a span's attributes, status, events and resource in its details", async () => {
    await page.goto(`${ariadne.httpUrl}/trace/${checkoutTraceId}`);
    await page.locator('[data-testid=span-row]', { hasText: 'charge' }).click();
    const detail = page.getByTestId('span-detail');
    await detail.locator('table[aria-label="Span attributes"]').waitFor();
    const attr = (key: string) => detail.locator(`table[aria-label="Span attributes"] tr[data-key="${key}"] td`);
    expect(await attr('payment.card').textContent()).toBe('visastring');
    expect(await attr('payment.amount').textContent()).toBe('12.5double');
    expect(await attr('payment.note').textContent()).toContain('show all (600 characters)');
    expect(await detail.textContent()).toContain('error: card declined');
    expect(await detail.locator('.event-name').allTextContents()).toEqual(['exception']);
    expect(await detail.locator('table[aria-label="Resource attributes"] tr[data-key="service.name"] td').textContent()).toBe('e2e-paymentstring');
    expect(page.url()).toBe(`${ariadne.httpUrl}/trace/${checkoutTraceId}?span=${checkoutSpans[2]!.id}`);
  });

  it('opens the same view from a deep link, and again after a reload', async () => {
    const charge = checkoutSpans[2]!;
    await page.goto(`${ariadne.httpUrl}/trace/${checkoutTraceId}?span=${charge.id}`);
    for (const step of ['first load', 'reload']) {
      if (step === 'reload') await page.reload();
      await page.getByTestId('detail-span-id').waitFor();
      expect(await page.getByTestId('detail-span-id').textContent(), step).toBe(charge.id);
      expect((await rows(page)).filter((r) => r.selected).map((r) => r.id), step).toEqual([charge.id]);
      await page.locator('table[aria-label="Span attributes"]').waitFor();
    }
  });

  it('moves, opens and collapses with the keyboard', async () => {
    await page.goto(`${ariadne.httpUrl}/trace/${checkoutTraceId}`);
    await page.getByTestId('span-row').first().waitFor();
    const selected = async (): Promise<string | undefined> => (await rows(page)).find((r) => r.selected)?.name;
    expect(await selected()).toBe('GET /checkout');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await selected()).toBe('charge');
    await page.keyboard.press('Enter');
    await page.getByTestId('detail-span-id').waitFor();
    expect(await page.getByTestId('detail-span-id').textContent()).toBe(checkoutSpans[2]!.id);
    await page.keyboard.press('ArrowLeft'); // collapse charge: its child goes
    expect((await rows(page)).map((r) => r.name)).toEqual(['GET /checkout', 'POST /pay', 'charge', 'render']);
    await page.keyboard.press('ArrowLeft'); // already collapsed: go to the parent
    expect(await selected()).toBe('POST /pay');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight'); // expand charge again
    expect((await rows(page)).map((r) => r.name)).toContain('SELECT cards');
    await page.keyboard.press('Escape');
    await page.getByTestId('span-detail').waitFor({ state: 'detached' });
    expect(page.url()).toBe(`${ariadne.httpUrl}/trace/${checkoutTraceId}`);
  });

  it('finds spans within the trace by attribute value and jumps to them', async () => {
    await page.goto(`${ariadne.httpUrl}/trace/${checkoutTraceId}`);
    await page.getByTestId('span-row').first().waitFor();
    await page.keyboard.press('/');
    await page.keyboard.type('visa');
    await page.getByTestId('match-count').filter({ hasText: '– / 1' }).waitFor();
    await page.keyboard.press('Enter');
    expect((await rows(page)).find((r) => r.selected)?.name).toBe('charge');
    expect(await page.locator('.span-row.current-match .span-name').textContent()).toBe('charge');
  });

  it('shows hostile span data as text and runs none of it', async () => {
    const response = await page.goto(`${ariadne.httpUrl}/search?service=${encodeURIComponent(XSS_SERVICE)}`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    await page.getByTestId('search-result').first().waitFor();
    expect(await page.locator('.result-operation').textContent()).toBe(XSS_NAME);
    expect(await page.locator('.result-service').textContent()).toBe(XSS_SERVICE);

    await page.goto(`${ariadne.httpUrl}/trace/${hostileTraceId}`);
    await page.locator('[data-testid=span-row] .span-name').first().waitFor();
    expect(await page.locator('[data-testid=span-row] .span-name').textContent()).toBe(XSS_NAME);
    await page.locator('[data-testid=span-row]').first().click();
    const attrs = page.locator('table[aria-label="Span attributes"]');
    await attrs.waitFor();
    expect(await attrs.locator('th').allTextContents()).toEqual([XSS_KEY, 'link.target', 'safe.url']);
    expect(await attrs.locator('tr').first().locator('.value-text').textContent()).toBe(XSS_VALUE);
    expect(await page.locator('.event-name').textContent()).toBe(XSS_EVENT);
    expect(await page.getByTestId('span-detail').textContent()).toContain(`error: ${XSS_VALUE}`);
    // Only the http(s) value is a link; the javascript: one is text.
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await attrs.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['https://example.com/docs']);
    // Nothing from the data became an element.
    expect(await page.locator('img[src="x"], svg[onload], script:not([src])').count()).toBe(0);
    await page.waitForTimeout(200);
  });

  it('lists services with their figures, linking into search', async () => {
    await page.goto(`${ariadne.httpUrl}/services?lookback=1h`);
    const row = page.locator('tr.service-row[data-service="e2e-payment"]');
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(['1', '1 (100%)', '56 ms', '56 ms', '56 ms']);
    await row.getByRole('link', { name: '1 (100%)' }).click();
    await page.waitForURL(/\/search\?service=e2e-payment&status=error&lookback=1h$/);
    await page.getByTestId('search-result').first().waitFor();
  });

  it('jumps to a trace by id and says when a trace is not there', async () => {
    await page.goto(`${ariadne.httpUrl}/services`);
    await page.getByTestId('trace-id-input').fill(checkoutTraceId.toUpperCase());
    await page.getByTestId('trace-id-input').press('Enter');
    await page.waitForURL(`**/trace/${checkoutTraceId}`);
    await page.getByTestId('span-row').first().waitFor();

    await page.goto(`${ariadne.httpUrl}/trace/${'0'.repeat(31)}1`);
    await page.getByText(`Trace ${'0'.repeat(31)}1 was not found.`).waitFor();
    expectBrowserLogged(404);
  });

  it('says what went wrong when a search is refused', async () => {
    await page.goto(`${ariadne.httpUrl}/search?minDuration=fast`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain("parameter 'minDuration'");
    expect(await alert.textContent()).toContain('HTTP 400');
    expectBrowserLogged(400);
  });
});
