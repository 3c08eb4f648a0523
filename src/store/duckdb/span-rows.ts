/**
 * Query rows -> Span objects. The SELECT list and the decoder live together so
 * column positions cannot drift.
 */
import { DuckDBBlobValue, type DuckDBValue } from '@duckdb/node-api';
import type { Span, SpanKind, StatusCode } from '../../model/index.js';
import { decodeAttributeText } from './attribute-text.js';
import { decodeEvents, decodeLinks } from '../event-link-json.js';
import type { ResourceScope } from './resource-scopes.js';

/** Column list for reading whole spans, in the order decodeSpan expects. */
export const SPAN_SELECT =
  'trace_id, span_id, parent_span_id, trace_state, flags, name, kind, start_ns, end_ns, ' +
  'status_code, status_message, attributes, dropped_attributes, events, dropped_events, ' +
  'links, dropped_links, resource_scope_id';

/** Position of resource_scope_id in SPAN_SELECT. */
export const RESOURCE_SCOPE_ID_INDEX = 17;

export function bytesOf(v: DuckDBValue | undefined): Uint8Array {
  // A copy: the value's Buffer may view memory owned by the result.
  return v instanceof DuckDBBlobValue ? new Uint8Array(v.bytes) : new Uint8Array(0);
}

export function decodeSpan(r: readonly DuckDBValue[], origin: ResourceScope): Span {
  return {
    traceId: bytesOf(r[0]),
    spanId: bytesOf(r[1]),
    parentSpanId: bytesOf(r[2]),
    traceState: (r[3] as string | null) ?? '',
    flags: r[4] as number,
    name: r[5] as string,
    kind: r[6] as SpanKind,
    startTimeUnixNano: r[7] as bigint,
    endTimeUnixNano: r[8] as bigint,
    attributes: decodeAttributeText(r[11] as string | null),
    droppedAttributesCount: r[12] as number,
    events: decodeEvents(r[13] as string | null),
    droppedEventsCount: r[14] as number,
    links: decodeLinks(r[15] as string | null),
    droppedLinksCount: r[16] as number,
    statusCode: r[9] as StatusCode,
    statusMessage: (r[10] as string | null) ?? '',
    resource: origin.resource,
    scope: origin.scope,
  };
}
