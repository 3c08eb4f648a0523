/**
 * Model spans -> OTLP/JSON `TracesData` (`{ resourceSpans: [...] }`), the body of an
 * ExportTraceServiceRequest and of Jaeger's api_v3 answers. OTLP/JSON mapping: lowerCamelCase
 * names, hex ids, uint64 nanosecond times as decimal strings (exact), kind and status code
 * as integers, AnyValues with their type as they arrived (json-values.ts).
 *
 * Spans are grouped by resource, then by instrumentation scope, in order of first
 * appearance; equal resources (and scopes) given as different objects share one group.
 * Like the OpenTelemetry Collector's encoder, optional fields at their default (empty
 * string, 0, empty list) are left out; ids, name, kind, times and status always appear.
 */
import type { InstrumentationScope, Resource, Span, SpanEvent, SpanLink } from '../model/index.js';
import { attributesToJson, type JsonKeyValue } from './json-values.js';

export interface OtlpJsonResource {
  attributes?: JsonKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpJsonScope {
  name?: string;
  version?: string;
  attributes?: JsonKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpJsonEvent {
  timeUnixNano: string;
  name?: string;
  attributes?: JsonKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpJsonLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  flags?: number;
  attributes?: JsonKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  traceState?: string;
  parentSpanId?: string;
  flags?: number;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: JsonKeyValue[];
  droppedAttributesCount?: number;
  events?: OtlpJsonEvent[];
  droppedEventsCount?: number;
  links?: OtlpJsonLink[];
  droppedLinksCount?: number;
  status: { code: number; message?: string };
}

export interface OtlpJsonScopeSpans {
  scope: OtlpJsonScope;
  spans: OtlpJsonSpan[];
  schemaUrl?: string;
}

export interface OtlpJsonResourceSpans {
  resource: OtlpJsonResource;
  scopeSpans: OtlpJsonScopeSpans[];
  schemaUrl?: string;
}

export interface OtlpJsonTracesData {
  resourceSpans: OtlpJsonResourceSpans[];
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function resourceToJson(r: Resource): OtlpJsonResource {
  const out: OtlpJsonResource = {};
  if (r.attributes.length > 0) out.attributes = attributesToJson(r.attributes);
  if (r.droppedAttributesCount > 0) out.droppedAttributesCount = r.droppedAttributesCount;
  return out;
}

function scopeToJson(s: InstrumentationScope): OtlpJsonScope {
  const out: OtlpJsonScope = {};
  if (s.name !== '') out.name = s.name;
  if (s.version !== '') out.version = s.version;
  if (s.attributes.length > 0) out.attributes = attributesToJson(s.attributes);
  if (s.droppedAttributesCount > 0) out.droppedAttributesCount = s.droppedAttributesCount;
  return out;
}

function eventToJson(e: SpanEvent): OtlpJsonEvent {
  const out: OtlpJsonEvent = { timeUnixNano: e.timeUnixNano.toString() };
  if (e.name !== '') out.name = e.name;
  if (e.attributes.length > 0) out.attributes = attributesToJson(e.attributes);
  if (e.droppedAttributesCount > 0) out.droppedAttributesCount = e.droppedAttributesCount;
  return out;
}

function linkToJson(l: SpanLink): OtlpJsonLink {
  const out: OtlpJsonLink = { traceId: hex(l.traceId), spanId: hex(l.spanId) };
  if (l.traceState !== '') out.traceState = l.traceState;
  if (l.flags !== 0) out.flags = l.flags;
  if (l.attributes.length > 0) out.attributes = attributesToJson(l.attributes);
  if (l.droppedAttributesCount > 0) out.droppedAttributesCount = l.droppedAttributesCount;
  return out;
}

export function spanToOtlpJson(s: Span): OtlpJsonSpan {
  const out: OtlpJsonSpan = {
    traceId: hex(s.traceId),
    spanId: hex(s.spanId),
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: s.startTimeUnixNano.toString(),
    endTimeUnixNano: s.endTimeUnixNano.toString(),
    status: { code: s.statusCode },
  };
  if (s.traceState !== '') out.traceState = s.traceState;
  if (s.parentSpanId.length > 0) out.parentSpanId = hex(s.parentSpanId);
  if (s.flags !== 0) out.flags = s.flags;
  if (s.attributes.length > 0) out.attributes = attributesToJson(s.attributes);
  if (s.droppedAttributesCount > 0) out.droppedAttributesCount = s.droppedAttributesCount;
  if (s.events.length > 0) out.events = s.events.map(eventToJson);
  if (s.droppedEventsCount > 0) out.droppedEventsCount = s.droppedEventsCount;
  if (s.links.length > 0) out.links = s.links.map(linkToJson);
  if (s.droppedLinksCount > 0) out.droppedLinksCount = s.droppedLinksCount;
  if (s.statusMessage !== '') out.status.message = s.statusMessage;
  return out;
}

/** Spans of one instrumentation scope within one resource, before encoding. */
export interface OtlpScopeGroup {
  readonly scope: OtlpJsonScope;
  readonly schemaUrl: string;
  readonly spans: Span[];
}

/** Spans of one resource, by scope, before encoding. */
export interface OtlpResourceGroup {
  readonly resource: OtlpJsonResource;
  readonly schemaUrl: string;
  readonly scopes: OtlpScopeGroup[];
}

/**
 * Groups spans by resource, then scope, in order of first appearance; equal resources
 * (and scopes) given as different objects share a group. Each distinct resource or scope
 * object is encoded and keyed once, so a large trace costs one key per object, not per span.
 * Spans stay model spans, so a caller can encode and write them a few at a time.
 */
export function groupSpansForOtlp(spans: readonly Span[]): OtlpResourceGroup[] {
  const out: OtlpResourceGroup[] = [];
  const groups = new Map<string, { group: OtlpResourceGroup; scopes: Map<string, OtlpScopeGroup> }>();
  const groupOfResource = new Map<Resource, { group: OtlpResourceGroup; scopes: Map<string, OtlpScopeGroup> }>();
  const scopeOf = new Map<InstrumentationScope, { key: string; json: OtlpJsonScope }>();

  for (const span of spans) {
    let entry = groupOfResource.get(span.resource);
    if (entry === undefined) {
      const resource = resourceToJson(span.resource);
      const key = JSON.stringify([resource, span.resource.schemaUrl]);
      entry = groups.get(key);
      if (entry === undefined) {
        entry = { group: { resource, schemaUrl: span.resource.schemaUrl, scopes: [] }, scopes: new Map() };
        groups.set(key, entry);
        out.push(entry.group);
      }
      groupOfResource.set(span.resource, entry);
    }
    let scope = scopeOf.get(span.scope);
    if (scope === undefined) {
      const json = scopeToJson(span.scope);
      scope = { key: JSON.stringify([json, span.scope.schemaUrl]), json };
      scopeOf.set(span.scope, scope);
    }
    let scopeGroup = entry.scopes.get(scope.key);
    if (scopeGroup === undefined) {
      scopeGroup = { scope: { ...scope.json }, schemaUrl: span.scope.schemaUrl, spans: [] };
      entry.scopes.set(scope.key, scopeGroup);
      entry.group.scopes.push(scopeGroup);
    }
    scopeGroup.spans.push(span);
  }
  return out;
}

/** Encodes spans as OTLP/JSON TracesData, grouped by resource then scope. */
export function spansToOtlpJson(spans: readonly Span[]): OtlpJsonTracesData {
  return {
    resourceSpans: groupSpansForOtlp(spans).map((g) => {
      const rs: OtlpJsonResourceSpans = {
        resource: g.resource,
        scopeSpans: g.scopes.map((sg) => {
          const ss: OtlpJsonScopeSpans = { scope: sg.scope, spans: sg.spans.map(spanToOtlpJson) };
          if (sg.schemaUrl !== '') ss.schemaUrl = sg.schemaUrl;
          return ss;
        }),
      };
      if (g.schemaUrl !== '') rs.schemaUrl = g.schemaUrl;
      return rs;
    }),
  };
}
