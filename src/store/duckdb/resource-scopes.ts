/**
 * Resources and scopes are shared by many spans (one pair per request, usually),
 * so the spans table holds only an id into `resource_scopes`, written once per
 * distinct pair: a few hundred bytes per span stay out of the appender, the WAL
 * and the checkpoint. The id is a content hash, so the same pair written by two
 * batches or two processes gets the same id, and a duplicate row is harmless.
 */
import {
  ResourceScopeEncoder as SharedResourceScopeEncoder,
  type EncodedResourceScope as SharedEncodedResourceScope,
} from '../resource-scope-encoder.js';
import type { DuckDBValue } from '@duckdb/node-api';
import type { InstrumentationScope, Resource } from '../../model/index.js';
import { decodeAttributeText, encodeAttributeText } from './attribute-text.js';
import { RESOURCE_SCOPE_COLUMNS, type ResourceScopeColumnName } from './column-defs.js';

export type EncodedResourceScope = SharedEncodedResourceScope<string>;

/** Encodes each distinct (resource, scope) pair of one batch once, in this backend's attribute encoding. */
export class ResourceScopeEncoder extends SharedResourceScopeEncoder<string> {
  constructor() {
    super(encodeAttributeText);
  }
}

export function resourceScopeColumns(pairs: readonly EncodedResourceScope[]): DuckDBValue[][] {
  const c = {} as Record<ResourceScopeColumnName, DuckDBValue[]>;
  c.id = pairs.map((p) => p.id);
  c.resource_attributes = pairs.map((p) => p.resourceAttributes);
  c.resource_dropped_attributes = pairs.map((p) => p.resource.droppedAttributesCount);
  c.resource_schema_url = pairs.map((p) => p.resource.schemaUrl);
  c.scope_name = pairs.map((p) => p.scope.name);
  c.scope_version = pairs.map((p) => p.scope.version);
  c.scope_attributes = pairs.map((p) => p.scopeAttributes);
  c.scope_dropped_attributes = pairs.map((p) => p.scope.droppedAttributesCount);
  c.scope_schema_url = pairs.map((p) => p.scope.schemaUrl);
  return RESOURCE_SCOPE_COLUMNS.map((col) => c[col.name]);
}

export interface ResourceScope {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
}

/** Column list for reading pairs, in the order decodeResourceScopes expects. */
export const RESOURCE_SCOPE_SELECT =
  'id, resource_attributes, resource_dropped_attributes, resource_schema_url, ' +
  'scope_name, scope_version, scope_attributes, scope_dropped_attributes, scope_schema_url';

/** Decodes query rows; spans sharing an id share the decoded objects. */
export function decodeResourceScopes(rows: readonly (readonly DuckDBValue[])[]): Map<bigint, ResourceScope> {
  const out = new Map<bigint, ResourceScope>();
  for (const r of rows) {
    const id = r[0];
    if (typeof id !== 'bigint' || out.has(id)) continue;
    out.set(id, {
      resource: {
        attributes: decodeAttributeText(r[1] as string),
        droppedAttributesCount: r[2] as number,
        schemaUrl: r[3] as string,
      },
      scope: {
        name: r[4] as string,
        version: r[5] as string,
        attributes: decodeAttributeText(r[6] as string),
        droppedAttributesCount: r[7] as number,
        schemaUrl: r[8] as string,
      },
    });
  }
  return out;
}
