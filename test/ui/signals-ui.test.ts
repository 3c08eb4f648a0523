/**
 * Logs and metrics in the web UI, end to end: the OpenTelemetry JS SDK sends a trace,
 * its logs and its pod's metrics to a real `ariadne start`; Chromium opens the trace,
 * clicks the span, and finds its logs and its pod's charts. Skipped without Chromium.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '../../scripts/chromium.js';
import { removeDir, startAriadne, type RunningAriadne } from '../helpers/ariadne-process.js';
import { logExporter, metricExporter } from '../helpers/otel-signal-exporters.js';
import { waitForTrace } from '../helpers/query-client.js';

const HAVE_CHROMIUM = chromiumAvailable();
const SUITE = HAVE_CHROMIUM ? 'logs and metrics in the web UI' : `logs and metrics in the web UI (skipped: no Chromium at ${CHROMIUM_PATH})`;
const HOSTILE_LOG = `<img src=x onerror="window.__xss='log'">inventory lookup failed`;

let ariadne: RunningAriadne;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let traceId = '';
let failingSpan = '';
let quietSpan = '';

async function feed(): Promise<void> {
  const resource = resourceFromAttributes({ 'service.name': 'inventory', 'k8s.pod.name': 'inventory-2', 'k8s.namespace.name': 'demo', 'service.instance.id': 'inventory-2' });
  const tracing = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${ariadne.otlpHttpUrl}/v1/traces` }))] });
  const logging = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: logExporter('http/protobuf', ariadne.otlpHttpUrl) })] });
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter('http/protobuf', ariadne.otlpHttpUrl), exportIntervalMillis: 3_600_000 });
  const metering = new MeterProvider({ resource, readers: [reader] });
  const meter = metering.getMeter('pod');
  const cpu = meter.createGauge('k8s.pod.cpu.utilization');
  const mem = meter.createUpDownCounter('k8s.pod.memory.usage', { unit: 'By' });
  const net = meter.createCounter('k8s.pod.network.io', { unit: 'By' });
  const logger = logging.getLogger('inventory');

  const tracer = tracing.getTracer('e2e');
  const root = tracer.startSpan('GET /stock', { kind: SpanKind.SERVER });
  const rootCtx = trace.setSpan(ROOT_CONTEXT, root);
  const lookup = tracer.startSpan('lookup', { kind: SpanKind.INTERNAL }, rootCtx);
  logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: 'request received', context: rootCtx });
  logger.emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: HOSTILE_LOG, attributes: { 'error.type': 'timeout' }, context: trace.setSpan(ROOT_CONTEXT, lookup) });
  for (let i = 0; i < 3; i++) {
    cpu.record(0.2 + i * 0.3);
    mem.add(50_000_000);
    net.add(10_000, { 'network.io.direction': 'receive' });
    net.add(2_000, { 'network.io.direction': 'transmit' });
    await metering.forceFlush();
    if (i < 2) await new Promise((r) => setTimeout(r, 1100));
  }
  lookup.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
  lookup.end();
  root.end();
  traceId = root.spanContext().traceId;
  failingSpan = lookup.spanContext().spanId;
  quietSpan = root.spanContext().spanId;
  await Promise.all([tracing.shutdown(), logging.shutdown(), metering.shutdown()]);
}

describe.skipIf(!HAVE_CHROMIUM)(SUITE, { timeout: 60_000 }, () => {
  let page: Page;
  const problems: string[] = [];
  beforeAll(async () => {
    ariadne = await startAriadne();
    await feed();
    await waitForTrace(ariadne.httpUrl, traceId, 2);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (ariadne) {
      await ariadne.stop();
      removeDir(ariadne.dataDir);
    }
  });

  it("marks the span with error logs, shows its logs, then the pod's charts", async () => {
    await page.goto(`${ariadne.httpUrl}/trace/${traceId}`);
    const failingRow = page.locator(`[data-testid=span-row][data-span-id="${failingSpan}"]`);
    await failingRow.locator('[data-testid=log-mark].log-mark-error').waitFor();
    expect(await page.locator(`[data-testid=span-row][data-span-id="${quietSpan}"] .log-mark-error`).count()).toBe(0);

    await failingRow.click();
    const detail = page.getByTestId('span-detail');
    await detail.getByTestId('tab-logs').click();
    const lines = detail.getByTestId('log-line');
    await lines.first().waitFor();
    expect(await lines.count()).toBe(1);
    expect(await lines.first().locator('.log-body').textContent()).toBe(HOSTILE_LOG);
    expect(await lines.first().locator('.log-severity').textContent()).toBe('ERROR');

    await detail.getByTestId('logs-whole-trace').check();
    await expect.poll(() => lines.count()).toBe(2);

    await detail.getByTestId('tab-infrastructure').click();
    const charts = detail.getByTestId('infra-chart');
    await expect.poll(() => charts.count(), { timeout: 10_000 }).toBe(3);
    expect(await detail.getByTestId('chart-span-mark').count()).toBe(3);
    // CPU and memory one line each, network receive and transmit.
    expect(await detail.getByTestId('chart-line').count()).toBe(4);
    expect(await page.evaluate(() => (globalThis as { __xss?: string }).__xss)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('finds error logs on the Logs page and links each to its trace and span', async () => {
    await page.goto(`${ariadne.httpUrl}/logs?severity=error&lookback=3600000`);
    const link = page.getByTestId('log-trace-link');
    await link.first().waitFor();
    expect(await page.getByTestId('log-line').count()).toBe(1);
    await link.first().click();
    await page.waitForURL(`${ariadne.httpUrl}/trace/${traceId}?span=${failingSpan}`);
    await page.getByTestId('span-detail').waitFor();
    expect(problems).toEqual([]);
  });
});
