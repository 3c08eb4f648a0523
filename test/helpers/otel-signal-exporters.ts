/**
 * The OpenTelemetry JS SDK's OTLP logs and metrics exporters, assembled from the SDK's
 * own parts (export delegates + serializers) the way the exporter-*-otlp-* packages do:
 * those packages are not installed, their building blocks are.
 */
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import { convertLegacyOtlpGrpcOptions, createOtlpGrpcExportDelegate } from '@opentelemetry/otlp-grpc-exporter-base';
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  LogsExporterMetricsHelper,
  MetricsExporterMetricsHelper,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
} from '@opentelemetry/otlp-transformer';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

export type Transport = 'http/protobuf' | 'http/json' | 'grpc';

export function logExporter(transport: Transport, endpoint: string): LogRecordExporter {
  if (transport === 'grpc') {
    return new OTLPExporterBase<ReadableLogRecord[]>(
      createOtlpGrpcExportDelegate(
        convertLegacyOtlpGrpcOptions({ url: `http://${endpoint}` }, 'LOGS'),
        ProtobufLogsSerializer,
        'otlp_grpc_log_exporter',
        LogsExporterMetricsHelper,
        undefined,
        'LogsExportService',
        '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
      ),
    );
  }
  const proto = transport === 'http/protobuf';
  return new OTLPExporterBase<ReadableLogRecord[]>(
    createOtlpHttpExportDelegate(
      convertLegacyHttpOptions({ url: `${endpoint}/v1/logs` }, 'LOGS', 'v1/logs', { 'Content-Type': proto ? 'application/x-protobuf' : 'application/json' }),
      proto ? ProtobufLogsSerializer : JsonLogsSerializer,
      'otlp_http_log_exporter',
      LogsExporterMetricsHelper,
      undefined,
    ),
  );
}

export function metricExporter(transport: Transport, endpoint: string, temporality = AggregationTemporality.CUMULATIVE): PushMetricExporter {
  const base =
    transport === 'grpc'
      ? new OTLPExporterBase<ResourceMetrics>(
          createOtlpGrpcExportDelegate(
            convertLegacyOtlpGrpcOptions({ url: `http://${endpoint}` }, 'METRICS'),
            ProtobufMetricsSerializer,
            'otlp_grpc_metric_exporter',
            MetricsExporterMetricsHelper,
            undefined,
            'MetricsExportService',
            '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
          ),
        )
      : new OTLPExporterBase<ResourceMetrics>(
          createOtlpHttpExportDelegate(
            convertLegacyHttpOptions({ url: `${endpoint}/v1/metrics` }, 'METRICS', 'v1/metrics', {
              'Content-Type': transport === 'http/protobuf' ? 'application/x-protobuf' : 'application/json',
            }),
            transport === 'http/protobuf' ? ProtobufMetricsSerializer : JsonMetricsSerializer,
            'otlp_http_metric_exporter',
            MetricsExporterMetricsHelper,
            undefined,
          ),
        );
  return {
    export: (metrics, cb) => base.export(metrics, cb),
    forceFlush: () => base.forceFlush(),
    shutdown: () => base.shutdown(),
    selectAggregationTemporality: () => temporality,
  };
}
