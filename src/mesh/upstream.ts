/**
 * A named upstream: one or more endpoints, picked round-robin. Round-robin keeps the
 * demo's two inventory instances equally loaded without any state shared between
 * sidecars; smarter balancing (least-request, ejection) belongs to later work.
 */
import type { HostPort } from '../config/host-port.js';

export class Upstream {
  private next = 0;

  constructor(
    readonly name: string,
    readonly endpoints: readonly HostPort[],
  ) {
    if (endpoints.length === 0) throw new RangeError(`upstream '${name}' has no endpoints`);
  }

  /** The index of the endpoint the next request goes to. */
  pick(): number {
    const i = this.next;
    this.next = (i + 1) % this.endpoints.length;
    return i;
  }
}

/** Upstreams by name, case-insensitive (host names are). */
export class UpstreamSet {
  private readonly byName = new Map<string, Upstream>();

  constructor(upstreams: readonly Upstream[]) {
    for (const u of upstreams) this.byName.set(u.name.toLowerCase(), u);
  }

  get size(): number {
    return this.byName.size;
  }

  get names(): string[] {
    return [...this.byName.values()].map((u) => u.name);
  }

  /** By `name` or `name:port` (an app may call http://inventory:80/). */
  find(hostHeader: string | undefined): Upstream | undefined {
    if (hostHeader === undefined || hostHeader === '') return undefined;
    const host = hostHeader.toLowerCase();
    const exact = this.byName.get(host);
    if (exact !== undefined) return exact;
    const colon = host.lastIndexOf(':');
    if (colon > 0 && !host.endsWith(']')) return this.byName.get(host.slice(0, colon));
    return undefined;
  }
}

/** Groups NAME=HOST:PORT pairs by name, keeping the order of first appearance. */
export function upstreamsFromPairs(pairs: readonly { name: string; endpoint: HostPort }[]): Upstream[] {
  const grouped = new Map<string, { name: string; endpoints: HostPort[] }>();
  for (const p of pairs) {
    const key = p.name.toLowerCase();
    const g = grouped.get(key) ?? { name: p.name, endpoints: [] };
    g.endpoints.push(p.endpoint);
    grouped.set(key, g);
  }
  return [...grouped.values()].map((g) => new Upstream(g.name, g.endpoints));
}
