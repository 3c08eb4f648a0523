/**
 * The span limits (attribute count and value length) applied to log records and metric
 * points, so a sender cannot store more through logs than through spans. A log body is
 * not an attribute and is kept whole (bodies carry stack traces); the body limit is the
 * receiver's max_request_body_size.
 */
import type { LogRecord, MetricPoint } from '../model/index.js';
import { limitAttributes, type LimitCounters, type SpanLimits } from './span-limits.js';

export function applyLogLimits(r: LogRecord, l: SpanLimits, c: LimitCounters): LogRecord {
  const a = limitAttributes(r.attributes, l, c);
  return a.attrs === r.attributes ? r : { ...r, attributes: a.attrs, droppedAttributesCount: r.droppedAttributesCount + a.dropped };
}

/** Points have no dropped-attributes count in OTLP: attributes past the limit are dropped and counted only. */
export function applyPointLimits(p: MetricPoint, l: SpanLimits, c: LimitCounters): MetricPoint {
  const a = limitAttributes(p.attributes, l, c);
  return a.attrs === p.attributes ? p : { ...p, attributes: a.attrs };
}
