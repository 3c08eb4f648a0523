/**
 * The parts of OTLP requests every signal shares, as protobufjs objects (lowerCamelCase,
 * 64-bit integers as decimal strings): AnyValue, attributes, and the grouping of items
 * under their resource and scope. Items sharing a resource object (and then a scope
 * object) go under one ResourceX/ScopeX, as encode-proto.ts does for spans.
 */
import type { AnyValue, Attributes, InstrumentationScope, Resource } from '../model/index.js';
import { bytesToHex } from '../model/index.js';

export type Pb = Record<string, unknown>;

export function anyValueProto(v: AnyValue): Pb {
  switch (v.type) {
    case 'string':
      return { stringValue: v.value };
    case 'bool':
      return { boolValue: v.value };
    case 'int':
      return { intValue: v.value.toString() };
    case 'double':
      return { doubleValue: v.value };
    case 'bytes':
      return { bytesValue: v.value };
    case 'array':
      return { arrayValue: { values: v.value.map(anyValueProto) } };
    case 'kvlist':
      return { kvlistValue: { values: attributesProto(v.value) } };
    case 'empty':
      return {};
  }
}

export function attributesProto(a: Attributes): Pb[] {
  return a.map((kv) => ({ key: kv.key, value: anyValueProto(kv.value) }));
}

function resourceProto(r: Resource): Pb {
  return { attributes: attributesProto(r.attributes), droppedAttributesCount: r.droppedAttributesCount };
}

function scopeProto(s: InstrumentationScope): Pb {
  return { name: s.name, version: s.version, attributes: attributesProto(s.attributes), droppedAttributesCount: s.droppedAttributesCount };
}

/**
 * `[{ resource, schemaUrl, <scopeKey>: [{ scope, schemaUrl, ...items(list) }] }]`:
 * the ResourceLogs/ResourceMetrics shape, with `items` building each scope's payload.
 */
export function groupByResourceAndScope<T extends { readonly resource: Resource; readonly scope: InstrumentationScope }>(
  items: readonly T[],
  scopeKey: string,
  payload: (list: T[]) => Pb,
): Pb[] {
  const byResource = new Map<Resource, Map<InstrumentationScope, T[]>>();
  for (const it of items) {
    let scopes = byResource.get(it.resource);
    if (!scopes) byResource.set(it.resource, (scopes = new Map()));
    let list = scopes.get(it.scope);
    if (!list) scopes.set(it.scope, (list = []));
    list.push(it);
  }
  const out: Pb[] = [];
  for (const [resource, scopes] of byResource) {
    out.push({
      resource: resourceProto(resource),
      schemaUrl: resource.schemaUrl,
      [scopeKey]: [...scopes].map(([scope, list]) => ({ scope: scopeProto(scope), schemaUrl: scope.schemaUrl, ...payload(list) })),
    });
  }
  return out;
}

const HEX_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);

/**
 * A protobufjs-shaped request object as OTLP/JSON text: trace and span ids as hex,
 * other bytes as base64 (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding).
 */
export function protoObjectToOtlpJson(obj: Pb): string {
  return JSON.stringify(obj, (key, v: unknown) => {
    if (v instanceof Uint8Array) return HEX_KEYS.has(key) ? bytesToHex(v) : Buffer.from(v).toString('base64');
    return v;
  });
}
