/**
 * The de-facto forwarding fields common proxies add (nginx, Envoy, HAProxy):
 * X-Forwarded-For gets the client's address appended, X-Forwarded-Proto and
 * X-Forwarded-Host keep the first proxy's view. Via is required of proxies by RFC 9110
 * section 7.6.3.
 */
import type { HeaderMap } from './hop-by-hop.js';

export const VIA_VALUE = '1.1 ariadne';

function joined(v: string | string[] | undefined): string | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(', ') : v;
}

export function addForwardedHeaders(headers: HeaderMap, clientAddress: string | undefined, originalHost: string | undefined): void {
  if (clientAddress !== undefined && clientAddress !== '') {
    const prior = joined(headers['x-forwarded-for']);
    headers['x-forwarded-for'] = prior === undefined || prior === '' ? clientAddress : `${prior}, ${clientAddress}`;
  }
  if (headers['x-forwarded-proto'] === undefined) headers['x-forwarded-proto'] = 'http';
  if (headers['x-forwarded-host'] === undefined && originalHost !== undefined && originalHost !== '') {
    headers['x-forwarded-host'] = originalHost;
  }
  addVia(headers);
}

export function addVia(headers: HeaderMap): void {
  const prior = joined(headers['via']);
  headers['via'] = prior === undefined || prior === '' ? VIA_VALUE : `${prior}, ${VIA_VALUE}`;
}

/** The original client: the first X-Forwarded-For entry, else the socket's peer. */
export function originalClientAddress(xff: string | string[] | undefined, peer: string | undefined): string | undefined {
  const first = joined(xff)?.split(',')[0]?.trim();
  return first !== undefined && first !== '' ? first : peer;
}
