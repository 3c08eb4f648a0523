/**
 * Where the backends are: a `static` list of hostnames, or `dns`, a hostname whose A/AAAA
 * records are resolved every `interval` (default 5s, each lookup bounded by `timeout`,
 * default 1s), as the Collector's loadbalancingexporter resolvers. Endpoints are
 * host:port, sorted, so every front collector builds the same ring.
 */
import { lookup } from 'node:dns/promises';

export interface Resolver {
  /** Resolves once, then calls onChange with the endpoints whenever they change. */
  start(onChange: (endpoints: string[]) => void): Promise<void>;
  stop(): void;
}

export type StaticResolverConfig = { readonly kind: 'static'; readonly hostnames: readonly string[] };
export type DnsResolverConfig = { readonly kind: 'dns'; readonly hostname: string; readonly port: number; readonly intervalMs: number; readonly timeoutMs: number };
export type ResolverConfig = StaticResolverConfig | DnsResolverConfig;

const DEFAULT_PORT = 4317;

/** `host` -> `host:4317`; `host:port` and `[v6]:port` unchanged. */
export function withDefaultPort(hostname: string): string {
  if (/^\[.*\]:\d+$/.test(hostname) || /^[^:[\]]+:\d+$/.test(hostname)) return hostname;
  if (hostname.includes(':') && !hostname.startsWith('[')) return `[${hostname}]:${DEFAULT_PORT}`;
  return `${hostname}:${DEFAULT_PORT}`;
}

export class StaticResolver implements Resolver {
  constructor(private readonly config: StaticResolverConfig) {}
  async start(onChange: (endpoints: string[]) => void): Promise<void> {
    onChange([...new Set(this.config.hostnames.map(withDefaultPort))].sort());
  }
  stop(): void {}
}

export type LookupFn = (hostname: string) => Promise<string[]>;

const systemLookup: LookupFn = async (hostname) => (await lookup(hostname, { all: true })).map((a) => a.address);

export class DnsResolver implements Resolver {
  private timer: NodeJS.Timeout | undefined;
  private current = '';

  constructor(
    private readonly config: DnsResolverConfig,
    private readonly onResolution: (ok: boolean) => void = () => {},
    private readonly lookupFn: LookupFn = systemLookup,
  ) {}

  /** One resolution; keeps the last known endpoints when the lookup fails. */
  async resolve(onChange: (endpoints: string[]) => void): Promise<void> {
    let addresses: string[];
    try {
      addresses = await Promise.race([
        this.lookupFn(this.config.hostname),
        new Promise<never>((_r, reject) => setTimeout(() => reject(new Error('DNS lookup timed out')), this.config.timeoutMs).unref()),
      ]);
    } catch {
      this.onResolution(false);
      return;
    }
    this.onResolution(true);
    const endpoints = [...new Set(addresses.map((a) => (a.includes(':') ? `[${a}]:${this.config.port}` : `${a}:${this.config.port}`)))].sort();
    const key = endpoints.join(',');
    if (key !== this.current) {
      this.current = key;
      onChange(endpoints);
    }
  }

  async start(onChange: (endpoints: string[]) => void): Promise<void> {
    await this.resolve(onChange);
    this.timer = setInterval(() => void this.resolve(onChange), this.config.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
