import { describe, expect, it } from 'vitest';
import type { LogRecord, MetricPoint } from '../../src/model/index.js';
import { applyLogLimits } from '../../src/ingest/signal-limits.js';
import { validateLogRecords, validateMetricPoints } from '../../src/ingest/validate-signals.js';
import { DEFAULT_SPAN_LIMITS } from '../../src/ingest/span-limits.js';

const res = { attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
const scope = { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
const log = (f: Partial<LogRecord> = {}): LogRecord => ({
  timeUnixNano: 1n,
  observedTimeUnixNano: 0n,
  severityNumber: 9,
  severityText: '',
  body: { type: 'empty' },
  attributes: [],
  droppedAttributesCount: 0,
  flags: 0,
  traceId: new Uint8Array(0),
  spanId: new Uint8Array(0),
  eventName: '',
  resource: res,
  scope,
  ...f,
});
const point = (f: Partial<MetricPoint> = {}): MetricPoint => ({
  name: 'm',
  description: '',
  unit: '',
  startTimeUnixNano: 0n,
  timeUnixNano: 1n,
  attributes: [],
  flags: 0,
  data: { type: 'gauge', value: { type: 'double', value: 1 } },
  resource: res,
  scope,
  ...f,
});

describe('log record validation', () => {
  it.each([
    ['a 3-byte trace id', log({ traceId: new Uint8Array(3) }), 'trace_id must be empty or 16 bytes'],
    ['a 3-byte span id', log({ traceId: new Uint8Array(16).fill(1), spanId: new Uint8Array(3) }), 'span_id must be empty or 8 bytes'],
    ['a span id without a trace id', log({ spanId: new Uint8Array(8).fill(1) }), 'span_id is set without a trace_id'],
    ['severity 25', log({ severityNumber: 25 }), 'outside 0..24'],
    ['no time at all', log({ timeUnixNano: 0n }), 'neither time_unix_nano'],
  ])('rejects %s and keeps the rest', (name, bad, reason) => {
    const v = validateLogRecords([log(), bad]);
    expect(v.accepted.length, name).toBe(1);
    expect(v.rejected, name).toBe(1);
    expect(v.errorMessage, name).toContain(reason);
  });

  it('treats all-zero ids as no trace context', () => {
    const v = validateLogRecords([log({ traceId: new Uint8Array(16), spanId: new Uint8Array(8) })]);
    expect(v.accepted[0]!.traceId.length).toBe(0);
    expect(v.accepted[0]!.spanId.length).toBe(0);
  });

  it('applies the attribute limits of spans', () => {
    const attributes = Array.from({ length: DEFAULT_SPAN_LIMITS.attributeCountLimit + 2 }, (_, i) => ({ key: `k${i}`, value: { type: 'string' as const, value: 'v' } }));
    const c = { attributesDropped: 0, eventsDropped: 0, linksDropped: 0, valuesTruncated: 0 };
    const r = applyLogLimits(log({ attributes }), DEFAULT_SPAN_LIMITS, c);
    expect(r.attributes.length).toBe(DEFAULT_SPAN_LIMITS.attributeCountLimit);
    expect(r.droppedAttributesCount).toBe(2);
    expect(c.attributesDropped).toBe(2);
  });
});

describe('metric point validation', () => {
  it.each([
    ['an empty name', point({ name: '' }), 'metric name is empty'],
    ['no time', point({ timeUnixNano: 0n }), 'time_unix_nano is not set'],
    ['bucket counts that do not fit the bounds', point({ data: { type: 'histogram', temporality: 2, count: 1n, bucketCounts: [1n], explicitBounds: [1, 2] } }), 'bucket_counts has 1 entries'],
    ['unsorted bounds', point({ data: { type: 'histogram', temporality: 2, count: 1n, bucketCounts: [0n, 1n, 0n], explicitBounds: [2, 1] } }), 'strictly increasing'],
    ['a scale out of range', point({ data: { type: 'exponential_histogram', temporality: 2, count: 0n, scale: 21, zeroCount: 0n, zeroThreshold: 0, positive: { offset: 0, bucketCounts: [] }, negative: { offset: 0, bucketCounts: [] } } }), 'scale 21'],
  ])('rejects %s and keeps the rest', (name, bad, reason) => {
    const v = validateMetricPoints([point(), bad]);
    expect(v.accepted.length, name).toBe(1);
    expect(v.errorMessage, name).toContain(reason);
  });
});
