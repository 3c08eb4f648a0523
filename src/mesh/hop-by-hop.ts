/**
 * Hop-by-hop fields are meant for one connection only and a proxy must not forward
 * them (RFC 9110 section 7.6.1): Connection, every field Connection names, and the
 * fields defined as connection-specific (Keep-Alive, Proxy-Connection, TE,
 * Transfer-Encoding, Upgrade). Proxy-Authorization and Proxy-Authenticate are meant
 * for this proxy, which authenticates nobody, so they stop here too (RFC 9110 11.7).
 * Expect is answered by Node's server (100-continue) before the request reaches us.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

const ALWAYS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'transfer-encoding',
  'upgrade',
  'proxy-authorization',
  'proxy-authenticate',
  'expect',
]);

export type HeaderMap = Record<string, string | string[]>;

/** The field names a Connection header lists, lowercase. */
function connectionTokens(value: string | string[] | number | undefined): Set<string> {
  const out = new Set<string>();
  if (value === undefined) return out;
  const parts = Array.isArray(value) ? value : [String(value)];
  for (const part of parts) {
    for (const token of part.split(',')) {
      const t = token.trim().toLowerCase();
      if (t !== '') out.add(t);
    }
  }
  return out;
}

/**
 * A copy of `headers` without hop-by-hop fields and without `host` (the caller decides
 * the Host of the next hop). Values are copied as they are; undefined ones dropped.
 */
export function endToEndHeaders(headers: IncomingHttpHeaders | OutgoingHttpHeaders): HeaderMap {
  const listed = connectionTokens(headers['connection'] as string | string[] | undefined);
  const out: HeaderMap = {};
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'host' || ALWAYS.has(lower) || listed.has(lower)) continue;
    const v = headers[name];
    if (v === undefined) continue;
    out[lower] = typeof v === 'number' ? String(v) : (v as string | string[]);
  }
  return out;
}

/**
 * The same filter over node's `rawHeaders` (name, value, name, value...), for a response
 * on its way back: every field stays as the upstream sent it, repeated ones included
 * (node's `headers` object keeps only the first of some, e.g. a repeated Content-Type),
 * and the flat list is what `res.writeHead` takes.
 */
export function endToEndRawHeaders(raw: readonly string[]): string[] {
  let listed: Set<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'connection') {
      listed ??= new Set();
      for (const t of connectionTokens(raw[i + 1])) listed.add(t);
    }
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    if (ALWAYS.has(lower) || listed?.has(lower) === true) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

export function isHopByHop(name: string): boolean {
  return ALWAYS.has(name.toLowerCase());
}
