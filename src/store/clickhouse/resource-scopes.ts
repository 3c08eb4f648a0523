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
import type { ClickHouseClient } from '@clickhouse/client';
import type { InstrumentationScope, Resource } from '../../model/index.js';
import { StoreCorruptError } from '../errors.js';
import { decodeAttributes, encodeAttributes, type AttributeArrays } from './attributes.js';
import { QueryParams, selectRows } from './query-params.js';
import type { Layout } from './schema.js';

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

/**
 * Resource/scope pairs by id, kept across reads: a pair's id is the hash of its
 * content, so a cached pair is never stale. Bounded; forgetting costs one query.
 */
export class ResourceScopeCache {
  private readonly pairs = new Map<string, ResourceScope>();

  constructor(private readonly max = 10_000) {}

  get(id: string): ResourceScope | undefined {
    return this.pairs.get(id);
  }

  add(found: ReadonlyMap<string, ResourceScope>): void {
    if (this.pairs.size + found.size > this.max) this.pairs.clear();
    for (const [id, pair] of found) this.pairs.set(id, pair);
  }
}

/**
 * The pair of each id (decimal text), in order, reading those `cache` lacks in one
 * query. `holder` names what refers to the ids, for the error when one is missing.
 */
export async function resourceScopesOf(
  client: ClickHouseClient,
  layout: Layout,
  ids: readonly string[],
  cache: ResourceScopeCache,
  holder: string,
): Promise<ResourceScope[]> {
  const missing = [...new Set(ids)].filter((id) => cache.get(id) === undefined);
  const fetched = new Map<string, ResourceScope>();
  if (missing.length > 0) {
    const p = new QueryParams();
    for (const [id, pair] of decodeResourceScopes(
      await selectRows(client, `SELECT ${RESOURCE_SCOPE_SELECT} FROM ${layout.table('resource_scopes')} WHERE id IN ${p.uint64Set(missing)} LIMIT 1 BY id`, p),
    )) {
      fetched.set(id, pair);
    }
    cache.add(fetched);
  }
  return ids.map((id) => {
    const pair = cache.get(id) ?? fetched.get(id);
    if (pair === undefined) throw new StoreCorruptError(`resource_scopes has no row ${id}, which ${holder} refers to`);
    return pair;
  });
}
