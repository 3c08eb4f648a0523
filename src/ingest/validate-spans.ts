/**
 * Splits a decoded request into spans to store and spans to reject, the way the OTLP
 * specification's partial success describes: a bad span is refused with a reason, the
 * rest of the request is kept.
 */
import { bytesToHex, isAllZero, SPAN_ID_BYTES, TRACE_ID_BYTES, type Span } from '../model/index.js';
import { applySpanLimits, type LimitCounters, type SpanLimits } from './span-limits.js';

export interface ValidatedBatch {
  readonly accepted: Span[];
  readonly rejected: number;
  /** Empty when nothing was rejected; else names the first problems. */
  readonly errorMessage: string;
}

/** Why a span cannot be stored, or undefined when it can. */
export function spanProblem(s: Span): string | undefined {
  if (s.traceId.length !== TRACE_ID_BYTES) return `trace_id must be ${TRACE_ID_BYTES} bytes, got ${s.traceId.length}`;
  if (isAllZero(s.traceId)) return 'trace_id is all zeros';
  if (s.spanId.length !== SPAN_ID_BYTES) return `span_id must be ${SPAN_ID_BYTES} bytes, got ${s.spanId.length}`;
  if (isAllZero(s.spanId)) return 'span_id is all zeros';
  if (s.parentSpanId.length !== 0 && s.parentSpanId.length !== SPAN_ID_BYTES) {
    return `parent_span_id must be empty or ${SPAN_ID_BYTES} bytes, got ${s.parentSpanId.length}`;
  }
  if (s.endTimeUnixNano < s.startTimeUnixNano) {
    return `end_time_unix_nano ${s.endTimeUnixNano} is before start_time_unix_nano ${s.startTimeUnixNano}`;
  }
  return undefined;
}

const MAX_REASONS = 5;
const EMPTY_ID = new Uint8Array(0);

function describe(s: Span, index: number): string {
  const id = s.spanId.length > 0 ? ` span_id ${bytesToHex(s.spanId)}` : '';
  return `span #${index} '${s.name.slice(0, 64)}'${id}`;
}

export function validateSpans(spans: readonly Span[], limits: SpanLimits, counters: LimitCounters): ValidatedBatch {
  const accepted: Span[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  for (let i = 0; i < spans.length; i++) {
    let s = spans[i]!;
    const problem = spanProblem(s);
    if (problem) {
      rejected++;
      if (reasons.length < MAX_REASONS) reasons.push(`${describe(s, i)}: ${problem}`);
      continue;
    }
    // An all-zero parent id means "no parent" in practice; store it as a root.
    if (s.parentSpanId.length === SPAN_ID_BYTES && isAllZero(s.parentSpanId)) s = { ...s, parentSpanId: EMPTY_ID };
    accepted.push(applySpanLimits(s, limits, counters));
  }
  let errorMessage = '';
  if (rejected > 0) {
    errorMessage = `rejected ${rejected} of ${spans.length} spans: ${reasons.join('; ')}`;
    if (rejected > reasons.length) errorMessage += `; and ${rejected - reasons.length} more`;
  }
  return { accepted, rejected, errorMessage };
}
