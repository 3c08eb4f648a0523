/** The logs and metrics decoders: protobuf (through the schema in proto/) and OTLP/JSON agree, field by field. */
import { describe, expect, it } from 'vitest';
import { decodeLogsRequestJson } from '../../src/otlp/decode-logs-json.js';
import { decodeLogsRequestProto } from '../../src/otlp/decode-logs-proto.js';
import { decodeMetricsRequestJson } from '../../src/otlp/decode-metrics-json.js';
import { decodeMetricsRequestProto } from '../../src/otlp/decode-metrics-proto.js';
import { encodeSignalResponseJson, encodeSignalResponseProto } from '../../src/otlp/encode-signal-response.js';
import { LOGS_REQUEST, LOGS_RESPONSE, METRICS_REQUEST, otlpType } from '../../src/otlp/proto-root.js';

const T = '1700000000123456789';
const resource = { attributes: [{ key: 'k8s.pod.name', value: { stringValue: 'p-1' } }] };

const METRICS_JSON = {
  resourceMetrics: [
    {
      resource,
      scopeMetrics: [
        {
          scope: { name: 's', version: '1' },
          metrics: [
            { name: 'g', unit: '1', gauge: { dataPoints: [{ timeUnixNano: T, asDouble: 0.5, attributes: [{ key: 'a', value: { stringValue: 'b' } }] }] } },
            { name: 'c', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ timeUnixNano: T, startTimeUnixNano: '1', asInt: '9007199254740993' }] } },
            { name: 'h', histogram: { aggregationTemporality: 1, dataPoints: [{ timeUnixNano: T, count: '3', bucketCounts: ['1', '2'], explicitBounds: [5] }] } },
            { name: 'h2', histogram: { aggregationTemporality: 2, dataPoints: [{ timeUnixNano: T, count: '3', sum: 0, min: 1, max: 4, bucketCounts: ['1', '2'], explicitBounds: [5] }] } },
            {
              name: 'e',
              exponentialHistogram: {
                aggregationTemporality: 2,
                dataPoints: [{ timeUnixNano: T, count: '4', scale: -1, zeroCount: '1', zeroThreshold: 0.001, positive: { offset: -2, bucketCounts: ['1', '1'] }, negative: { offset: 1, bucketCounts: ['1'] } }],
              },
            },
            { name: 'q', summary: { dataPoints: [{ timeUnixNano: T, count: '2', sum: 3, quantileValues: [{ quantile: 0.5, value: 1 }] }] } },
            { name: 'empty' },
          ],
        },
      ],
    },
  ],
};

describe('metrics decoding', () => {
  it('gives the same points from protobuf and JSON, proto3 optional fields included', () => {
    const type = otlpType(METRICS_REQUEST);
    const pb = type.encode(type.fromObject(METRICS_JSON)).finish();
    const fromProto = decodeMetricsRequestProto(pb);
    const fromJson = decodeMetricsRequestJson(JSON.stringify(METRICS_JSON));
    expect(fromProto).toStrictEqual(fromJson);
    expect(fromJson.metricsWithoutData).toBe(1);
    const byName = new Map(fromJson.points.map((p) => [p.name, p.data]));
    expect(byName.get('c')).toStrictEqual({ type: 'sum', temporality: 2, monotonic: true, value: { type: 'int', value: 9007199254740993n } });
    expect(byName.get('h')).not.toHaveProperty('sum');
    expect(byName.get('h2')).toMatchObject({ sum: 0, min: 1, max: 4 });
    expect(byName.get('e')).toMatchObject({ scale: -1, zeroCount: 1n, positive: { offset: -2, bucketCounts: [1n, 1n] }, negative: { offset: 1, bucketCounts: [1n] } });
  });

  it.each([
    ['a string count', { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'h', histogram: { dataPoints: [{ count: 'x' }] } }] }] }] }, 'resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].count'],
    ['a non-array metrics', { resourceMetrics: [{ scopeMetrics: [{ metrics: {} }] }] }, 'resourceMetrics[0].scopeMetrics[0].metrics'],
  ])('refuses %s, naming its path', (_name, doc, path) => {
    expect(() => decodeMetricsRequestJson(JSON.stringify(doc))).toThrow(path);
  });
});

describe('logs decoding', () => {
  const LOGS_JSON = {
    resourceLogs: [
      {
        resource,
        scopeLogs: [
          {
            scope: { name: 'l' },
            logRecords: [
              { timeUnixNano: T, observedTimeUnixNano: T, severityNumber: 'SEVERITY_NUMBER_ERROR', severityText: 'ERROR', body: { kvlistValue: { values: [{ key: 'k', value: { intValue: '1' } }] } }, flags: 1, traceId: '0102030405060708090a0b0c0d0e0f10', spanId: '0102030405060708', eventName: 'e' },
            ],
          },
        ],
      },
    ],
  };
  it('gives the same records from protobuf and JSON', () => {
    const json = decodeLogsRequestJson(JSON.stringify(LOGS_JSON));
    expect(json[0]!.severityNumber).toBe(17);
    const type = otlpType(LOGS_REQUEST);
    const withBytes = JSON.parse(JSON.stringify(LOGS_JSON));
    const rec = withBytes.resourceLogs[0].scopeLogs[0].logRecords[0];
    rec.traceId = Buffer.from(rec.traceId, 'hex').toString('base64');
    rec.spanId = Buffer.from(rec.spanId, 'hex').toString('base64');
    rec.severityNumber = 17;
    expect(decodeLogsRequestProto(type.encode(type.fromObject(withBytes)).finish())).toStrictEqual(json);
  });

  it('answers partial success with the signal’s own field', () => {
    expect(JSON.parse(encodeSignalResponseJson('logs', { rejected: 2, errorMessage: 'x' }))).toEqual({ partialSuccess: { rejectedLogRecords: '2', errorMessage: 'x' } });
    const decoded = otlpType(LOGS_RESPONSE).decode(encodeSignalResponseProto('logs', { rejected: 2, errorMessage: 'x' })) as unknown as { partialSuccess: { rejectedLogRecords: { toString(): string } } };
    expect(decoded.partialSuccess.rejectedLogRecords.toString()).toBe('2');
    expect(encodeSignalResponseJson('metrics', { rejected: 0, errorMessage: '' })).toBe('{}');
  });
});
