/**
 * Spans -> data-chunk columns in SPAN_COLUMNS order, one chunk's rows at a time
 * so the encoded strings of a large batch are short-lived (cheap to collect)
 * rather than all alive until the batch is appended.
 */
import { blobValue, type DuckDBValue } from '@duckdb/node-api';
import type { Span } from '../../model/index.js';
import { encodeAttributeText } from './attribute-text.js';
import { encodeEvents, encodeLinks } from '../event-link-json.js';
import { toInt64, toUint64 } from './ranges.js';
import type { ResourceScopeEncoder } from './resource-scopes.js';
import { SPAN_COLUMNS, type SpanColumnName } from './schema.js';

/** Columns for spans[from, to); records each span's resource/scope pair in `resourceScopes`. */
export function encodeSpanColumns(spans: readonly Span[], from: number, to: number, resourceScopes: ResourceScopeEncoder): DuckDBValue[][] {
  const n = to - from;
  const c = {} as Record<SpanColumnName, DuckDBValue[]>;
  for (const col of SPAN_COLUMNS) c[col.name] = new Array<DuckDBValue>(n);
  for (let i = 0; i < n; i++) {
    const s = spans[from + i]!;
    const rs = resourceScopes.encode(s.resource, s.scope);
    c.trace_id[i] = blobValue(s.traceId);
    c.span_id[i] = blobValue(s.spanId);
    c.parent_span_id[i] = blobValue(s.parentSpanId);
    // NULL for the usual empty string: the appender copies no string for a NULL.
    c.trace_state[i] = s.traceState === '' ? null : s.traceState;
    c.flags[i] = s.flags;
    c.name[i] = s.name;
    c.kind[i] = s.kind;
    c.start_ns[i] = toUint64(s.startTimeUnixNano);
    c.end_ns[i] = toUint64(s.endTimeUnixNano);
    c.duration_ns[i] = toInt64(s.endTimeUnixNano - s.startTimeUnixNano);
    c.status_code[i] = s.statusCode;
    c.status_message[i] = s.statusMessage === '' ? null : s.statusMessage;
    c.service[i] = rs.service;
    c.attributes[i] = s.attributes.length === 0 ? null : encodeAttributeText(s.attributes);
    c.dropped_attributes[i] = s.droppedAttributesCount;
    c.events[i] = encodeEvents(s.events);
    c.dropped_events[i] = s.droppedEventsCount;
    c.links[i] = encodeLinks(s.links);
    c.dropped_links[i] = s.droppedLinksCount;
    c.resource_scope_id[i] = rs.id;
  }
  return SPAN_COLUMNS.map((col) => c[col.name]);
}
