/** HOST:PORT as the CLI and config take it ("[::1]:4317" for IPv6); port 0 picks a free port. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export function parseHostPort(text: string): HostPort | string {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(text.trim());
  if (!m) return `'${text}' is not HOST:PORT (for example 127.0.0.1:4318, or [::1]:4318)`;
  const port = Number(m[3]);
  if (port > 65535) return `port ${port} in '${text}' is out of range 0-65535`;
  return { host: (m[1] ?? m[2])!, port };
}

export function formatHostPort(hp: HostPort): string {
  return hp.host.includes(':') ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}
