/**
 * Spans <-> rows. Writing: one JSONCompactEachRow row of SPAN_INGEST_COLUMNS per
 * span, ids as hex and times as decimal unix ns (JSON numbers would lose digits
 * past 2^53). Reading: SPAN_SELECT and decodeSpan live together so column positions
 * cannot drift.
 */
import { bytesToHex, type Span, type SpanKind, type StatusCode } from '../../model/index.js';
import { decodeEvents, decodeLinks, encodeEvents, encodeLinks } from '../event-link-json.js';
import { decodeAttributes, encodeAttributes } from './attributes.js';
import type { ResourceScope, ResourceScopeEncoder } from './resource-scopes.js';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/**
 * Unix ns into DateTime64(9)'s range (1970 .. 2262 here): the model's uint64 beyond
 * 2^63 cannot be stored and becomes the latest storable time.
 */
export function clampTime(ns: bigint): bigint {
  return ns < 0n ? 0n : ns > INT64_MAX ? INT64_MAX : ns;
}

export function clampInt64(n: bigint): bigint {
  return n < INT64_MIN ? INT64_MIN : n > INT64_MAX ? INT64_MAX : n;
}

/** The row of one span for spans_ingest; records its resource/scope pair in `pairs`. */
export function spanIngestRow(s: Span, pairs: ResourceScopeEncoder): unknown[] {
  const rs = pairs.encode(s.resource, s.scope);
  const a = encodeAttributes(s.attributes);
  const start = clampTime(s.startTimeUnixNano);
  return [
    bytesToHex(s.traceId),
    bytesToHex(s.spanId),
    bytesToHex(s.parentSpanId),
    start.toString(),
    clampInt64(s.endTimeUnixNano - start).toString(),
    rs.service,
    s.name,
    s.kind,
    s.statusCode,
    s.statusMessage,
    s.traceState,
    s.flags,
    a.keys,
    a.values,
    a.types,
    a.json,
    s.droppedAttributesCount,
    encodeEvents(s.events) ?? '',
    s.droppedEventsCount,
    encodeLinks(s.links) ?? '',
    s.droppedLinksCount,
    rs.id.toString(),
  ];
}

/** SELECT list for whole spans (from `spans`), in the order decodeSpan expects. */
export const SPAN_SELECT =
  'lower(hex(trace_id)), lower(hex(span_id)), lower(hex(parent_span_id)), trace_state, flags, name, kind, ' +
  'toString(toUnixTimestamp64Nano(start)), toString(duration_ns), status_code, status_message, ' +
  'attribute_keys, attribute_values, attribute_types, attribute_json, dropped_attributes, ' +
  'events, dropped_events, links, dropped_links, toString(resource_scope_id)';

/** Position of the resource/scope id in SPAN_SELECT. */
export const RESOURCE_SCOPE_ID_INDEX = 20;

type Row = [
  string, string, string, string, number, string, number, string, string, number, string,
  string[], string[], string, string[], number, string, number, string, number, string,
];

const ROOT_PARENT = '0000000000000000';

function hexBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function decodeSpan(raw: readonly unknown[], origin: ResourceScope): Span {
  const r = raw as Row;
  const start = BigInt(r[7]);
  return {
    traceId: hexBytes(r[0]),
    spanId: hexBytes(r[1]),
    // A root's parent id is stored as eight zero bytes, never a valid span id.
    parentSpanId: r[2] === ROOT_PARENT ? new Uint8Array(0) : hexBytes(r[2]),
    traceState: r[3],
    flags: r[4],
    name: r[5],
    kind: r[6] as SpanKind,
    startTimeUnixNano: start,
    endTimeUnixNano: start + BigInt(r[8]),
    attributes: decodeAttributes(r[11], r[12], r[13], r[14]),
    droppedAttributesCount: r[15],
    events: decodeEvents(r[16] === '' ? null : r[16]),
    droppedEventsCount: r[17],
    links: decodeLinks(r[18] === '' ? null : r[18]),
    droppedLinksCount: r[19],
    statusCode: r[9] as StatusCode,
    statusMessage: r[10],
    resource: origin.resource,
    scope: origin.scope,
  };
}
