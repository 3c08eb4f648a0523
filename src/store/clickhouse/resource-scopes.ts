/**
 * Resource and scope of spans, stored once per distinct pair in `resource_scopes`;
 * a span row holds the pair's id, a content hash, so the same pair written by any
 * batch or any collector gets the same id and a second row of it is harmless
 * (ReplacingMergeTree keeps one).
 */
import { createHash } from 'node:crypto';
import { serviceNameOf, type InstrumentationScope, type Resource } from '../../model/index.js';
import { decodeAttributes, encodeAttributes, type AttributeArrays } from './attributes.js';

export interface EncodedResourceScope {
  readonly id: bigint;
  /** Copied into every span row: search filters on it. */
  readonly service: string;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly resourceAttributes: AttributeArrays;
  readonly scopeAttributes: AttributeArrays;
}

/** Encodes each distinct (resource, scope) object pair of one batch once. */
export class ResourceScopeEncoder {
  private readonly pairs = new Map<Resource, Map<InstrumentationScope, EncodedResourceScope>>();
  private readonly byId = new Map<bigint, EncodedResourceScope>();

  encode(resource: Resource, scope: InstrumentationScope): EncodedResourceScope {
    let ofResource = this.pairs.get(resource);
    if (ofResource === undefined) {
      ofResource = new Map();
      this.pairs.set(resource, ofResource);
    }
    let pair = ofResource.get(scope);
    if (pair === undefined) {
      pair = this.encodePair(resource, scope);
      ofResource.set(scope, pair);
    }
    return pair;
  }

  /** The distinct pairs seen. */
  encoded(): EncodedResourceScope[] {
    return [...this.byId.values()];
  }

  private encodePair(resource: Resource, scope: InstrumentationScope): EncodedResourceScope {
    const resourceAttributes = encodeAttributes(resource.attributes);
    const scopeAttributes = encodeAttributes(scope.attributes);
    // JSON of the field list: an unambiguous serialisation to hash.
    const identity = JSON.stringify([
      resourceAttributes, resource.droppedAttributesCount, resource.schemaUrl,
      scope.name, scope.version, scopeAttributes, scope.droppedAttributesCount, scope.schemaUrl,
    ]);
    const id = createHash('sha256').update(identity).digest().readBigUInt64BE(0);
    const known = this.byId.get(id);
    if (known) return known;
    const pair = { id, service: serviceNameOf(resource), resource, scope, resourceAttributes, scopeAttributes };
    this.byId.set(id, pair);
    return pair;
  }
}

/** A row of RESOURCE_SCOPE_COLUMNS for JSONCompactEachRow. */
export function resourceScopeRow(p: EncodedResourceScope, writtenAtSeconds: number): unknown[] {
  const r = p.resourceAttributes;
  const s = p.scopeAttributes;
  return [
    p.id.toString(), writtenAtSeconds,
    r.keys, r.values, r.types, r.json, p.resource.droppedAttributesCount, p.resource.schemaUrl,
    p.scope.name, p.scope.version,
    s.keys, s.values, s.types, s.json, p.scope.droppedAttributesCount, p.scope.schemaUrl,
  ];
}

export interface ResourceScope {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
}

/** SELECT list for reading pairs, in the order decodeResourceScopes expects. */
export const RESOURCE_SCOPE_SELECT =
  'toString(id), resource_attribute_keys, resource_attribute_values, resource_attribute_types, resource_attribute_json, ' +
  'resource_dropped_attributes, resource_schema_url, scope_name, scope_version, ' +
  'scope_attribute_keys, scope_attribute_values, scope_attribute_types, scope_attribute_json, ' +
  'scope_dropped_attributes, scope_schema_url';

type Row = [string, string[], string[], string, string[], number, string, string, string, string[], string[], string, string[], number, string];

/** Decodes query rows keyed by id (decimal text); spans sharing an id share the objects. */
export function decodeResourceScopes(rows: readonly unknown[][]): Map<string, ResourceScope> {
  const out = new Map<string, ResourceScope>();
  for (const raw of rows) {
    const r = raw as Row;
    if (out.has(r[0])) continue;
    out.set(r[0], {
      resource: { attributes: decodeAttributes(r[1], r[2], r[3], r[4]), droppedAttributesCount: r[5], schemaUrl: r[6] },
      scope: {
        name: r[7],
        version: r[8],
        attributes: decodeAttributes(r[9], r[10], r[11], r[12]),
        droppedAttributesCount: r[13],
        schemaUrl: r[14],
      },
    });
  }
  return out;
}
