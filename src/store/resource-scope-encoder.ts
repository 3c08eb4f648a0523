/**
 * Resources and scopes are shared by many spans (usually one pair per request), so a
 * backend stores each distinct pair once and gives span rows its id. The id is a
 * content hash of the pair in the backend's own attribute encoding: the same pair
 * written by two batches or two processes gets the same id, and a duplicate row is
 * harmless. Backends differ only in that encoding, `A`.
 */
import { createHash } from 'node:crypto';
import { serviceNameOf, type Attributes, type InstrumentationScope, type Resource } from '../model/index.js';

export interface EncodedResourceScope<A> {
  readonly id: bigint;
  /** Copied into every span row: search filters on it. */
  readonly service: string;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly resourceAttributes: A;
  readonly scopeAttributes: A;
}

/** Encodes each distinct (resource, scope) object pair of one batch once. */
export class ResourceScopeEncoder<A> {
  private readonly pairs = new Map<Resource, Map<InstrumentationScope, EncodedResourceScope<A>>>();
  private readonly byId = new Map<bigint, EncodedResourceScope<A>>();

  constructor(private readonly encodeAttributes: (attributes: Attributes) => A) {}

  encode(resource: Resource, scope: InstrumentationScope): EncodedResourceScope<A> {
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
  encoded(): EncodedResourceScope<A>[] {
    return [...this.byId.values()];
  }

  private encodePair(resource: Resource, scope: InstrumentationScope): EncodedResourceScope<A> {
    const resourceAttributes = this.encodeAttributes(resource.attributes);
    const scopeAttributes = this.encodeAttributes(scope.attributes);
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
