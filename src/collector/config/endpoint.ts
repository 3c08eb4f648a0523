/**
 * A listen or dial endpoint as the Collector writes it: "host:port", "[::1]:port", or
 * ":port" (every interface, as in Go). Port 0 picks a free port when listening.
 */
import type { HostPort } from '../../config/host-port.js';

export type Endpoint = HostPort;

const ENDPOINT = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s[\]/]*)):(\d{1,5})$/;

export function parseEndpoint(text: string): Endpoint | string {
  const m = ENDPOINT.exec(text.trim());
  if (!m) return `'${text}' is not HOST:PORT (for example localhost:4317, 0.0.0.0:4318 or :9411)`;
  const port = Number(m[3]);
  if (port > 65535) return `port ${port} in '${text}' is out of range 0-65535`;
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? '0.0.0.0' : host, port };
}
