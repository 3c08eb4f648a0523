/**
 * Partial success for logs and metrics, as validate-spans.ts does for spans: a bad
 * record or point is refused with a reason, the rest of the request is kept.
 */
import { bytesToHex, isAllZero, SPAN_ID_BYTES, TRACE_ID_BYTES, type LogRecord, type MetricPoint } from '../model/index.js';

export interface Validated<T> {
  readonly accepted: T[];
  readonly rejected: number;
  /** Empty when nothing was rejected; else names the first problems. */
  readonly errorMessage: string;
}

const MAX_REASONS = 5;

function partition<T>(items: readonly T[], problemOf: (t: T) => string | undefined, describe: (t: T, i: number) => string, noun: string): Validated<T> {
  const accepted: T[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const problem = problemOf(item);
    if (problem === undefined) {
      accepted.push(item);
      continue;
    }
    rejected++;
    if (reasons.length < MAX_REASONS) reasons.push(`${describe(item, i)}: ${problem}`);
  }
  let errorMessage = '';
  if (rejected > 0) {
    errorMessage = `rejected ${rejected} of ${items.length} ${noun}: ${reasons.join('; ')}`;
    if (rejected > reasons.length) errorMessage += `; and ${rejected - reasons.length} more`;
  }
  return { accepted, rejected, errorMessage };
}

/** Why a log record cannot be stored, or undefined. Trace context is optional but, when present, well-formed. */
export function logRecordProblem(r: LogRecord): string | undefined {
  if (r.traceId.length !== 0 && r.traceId.length !== TRACE_ID_BYTES) return `trace_id must be empty or ${TRACE_ID_BYTES} bytes, got ${r.traceId.length}`;
  if (r.spanId.length !== 0 && r.spanId.length !== SPAN_ID_BYTES) return `span_id must be empty or ${SPAN_ID_BYTES} bytes, got ${r.spanId.length}`;
  if (r.spanId.length !== 0 && r.traceId.length === 0) return 'span_id is set without a trace_id';
  if (r.severityNumber < 0 || r.severityNumber > 24) return `severity_number ${r.severityNumber} is outside 0..24`;
  if (r.timeUnixNano === 0n && r.observedTimeUnixNano === 0n) return 'neither time_unix_nano nor observed_time_unix_nano is set';
  return undefined;
}

/** An all-zero id means "no trace context" in practice; store it as none. */
function normalizeLog(r: LogRecord): LogRecord {
  // Only well-sized ids: an all-zero id of the wrong length is still refused as malformed.
  const zeroTrace = r.traceId.length === TRACE_ID_BYTES && isAllZero(r.traceId);
  const zeroSpan = r.spanId.length === SPAN_ID_BYTES && isAllZero(r.spanId);
  if (!zeroTrace && !zeroSpan) return r;
  return { ...r, traceId: zeroTrace ? new Uint8Array(0) : r.traceId, spanId: zeroTrace || zeroSpan ? new Uint8Array(0) : r.spanId };
}

export function validateLogRecords(records: readonly LogRecord[]): Validated<LogRecord> {
  const v = partition(
    records.map(normalizeLog),
    logRecordProblem,
    (r, i) => `log record #${i}${r.traceId.length > 0 ? ` trace_id ${bytesToHex(r.traceId)}` : ''}`,
    'log records',
  );
  return v;
}

/** Why a data point cannot be stored, or undefined. */
export function metricPointProblem(p: MetricPoint): string | undefined {
  if (p.name === '') return 'metric name is empty';
  if (p.timeUnixNano === 0n) return 'time_unix_nano is not set';
  const d = p.data;
  if (d.type === 'histogram' && d.bucketCounts.length !== 0 && d.bucketCounts.length !== d.explicitBounds.length + 1) {
    return `bucket_counts has ${d.bucketCounts.length} entries; explicit_bounds has ${d.explicitBounds.length}, so it needs ${d.explicitBounds.length + 1}`;
  }
  if (d.type === 'histogram') {
    for (let i = 1; i < d.explicitBounds.length; i++) {
      if (!(d.explicitBounds[i]! > d.explicitBounds[i - 1]!)) return 'explicit_bounds must be strictly increasing';
    }
  }
  if (d.type === 'exponential_histogram' && (d.scale < -10 || d.scale > 20)) return `scale ${d.scale} is outside -10..20`;
  return undefined;
}

export function validateMetricPoints(points: readonly MetricPoint[], metricsWithoutData = 0): Validated<MetricPoint> {
  const v = partition(points, metricPointProblem, (p, i) => `data point #${i} of '${p.name.slice(0, 64)}'`, 'data points');
  if (metricsWithoutData === 0) return v;
  // A metric with no data field has no point to count; say so without counting it as rejected.
  const note = `${metricsWithoutData} metric(s) had no data (none of gauge, sum, histogram, exponential_histogram, summary)`;
  return { ...v, errorMessage: v.errorMessage === '' ? note : `${v.errorMessage}; ${note}` };
}
