/**
 * Resource and scope of spans, stored once per distinct pair in `resource_scopes`;
 * a span row holds the pair's id, a content hash, so the same pair written by any
 * batch or any collector gets the same id and a second row of it is harmless
 * (ReplacingMergeTree keeps one).
 */
import {
  ResourceScopeEncoder as SharedResourceScopeEncoder,
  type EncodedResourceScope as SharedEncodedResourceScope,
} from '../resource-scope-encoder.js';
import type { InstrumentationScope, Resource } from '../../model/index.js';
import { decodeAttributes, encodeAttributes, type AttributeArrays } from './attributes.js';

export type EncodedResourceScope = SharedEncodedResourceScope<AttributeArrays>;

/** Encodes each distinct (resource, scope) pair of one batch once, in this backend's attribute encoding. */
export class ResourceScopeEncoder extends SharedResourceScopeEncoder<AttributeArrays> {
  constructor() {
    super(encodeAttributes);
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
