/**
 * Logs and metrics of an SDK-instrumented demo service, through the OpenTelemetry JS
 * logs and metrics SDKs: a log record per request (error-level for a 5xx or a failed
 * step) carrying the span's trace context, and the process's CPU, memory and network
 * as pod metrics (`k8s.pod.cpu.utilization`, `k8s.pod.memory.usage`,
 * `k8s.pod.network.io`) under a pod-like resource, with the served requests'
 * `http.server.request.duration`, so a slow or failing instance shows in its charts. The OTLP exporter packages for logs
 * and metrics are not installed; their parts (export delegate + serializer) are.
 */
import type http from 'node:http';
import type { Socket } from 'node:net';
import os from 'node:os';
import type { Context } from '@opentelemetry/api';
import { SeverityNumber, type Logger } from '@opentelemetry/api-logs';
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import { LogsExporterMetricsHelper, MetricsExporterMetricsHelper, ProtobufLogsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { Resource } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

export interface SdkSignals {
  readonly logger: Logger;
  /** One served request's duration, so a slow or failing instance shows in its pod's charts. */
  recordRequest(seconds: number, statusCode: number): void;
  /** Counts the bytes of the server's connections as the pod's network receive/transmit. */
  observeServer(server: http.Server): void;
  shutdown(): Promise<void>;
}

/** http://host:4318/v1/traces -> http://host:4318/v1/logs */
function signalUrl(tracesUrl: string, signal: 'logs' | 'metrics'): string {
  return tracesUrl.replace(/\/v1\/traces\/?$/, '') + `/v1/${signal}`;
}

function httpOptions(url: string, signal: 'LOGS' | 'METRICS') {
  return convertLegacyHttpOptions({ url, timeoutMillis: 5000 }, signal, `v1/${signal.toLowerCase()}`, { 'Content-Type': 'application/x-protobuf' });
}

export function createSdkSignals(resource: Resource, tracesUrl: string, metricIntervalMs = 5000): SdkSignals {
  const logExporter = new OTLPExporterBase<ReadableLogRecord[]>(
    createOtlpHttpExportDelegate(httpOptions(signalUrl(tracesUrl, 'logs'), 'LOGS'), ProtobufLogsSerializer, 'otlp_http_log_exporter', LogsExporterMetricsHelper, undefined),
  );
  const logs = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter: logExporter, scheduledDelayMillis: 500 })] });

  const metricBase = new OTLPExporterBase<ResourceMetrics>(
    createOtlpHttpExportDelegate(httpOptions(signalUrl(tracesUrl, 'metrics'), 'METRICS'), ProtobufMetricsSerializer, 'otlp_http_metric_exporter', MetricsExporterMetricsHelper, undefined),
  );
  const metricExporter: PushMetricExporter = {
    export: (m, cb) => metricBase.export(m, cb),
    forceFlush: () => metricBase.forceFlush(),
    shutdown: () => metricBase.shutdown(),
    selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
  };
  const metrics = new MeterProvider({
    resource,
    readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: metricIntervalMs })],
  });
  const meter = metrics.getMeter('ariadne-demo', '0.1.0');
  // The pod's sidecar reports the same metric names from its own process: this keeps
  // the two apart in a chart, as the container does in Kubernetes.
  const container = { 'k8s.container.name': String(resource.attributes['k8s.container.name'] ?? 'app') };

  // CPU: process CPU time over wall time since the last reading, as a share of the machine's cores.
  let lastCpu = process.cpuUsage();
  let lastWall = process.hrtime.bigint();
  meter.createObservableGauge('k8s.pod.cpu.utilization', { unit: '1', description: 'Pod CPU utilization' }).addCallback((r) => {
    const cpu = process.cpuUsage();
    const wall = process.hrtime.bigint();
    const usedUs = cpu.user - lastCpu.user + (cpu.system - lastCpu.system);
    const wallUs = Number(wall - lastWall) / 1000;
    lastCpu = cpu;
    lastWall = wall;
    if (wallUs > 0) r.observe(usedUs / wallUs / Math.max(1, os.availableParallelism()), container);
  });
  meter.createObservableUpDownCounter('k8s.pod.memory.usage', { unit: 'By', description: 'Pod memory usage' }).addCallback((r) => r.observe(process.memoryUsage.rss(), container));

  const duration = meter.createHistogram('http.server.request.duration', {
    unit: 's',
    description: 'Duration of HTTP server requests',
    advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] },
  });

  let closedRead = 0;
  let closedWritten = 0;
  const open = new Set<Socket>();
  meter.createObservableCounter('k8s.pod.network.io', { unit: 'By', description: 'Pod network bytes' }).addCallback((r) => {
    let read = closedRead;
    let written = closedWritten;
    for (const s of open) {
      read += s.bytesRead;
      written += s.bytesWritten;
    }
    r.observe(read, { ...container, 'network.io.direction': 'receive' });
    r.observe(written, { ...container, 'network.io.direction': 'transmit' });
  });

  return {
    logger: logs.getLogger('ariadne-demo', '0.1.0'),
    recordRequest(seconds, statusCode) {
      duration.record(seconds, { ...container, 'http.response.status_code': statusCode, ...(statusCode >= 500 ? { 'error.type': String(statusCode) } : {}) });
    },
    observeServer(server) {
      server.on('connection', (socket) => {
        open.add(socket);
        socket.once('close', () => {
          open.delete(socket);
          closedRead += socket.bytesRead;
          closedWritten += socket.bytesWritten;
        });
      });
    },
    shutdown: () => Promise.all([logs.shutdown(), metrics.shutdown()]).then(() => undefined),
  };
}

/** One log record in the span's context: error-level for failures, info otherwise. */
export function logInContext(logger: Logger | undefined, ctx: Context, error: boolean, body: string, attributes: Record<string, string | number> = {}): void {
  logger?.emit({
    severityNumber: error ? SeverityNumber.ERROR : SeverityNumber.INFO,
    severityText: error ? 'ERROR' : 'INFO',
    body,
    attributes,
    context: ctx,
  });
}
