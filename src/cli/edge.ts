/** `ariadne edge`: the entry gateway that starts traces (src/mesh/edge.ts). */
import { parseArgs } from 'node:util';
import { parseHostPort } from '../config/host-port.js';
import { DEFAULT_EDGE, loadEdgeConfig, type EdgeConfig, type RouteConfig } from '../mesh/config/mesh-config.js';
import { applyCommonFlags, COMMON_FLAG_OPTIONS, COMMON_FLAGS_HELP, FlagError, hostPortFlag, pairsFlag } from '../mesh/config/mesh-flags.js';
import { startEdge } from '../mesh/edge.js';
import { serveUntilSignal } from './serve-until-signal.js';
import { UsageError } from './usage-error.js';

export const EDGE_HELP = `Usage: ariadne edge --listen HOST:PORT --route PREFIX=HOST:PORT ... [options]

The entry gateway: an HTTP/1.1 reverse proxy that continues a valid incoming trace
context (W3C, B3) or starts a trace, makes the head-sampling decision, records a
SERVER span and forwards to the route's upstream with the context injected.

Options:
  --listen HOST:PORT       where clients connect (default 127.0.0.1:8080)
  --route PREFIX=HOST:PORT forward paths starting with PREFIX to HOST:PORT; repeatable,
                           comma lists allowed; longest prefix wins; a prefix given
                           twice balances round-robin over its upstreams
${COMMON_FLAGS_HELP.replace('service.name of the spans', "service.name of the spans (default 'edge')")}
Port 0 picks a free port; once listening, one line per listener ('edge', 'admin') shows
its address. Upstream connect failures answer 502, timeouts 504, each with an ERROR
span. SIGINT or SIGTERM stops accepting, finishes requests in flight and exits 0.
Failed requests are logged over OTLP in their span's context; the edge's own CPU,
memory, bytes and request durations go out as k8s.pod.* metrics. For the smallest
footprint start it as 'node --max-semi-space-size=4 --heap-growing-percent=20
bin/ariadne.js edge ...' (see src/mesh/node-flags.ts).
`;

export function parseEdgeArgs(argv: readonly string[]): { config: EdgeConfig; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...COMMON_FLAG_OPTIONS, listen: { type: 'string' }, route: { type: 'string', multiple: true } },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(`ariadne edge: ${(err as Error).message}`);
  }
  const v = parsed.values;
  if (v.help) return { config: DEFAULT_EDGE, help: true };
  try {
    const base = v.config !== undefined ? loadEdgeConfig(v.config) : DEFAULT_EDGE;
    const routes = routesFlag(v.route);
    const config: EdgeConfig = {
      ...applyCommonFlags(base, v),
      listen: hostPortFlag('listen', v.listen) ?? base.listen,
      routes: routes.length > 0 ? routes : base.routes,
    };
    if (config.routes.length === 0) throw new FlagError('route', 'at least one route is required, e.g. --route /=127.0.0.1:8081');
    return { config, help: false };
  } catch (err) {
    if (err instanceof FlagError) throw new UsageError(`ariadne edge: ${err.message}`);
    throw err;
  }
}

function routesFlag(values: readonly string[] | undefined): RouteConfig[] {
  const byPrefix = new Map<string, RouteConfig>();
  for (const { key, value } of pairsFlag('route', values)) {
    if (!key.startsWith('/')) throw new FlagError('route', `prefix '${key}' must start with '/'`);
    const hp = parseHostPort(value);
    if (typeof hp === 'string') throw new FlagError('route', hp);
    const prior = byPrefix.get(key);
    byPrefix.set(key, { prefix: key, endpoints: [...(prior?.endpoints ?? []), hp] });
  }
  return [...byPrefix.values()];
}

export async function runEdge(argv: readonly string[]): Promise<number> {
  const { config, help } = parseEdgeArgs(argv);
  if (help) {
    process.stdout.write(EDGE_HELP);
    return 0;
  }
  const log = (m: string): void => void process.stderr.write(`ariadne edge: ${m}\n`);
  return serveUntilSignal(await startEdge(config), log);
}
