/**
 * The edge's routes: PREFIX -> upstream, longest prefix first. Matching is a plain
 * string prefix on the path, as Envoy's `prefix` match does: `/api` also matches
 * `/apiary`; write `/api/` to mean the folder.
 */
import type { Upstream } from './upstream.js';

export interface Route {
  readonly prefix: string;
  readonly upstream: Upstream;
  /** The `http.route` value: the prefix as a template (`/api/*`). */
  readonly template: string;
}

export class RouteTable {
  private readonly routes: Route[];

  constructor(routes: readonly { prefix: string; upstream: Upstream }[]) {
    this.routes = routes
      .map((r) => ({ ...r, template: `${r.prefix}*` }))
      .sort((a, b) => b.prefix.length - a.prefix.length);
  }

  match(path: string): Route | undefined {
    for (const r of this.routes) if (path.startsWith(r.prefix)) return r;
    return undefined;
  }

  get prefixes(): string[] {
    return this.routes.map((r) => r.prefix);
  }
}
