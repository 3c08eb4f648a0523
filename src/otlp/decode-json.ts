/**
 * ExportTraceServiceRequest in the OTLP/JSON mapping -> model spans.
 * Ids are hex (not base64, unlike plain proto3 JSON); enums are integers (names accepted);
 * int64/fixed64 as number or decimal string. Structural errors name their JSON path.
 */
import type { InstrumentationScope, Resource, Span, SpanEvent, SpanLink } from '../model/index.js';
import { OtlpDecodeError } from './errors.js';
import { attributesFromJson, stringFromJson, uint32FromJson, uint64FromJson } from './json-values.js';

export type Obj = Record<string, unknown>;

export function isObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function fail(path: string, problem: string): never {
  throw new OtlpDecodeError(`${path}: ${problem}`);
}

/** Field by lowerCamelCase name, or its snake_case original (proto3 JSON parsers accept both). */
export function field(o: Obj, camel: string, snake: string): unknown {
  const v = o[camel];
  return v !== undefined ? v : o[snake];
}

export function array(x: unknown, path: string): unknown[] {
  if (x === undefined || x === null) return [];
  if (!Array.isArray(x)) fail(path, 'must be an array');
  return x;
}

export function object(x: unknown, path: string): Obj {
  if (x === undefined || x === null) return {};
  if (!isObject(x)) fail(path, 'must be an object');
  return x;
}

const HEX = /^[0-9a-fA-F]*$/;

/** Hex id; wrong hex becomes a zero-length id that validation then rejects with the span. */
export function hexId(x: unknown, path: string): Uint8Array {
  if (x === undefined || x === null || x === '') return new Uint8Array(0);
  if (typeof x !== 'string') fail(path, 'must be a hex string');
  if (x.length % 2 !== 0 || !HEX.test(x)) return new Uint8Array(0);
  return new Uint8Array(Buffer.from(x, 'hex'));
}

export function enumValue(x: unknown, names: readonly string[], path: string): number {
  if (x === undefined || x === null) return 0;
  if (typeof x === 'number' && Number.isInteger(x)) return x;
  if (typeof x === 'string') {
    const i = names.indexOf(x);
    if (i >= 0) return i;
  }
  fail(path, `must be an integer enum value or one of ${names.join(', ')}`);
}

const KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
] as const;
const STATUS_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;

function event(x: unknown, path: string): SpanEvent {
  const e = object(x, path);
  return {
    timeUnixNano: uint64FromJson(field(e, 'timeUnixNano', 'time_unix_nano'), `${path}.timeUnixNano`),
    name: stringFromJson(e['name'], `${path}.name`),
    attributes: attributesFromJson(e['attributes'], `${path}.attributes`),
    droppedAttributesCount: uint32FromJson(field(e, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
  };
}

function link(x: unknown, path: string): SpanLink {
  const l = object(x, path);
  return {
    traceId: hexId(field(l, 'traceId', 'trace_id'), `${path}.traceId`),
    spanId: hexId(field(l, 'spanId', 'span_id'), `${path}.spanId`),
    traceState: stringFromJson(field(l, 'traceState', 'trace_state'), `${path}.traceState`),
    flags: uint32FromJson(l['flags'], `${path}.flags`),
    attributes: attributesFromJson(l['attributes'], `${path}.attributes`),
    droppedAttributesCount: uint32FromJson(field(l, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
  };
}

function span(x: unknown, path: string, resource: Resource, scope: InstrumentationScope): Span {
  const s = object(x, path);
  const status = object(s['status'], `${path}.status`);
  return {
    traceId: hexId(field(s, 'traceId', 'trace_id'), `${path}.traceId`),
    spanId: hexId(field(s, 'spanId', 'span_id'), `${path}.spanId`),
    parentSpanId: hexId(field(s, 'parentSpanId', 'parent_span_id'), `${path}.parentSpanId`),
    traceState: stringFromJson(field(s, 'traceState', 'trace_state'), `${path}.traceState`),
    flags: uint32FromJson(s['flags'], `${path}.flags`),
    name: stringFromJson(s['name'], `${path}.name`),
    kind: enumValue(s['kind'], KIND_NAMES, `${path}.kind`) as Span['kind'],
    startTimeUnixNano: uint64FromJson(field(s, 'startTimeUnixNano', 'start_time_unix_nano'), `${path}.startTimeUnixNano`),
    endTimeUnixNano: uint64FromJson(field(s, 'endTimeUnixNano', 'end_time_unix_nano'), `${path}.endTimeUnixNano`),
    attributes: attributesFromJson(s['attributes'], `${path}.attributes`),
    droppedAttributesCount: uint32FromJson(field(s, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
    events: array(s['events'], `${path}.events`).map((e, i) => event(e, `${path}.events[${i}]`)),
    droppedEventsCount: uint32FromJson(field(s, 'droppedEventsCount', 'dropped_events_count'), `${path}.droppedEventsCount`),
    links: array(s['links'], `${path}.links`).map((l, i) => link(l, `${path}.links[${i}]`)),
    droppedLinksCount: uint32FromJson(field(s, 'droppedLinksCount', 'dropped_links_count'), `${path}.droppedLinksCount`),
    statusCode: enumValue(status['code'], STATUS_NAMES, `${path}.status.code`) as Span['statusCode'],
    statusMessage: stringFromJson(status['message'], `${path}.status.message`),
    resource,
    scope,
  };
}

/** Parses and decodes a JSON body; throws OtlpDecodeError naming the path of the first structural error. */
export function decodeTraceRequestJson(body: Uint8Array | string): Span[] {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (err) {
    throw new OtlpDecodeError(`body is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const req = object(doc, '$');
  const spans: Span[] = [];
  const rss = array(field(req, 'resourceSpans', 'resource_spans'), 'resourceSpans');
  for (let i = 0; i < rss.length; i++) {
    const rsPath = `resourceSpans[${i}]`;
    const rs = object(rss[i], rsPath);
    const res = object(rs['resource'], `${rsPath}.resource`);
    const resource: Resource = {
      attributes: attributesFromJson(res['attributes'], `${rsPath}.resource.attributes`),
      droppedAttributesCount: uint32FromJson(field(res, 'droppedAttributesCount', 'dropped_attributes_count'), `${rsPath}.resource.droppedAttributesCount`),
      schemaUrl: stringFromJson(field(rs, 'schemaUrl', 'schema_url'), `${rsPath}.schemaUrl`),
    };
    const sss = array(field(rs, 'scopeSpans', 'scope_spans'), `${rsPath}.scopeSpans`);
    for (let j = 0; j < sss.length; j++) {
      const ssPath = `${rsPath}.scopeSpans[${j}]`;
      const ss = object(sss[j], ssPath);
      const sc = object(ss['scope'], `${ssPath}.scope`);
      const scope: InstrumentationScope = {
        name: stringFromJson(sc['name'], `${ssPath}.scope.name`),
        version: stringFromJson(sc['version'], `${ssPath}.scope.version`),
        attributes: attributesFromJson(sc['attributes'], `${ssPath}.scope.attributes`),
        droppedAttributesCount: uint32FromJson(field(sc, 'droppedAttributesCount', 'dropped_attributes_count'), `${ssPath}.scope.droppedAttributesCount`),
        schemaUrl: stringFromJson(field(ss, 'schemaUrl', 'schema_url'), `${ssPath}.schemaUrl`),
      };
      const list = array(ss['spans'], `${ssPath}.spans`);
      for (let k = 0; k < list.length; k++) spans.push(span(list[k], `${ssPath}.spans[${k}]`, resource, scope));
    }
  }
  return spans;
}
