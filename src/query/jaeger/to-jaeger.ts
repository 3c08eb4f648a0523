/**
 * Model spans -> Jaeger UI JSON, following the OTLP -> Jaeger translation Jaeger's query
 * service applies (opentelemetry-collector-contrib `pkg/translator/jaeger`,
 * `traces_to_jaegerproto.go`, then jaeger `model/converter/json/from_domain.go`):
 *
 * - parent span id -> first reference, CHILD_OF; each link -> FOLLOWS_FROM (CHILD_OF when
 *   its `opentracing.ref_type` attribute is `child_of`), links into other traces kept with
 *   their own trace id; a link to the parent only sets the parent reference's type.
 * - tags: `otel.scope.name`, `otel.scope.version`, the span's attributes, `span.kind`,
 *   `otel.status_code` (OK/ERROR), `error=true` on ERROR, `otel.status_description`,
 *   `w3c.tracestate`; then, beyond Jaeger, `otel.dropped_{attributes,events,links}_count`
 *   when non-zero (the OpenTelemetry non-OTLP mapping), so a drop is never silent.
 * - events -> logs whose first field is `event` = name (unless an attribute is already
 *   called `event`), then the attributes (and `otel.dropped_attributes_count`).
 * - resources -> processes `p1`, `p2`, ... in order of first use, equal ones shared;
 *   `service.name` becomes serviceName and leaves the tags.
 * - times: microseconds = nanoseconds / 1000, truncated.
 * Jaeger's display adjusters (clock skew, tag sorting) are not applied: this is `raw` data.
 */
import {
  isAllZero,
  serviceNameOf,
  SERVICE_NAME_KEY,
  SpanKind,
  StatusCode,
  type AnyValue,
  type Attributes,
  type Resource,
  type Span,
  type SpanEvent,
} from '../../model/index.js';
import { jaegerSpanKindName } from '../params.js';
import type { JaegerKeyValue, JaegerLog, JaegerProcess, JaegerReference, JaegerSpan, JaegerTrace } from './types.js';
import { anyValueGoJson } from './value-text.js';

// Tag keys Jaeger's translator writes (OpenTelemetry semantic conventions / OpenTracing).
export const TAG_SCOPE_NAME = 'otel.scope.name';
export const TAG_SCOPE_VERSION = 'otel.scope.version';
export const TAG_SPAN_KIND = 'span.kind';
export const TAG_STATUS_CODE = 'otel.status_code';
export const TAG_STATUS_DESCRIPTION = 'otel.status_description';
export const TAG_ERROR = 'error';
export const TAG_TRACE_STATE = 'w3c.tracestate';
export const TAG_DROPPED_ATTRIBUTES = 'otel.dropped_attributes_count';
export const TAG_DROPPED_EVENTS = 'otel.dropped_events_count';
export const TAG_DROPPED_LINKS = 'otel.dropped_links_count';
export const LOG_EVENT_FIELD = 'event';
export const LINK_REF_TYPE_ATTRIBUTE = 'opentracing.ref_type';

/** Jaeger's `model.SampledFlag`; OTLP's span flags carry the W3C sampled bit in the same place. */
const SAMPLED_FLAG = 1;

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/**
 * Jaeger's `TraceID.String()`: 16 hex digits when the high 64 bits are zero (a 64-bit
 * id), else 32. Jaeger's parser left-pads, so both forms name the same trace.
 */
export function formatJaegerTraceId(id: Uint8Array): string {
  const text = hex(id).padStart(32, '0');
  return text.startsWith('0000000000000000') ? text.slice(16) : text;
}

/** Jaeger's `SpanID.String()`: 16 hex digits. */
export function formatJaegerSpanId(id: Uint8Array): string {
  return hex(id).padStart(16, '0');
}

function tag(key: string, type: JaegerKeyValue['type'], value: JaegerKeyValue['value']): JaegerKeyValue {
  return { key, type, value };
}

/** One attribute as a Jaeger tag; Jaeger sends int64 beyond 2^53 as a string so JavaScript keeps it exact. */
export function attributeToJaegerTag(key: string, v: AnyValue): JaegerKeyValue {
  switch (v.type) {
    case 'string':
      return tag(key, 'string', v.value);
    case 'bool':
      return tag(key, 'bool', v.value);
    case 'int':
      return tag(
        key,
        'int64',
        v.value <= BigInt(Number.MAX_SAFE_INTEGER) && v.value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v.value) : v.value.toString(),
      );
    case 'double':
      // JSON has no NaN or Infinity; Go's encoder would fail the whole answer.
      return tag(key, 'float64', Number.isFinite(v.value) ? v.value : String(v.value));
    case 'bytes':
      return tag(key, 'binary', Buffer.from(v.value.buffer, v.value.byteOffset, v.value.byteLength).toString('base64'));
    case 'array':
    case 'kvlist':
      return tag(key, 'string', anyValueGoJson(v));
    case 'empty':
      return tag(key, 'string', '');
  }
}

export function attributesToJaegerTags(attrs: Attributes, out: JaegerKeyValue[] = []): JaegerKeyValue[] {
  for (const kv of attrs) out.push(attributeToJaegerTag(kv.key, kv.value));
  return out;
}

function droppedTag(out: JaegerKeyValue[], key: string, count: number): void {
  if (count > 0) out.push(tag(key, 'int64', count));
}

export function resourceToJaegerProcess(resource: Resource): JaegerProcess {
  const tags: JaegerKeyValue[] = [];
  for (const kv of resource.attributes) {
    if (kv.key !== SERVICE_NAME_KEY) tags.push(attributeToJaegerTag(kv.key, kv.value));
  }
  droppedTag(tags, TAG_DROPPED_ATTRIBUTES, resource.droppedAttributesCount);
  return { serviceName: serviceNameOf(resource), tags };
}

export function spanTagsToJaeger(span: Span): JaegerKeyValue[] {
  const tags: JaegerKeyValue[] = [];
  if (span.scope.name !== '') tags.push(tag(TAG_SCOPE_NAME, 'string', span.scope.name));
  if (span.scope.version !== '') tags.push(tag(TAG_SCOPE_VERSION, 'string', span.scope.version));
  attributesToJaegerTags(span.attributes, tags);
  const kind = span.kind !== SpanKind.UNSPECIFIED ? jaegerSpanKindName(span.kind) : '';
  if (kind !== '') tags.push(tag(TAG_SPAN_KIND, 'string', kind));
  if (span.statusCode === StatusCode.OK) tags.push(tag(TAG_STATUS_CODE, 'string', 'OK'));
  if (span.statusCode === StatusCode.ERROR) {
    tags.push(tag(TAG_STATUS_CODE, 'string', 'ERROR'));
    tags.push(tag(TAG_ERROR, 'bool', true));
  }
  if (span.statusMessage !== '') tags.push(tag(TAG_STATUS_DESCRIPTION, 'string', span.statusMessage));
  if (span.traceState !== '') tags.push(tag(TAG_TRACE_STATE, 'string', span.traceState));
  droppedTag(tags, TAG_DROPPED_ATTRIBUTES, span.droppedAttributesCount);
  droppedTag(tags, TAG_DROPPED_EVENTS, span.droppedEventsCount);
  droppedTag(tags, TAG_DROPPED_LINKS, span.droppedLinksCount);
  return tags;
}

export function eventToJaegerLog(event: SpanEvent): JaegerLog {
  const fields: JaegerKeyValue[] = [];
  if (event.name !== '' && !event.attributes.some((kv) => kv.key === LOG_EVENT_FIELD)) {
    fields.push(tag(LOG_EVENT_FIELD, 'string', event.name));
  }
  attributesToJaegerTags(event.attributes, fields);
  droppedTag(fields, TAG_DROPPED_ATTRIBUTES, event.droppedAttributesCount);
  return { timestamp: Number(event.timeUnixNano / 1000n), fields };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function isUnset(id: Uint8Array): boolean {
  return id.length === 0 || isAllZero(id);
}

export function spanReferencesToJaeger(span: Span): JaegerReference[] {
  const refs: JaegerReference[] = [];
  const hasParent = !isUnset(span.parentSpanId);
  const traceID = formatJaegerTraceId(span.traceId);
  // The parent comes first: Jaeger's backends and UI take the first CHILD_OF as the parent.
  if (hasParent) refs.push({ refType: 'CHILD_OF', traceID, spanID: formatJaegerSpanId(span.parentSpanId) });
  for (const link of span.links) {
    // A link without ids points nowhere (Jaeger's query service drops these too).
    if (isUnset(link.traceId) && isUnset(link.spanId)) continue;
    const refTypeAttr = link.attributes.find((kv) => kv.key === LINK_REF_TYPE_ATTRIBUTE)?.value;
    const refType = refTypeAttr?.type === 'string' && refTypeAttr.value === 'child_of' ? 'CHILD_OF' : 'FOLLOWS_FROM';
    const first = refs[0];
    if (hasParent && first !== undefined && sameBytes(link.traceId, span.traceId) && sameBytes(link.spanId, span.parentSpanId)) {
      first.refType = refType;
      continue;
    }
    refs.push({ refType, traceID: formatJaegerTraceId(link.traceId), spanID: formatJaegerSpanId(link.spanId) });
  }
  return refs;
}

export function spanToJaegerSpan(span: Span, processID: string): JaegerSpan {
  return {
    traceID: formatJaegerTraceId(span.traceId),
    spanID: formatJaegerSpanId(span.spanId),
    operationName: span.name,
    references: spanReferencesToJaeger(span),
    startTime: Number(span.startTimeUnixNano / 1000n),
    duration: Number((span.endTimeUnixNano - span.startTimeUnixNano) / 1000n),
    tags: spanTagsToJaeger(span),
    logs: span.events.map(eventToJaegerLog),
    processID,
    warnings: null,
    flags: span.flags & SAMPLED_FLAG,
  };
}

export interface JaegerProcessTable {
  /** The process id of each span, by index. */
  readonly processIds: readonly string[];
  readonly processes: Record<string, JaegerProcess>;
}

/**
 * Processes of a trace: one per distinct resource (same service name and tags), keyed
 * `p1`, `p2`, ... in order of first use. Resource objects shared between spans are
 * converted once.
 */
export function buildJaegerProcesses(spans: readonly Span[]): JaegerProcessTable {
  const byResource = new Map<Resource, string>();
  const byContent = new Map<string, string>();
  const processes: Record<string, JaegerProcess> = {};
  const processIds: string[] = new Array(spans.length);
  let count = 0;
  for (let i = 0; i < spans.length; i++) {
    const resource = spans[i]!.resource;
    let id = byResource.get(resource);
    if (id === undefined) {
      const process = resourceToJaegerProcess(resource);
      const contentKey = `${process.serviceName}\u0000${JSON.stringify(process.tags)}`;
      id = byContent.get(contentKey);
      if (id === undefined) {
        id = `p${++count}`;
        byContent.set(contentKey, id);
        processes[id] = process;
      }
      byResource.set(resource, id);
    }
    processIds[i] = id;
  }
  return { processIds, processes };
}

/** A whole trace; null when there are no spans (Jaeger answers 404 then). */
export function spansToJaegerTrace(spans: readonly Span[]): JaegerTrace | null {
  const first = spans[0];
  if (first === undefined) return null;
  const { processIds, processes } = buildJaegerProcesses(spans);
  return {
    traceID: formatJaegerTraceId(first.traceId),
    spans: spans.map((s, i) => spanToJaegerSpan(s, processIds[i] ?? 'p1')),
    processes,
    warnings: null,
  };
}
