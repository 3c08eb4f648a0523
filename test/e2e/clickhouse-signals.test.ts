/**
 * `ariadne start --storage chdb:...` (ClickHouse's engine in the Ariadne process):
 * logs and metrics from the OpenTelemetry JS SDKs land in the ClickHouse store and come
 * back through the same query API as on DuckDB. Skipped, saying so, without chDB.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { chdbAvailable } from '../../src/store/clickhouse/index.js';
import { removeDir, startAriadne, type RunningAriadne } from '../helpers/ariadne-process.js';
import { logExporter, metricExporter } from '../helpers/otel-signal-exporters.js';
import { getJson } from '../helpers/query-client.js';

const HAS_CHDB = await chdbAvailable();

describe.skipIf(!HAS_CHDB)(`ariadne start on ClickHouse (chDB): logs and metrics${HAS_CHDB ? '' : " (skipped: the npm package 'chdb' is not installed)"}`, () => {
  let ariadne: RunningAriadne;
  let chdbDir: string;
  beforeAll(async () => {
    chdbDir = mkdtempSync(join(tmpdir(), 'ariadne-e2e-chdb-'));
    ariadne = await startAriadne({ args: ['--storage', `chdb:${chdbDir}?database=e2e`] });
  }, 60_000);
  afterAll(async () => {
    expect(await ariadne.stop('SIGTERM')).toBe(0);
    removeDir(ariadne.dataDir);
    removeDir(chdbDir);
  });

  const resource = resourceFromAttributes({ 'service.name': 'inventory', 'k8s.pod.name': 'inventory-2', 'k8s.namespace.name': 'shop' });

  it("serves a trace's logs and a pod's series from ClickHouse", async () => {
    const traceId = 'ab'.repeat(16);
    const spanId = 'cd'.repeat(8);
    const logs = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: logExporter('http/protobuf', ariadne.otlpHttpUrl) })] });
    const logger = logs.getLogger('inventory');
    const context = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED });
    const t0 = Date.now() - 1000;
    logger.emit({ timestamp: t0, severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: 'stock read timed out', attributes: { shard: 3 }, context });
    logger.emit({ timestamp: t0 - 5, severityNumber: SeverityNumber.INFO, body: 'reading stock', context });
    await logs.shutdown();

    const meters = new MeterProvider({ resource, readers: [new PeriodicExportingMetricReader({ exporter: metricExporter('http/protobuf', ariadne.otlpHttpUrl), exportIntervalMillis: 3_600_000 })] });
    meters.getMeter('infra').createGauge('k8s.pod.cpu.utilization', { unit: '1' }).record(0.92);
    await meters.shutdown();

    const ofTrace = await getJson(`${ariadne.httpUrl}/api/traces/${traceId}/logs`);
    expect(ofTrace.status).toBe(200);
    expect(ofTrace.body.data.map((r: { body: unknown }) => r.body)).toEqual([{ stringValue: 'reading stock' }, { stringValue: 'stock read timed out' }]);
    expect(ofTrace.body.data[1]).toMatchObject({ severityNumber: 17, traceId, spanId, attributes: [{ key: 'shard', value: { intValue: '3' } }] });

    const found = await getJson(`${ariadne.httpUrl}/api/logs?service=inventory&severity=error&q=TIMED`);
    expect(found.body.data.map((r: { body: unknown }) => r.body)).toEqual([{ stringValue: 'stock read timed out' }]);

    const series = await getJson(
      `${ariadne.httpUrl}/api/series?name=k8s.pod.cpu.utilization&resource.k8s.pod.name=inventory-2&resource.k8s.namespace.name=shop&step=1h&start=${(Date.now() - 3_600_000) * 1000}`,
    );
    expect(series.status, JSON.stringify(series.body)).toBe(200);
    expect(series.body.series[0].points[0][1]).toBeCloseTo(0.92);
  });
});
