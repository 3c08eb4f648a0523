/**
 * Where a request goes. A request target is origin-form (`/path?q`) from ordinary
 * clients, or absolute-form (`http://host:port/path`) from clients that use us as a
 * forward proxy, as HTTP_PROXY clients do (RFC 9112 section 3.2). In absolute-form the
 * URL's authority, not the Host field, names the target (RFC 9112 section 3.2.2).
 */
import type { HostPort } from '../config/host-port.js';
import type { Upstream, UpstreamSet } from './upstream.js';

export interface SplitTarget {
  /** Path and query, origin-form. */
  readonly path: string;
  /** The authority of an absolute-form target (`host:port`), lowercase. */
  readonly authority?: string;
  readonly hostname?: string;
  readonly port?: number;
  readonly scheme?: string;
}

const ABSOLUTE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^#]*)/;

/** Never throws: an unparsable absolute-form target comes back as its path `/`. */
export function splitRequestTarget(target: string | undefined): SplitTarget {
  if (target === undefined || target === '') return { path: '/' };
  if (target.startsWith('/')) return { path: target };
  const m = ABSOLUTE.exec(target);
  if (m === null) return { path: target === '*' ? '*' : '/' };
  const scheme = (m[1] ?? '').toLowerCase();
  const authority = (m[2] ?? '').toLowerCase().replace(/^[^@]*@/, ''); // userinfo is never forwarded
  const rest = m[3] ?? '';
  const path = rest === '' ? '/' : rest.startsWith('?') ? `/${rest}` : rest;
  const hp = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(authority);
  const hostname = hp?.[1]?.replace(/^\[|\]$/g, '');
  const port = hp?.[2] !== undefined ? Number(hp[2]) : scheme === 'https' ? 443 : 80;
  return { path, authority, scheme, ...(hostname !== undefined ? { hostname, port } : {}) };
}

/** The path without the query, for url.path and route templates. */
export function pathOnly(path: string): string {
  const q = path.indexOf('?');
  return q === -1 ? path : path.slice(0, q);
}

export type EgressTarget =
  | {
      readonly ok: true;
      /** A named upstream, balanced; or a single origin named by an absolute-form URL. */
      readonly upstream?: Upstream;
      readonly endpoint?: HostPort;
      /** Label for metrics and peer.service: the upstream's name, or host:port. */
      readonly label: string;
      readonly path: string;
      /** The Host field for the next hop. */
      readonly host: string;
    }
  | { readonly ok: false; readonly status: number; readonly errorType: string; readonly message: string };

/**
 * Resolves an egress request: absolute-form by its authority (a named upstream when
 * the host names one, else that origin directly); origin-form by its Host field,
 * which must name an upstream.
 */
export function resolveEgressTarget(rawTarget: string | undefined, hostHeader: string | undefined, upstreams: UpstreamSet): EgressTarget {
  const t = splitRequestTarget(rawTarget);
  if (t.authority !== undefined) {
    if (t.scheme !== 'http') {
      return { ok: false, status: 501, errorType: 'unsupported_scheme', message: `only http:// targets can be proxied, not ${t.scheme}://` };
    }
    if (t.hostname === undefined || t.port === undefined || t.port > 65535) {
      return { ok: false, status: 400, errorType: 'bad_target', message: `cannot parse the request target '${rawTarget ?? ''}'` };
    }
    const named = upstreams.find(t.authority) ?? upstreams.find(t.hostname);
    if (named !== undefined) return { ok: true, upstream: named, label: named.name, path: t.path, host: t.authority };
    return {
      ok: true,
      endpoint: { host: t.hostname, port: t.port },
      label: `${t.hostname}:${t.port}`,
      path: t.path,
      host: t.authority,
    };
  }
  const named = upstreams.find(hostHeader);
  if (named !== undefined) return { ok: true, upstream: named, label: named.name, path: t.path, host: hostHeader ?? named.name };
  const known = upstreams.size > 0 ? `; known upstreams: ${upstreams.names.join(', ')}` : '';
  return {
    ok: false,
    status: 502,
    errorType: 'no_upstream',
    message: `no upstream named '${hostHeader ?? ''}' (send Host: NAME or an absolute-form http:// target)${known}`,
  };
}
