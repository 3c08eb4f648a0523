import { stringAttribute } from './any-value.js';
import type { Attributes } from './any-value.js';

/**
 * The resource attributes that say which machine ran something, in the order they are
 * tried: a pod (name + namespace), else the service instance, else the host. Logs,
 * metrics and spans of the same pod share this identity, which is what joins them.
 */
export const IDENTITY_KEYS = [['k8s.pod.name', 'k8s.namespace.name'], ['service.instance.id'], ['host.name']] as const;

export interface ResourceIdentity {
  /** The attributes the identity was made of, key -> value, in IDENTITY_KEYS order. */
  readonly attributes: readonly (readonly [string, string])[];
  /** A stable text key: `k8s.pod.name=a,k8s.namespace.name=b`; '' when none applies. */
  readonly key: string;
}

/** The identity of a resource; empty when it has none of the attributes. */
export function resourceIdentityOf(get: (key: string) => string | undefined): ResourceIdentity {
  for (const group of IDENTITY_KEYS) {
    // A pod without a namespace still names the pod.
    const first = get(group[0]);
    if (first === undefined || first === '') continue;
    const attrs: [string, string][] = [];
    for (const k of group) {
      const v = get(k);
      if (v !== undefined && v !== '') attrs.push([k, v]);
    }
    return { attributes: attrs, key: identityKey(attrs) };
  }
  return { attributes: [], key: '' };
}

export function resourceIdentityOfAttributes(attrs: Attributes): ResourceIdentity {
  return resourceIdentityOf((k) => stringAttribute(attrs, k));
}

export function identityKey(attrs: readonly (readonly [string, string])[]): string {
  return attrs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join(',');
}

/**
 * A resource filter (key -> value) as a store reads it: the identity key when the
 * filter holds a whole identity group (what the stores index), and the other pairs to
 * match one by one. A pod without its namespace is not a whole group: it matches as
 * an attribute.
 */
export function splitResourceFilter(filter: ReadonlyMap<string, string>): { readonly identityKey?: string; readonly others: [string, string][] } {
  const id = resourceIdentityOf((k) => filter.get(k));
  const group = IDENTITY_KEYS.find((g) => g[0] === id.attributes[0]?.[0]);
  const whole = group !== undefined && id.attributes.length === group.length;
  const used = new Set(whole ? id.attributes.map(([k]) => k) : []);
  return { ...(whole ? { identityKey: id.key } : {}), others: [...filter].filter(([k]) => !used.has(k)) };
}
