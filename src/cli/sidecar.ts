/** `ariadne sidecar`: zero-code tracing next to an app (src/mesh/sidecar.ts). */
import { parseArgs } from 'node:util';
import { parseHostPort } from '../config/host-port.js';
import { DEFAULT_SIDECAR, loadSidecarConfig, type SidecarConfig, type UpstreamConfig } from '../mesh/config/mesh-config.js';
import { applyCommonFlags, COMMON_FLAG_OPTIONS, COMMON_FLAGS_HELP, durationFlag, FlagError, hostPortFlag, pairsFlag } from '../mesh/config/mesh-flags.js';
import { serveUntilSignal } from './serve-until-signal.js';
import { startSidecar } from '../mesh/sidecar.js';
import { UsageError } from './usage-error.js';

export const SIDECAR_HELP = `Usage: ariadne sidecar --service NAME --listen HOST:PORT --app HOST:PORT --egress HOST:PORT
                       [--upstream NAME=HOST:PORT,...] [options]

Traces an app without touching its code. Inbound (--listen -> --app): a SERVER span
per request, the context passed on to the app in the request headers. Egress
(--egress): the app sends its outgoing calls here, as a forward proxy (absolute-form
targets, as HTTP_PROXY clients send them) or with a Host header naming an --upstream;
a CLIENT span per call, the context injected for the next hop. An app that copies the
incoming trace headers onto its outgoing calls joins one connected trace.

Options:
  --listen HOST:PORT       inbound listener (default 127.0.0.1:15006)
  --app HOST:PORT          the app (required)
  --app-timeout DUR        request to the app -> its response headers; beyond it 504
                           (default 60s; the other timeouts below are for egress calls)
  --egress HOST:PORT       egress listener for the app's outgoing calls (default 127.0.0.1:15001)
  --upstream NAME=HOST:PORT[,NAME=HOST:PORT...]
                           upstreams the app calls by name (Host: NAME); repeatable; a
                           name given twice is balanced round-robin over its endpoints
${COMMON_FLAGS_HELP.replace('service.name of the spans', 'service.name of the spans (required)')}
Port 0 picks a free port; once listening, one line per listener ('inbound', 'egress',
'admin') shows its address. Upstream connect failures answer 502, timeouts 504, each
with an ERROR span; when the collector is slow or down spans are dropped and counted
(ariadne_mesh_spans_dropped_total), never waited for. Each failed request is also
logged (OTLP logs, in its span's context), and the sidecar's CPU, memory, bytes and
request durations are sent as k8s.pod.* metrics under --resource-attributes.
SIGINT or SIGTERM exits 0. For the smallest footprint start it as
'node --max-semi-space-size=4 --heap-growing-percent=20 bin/ariadne.js sidecar ...'
(about 25 MiB less at load, for ~8% less peak throughput; see src/mesh/node-flags.ts).
`;

export function parseSidecarArgs(argv: readonly string[]): { config: SidecarConfig; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        ...COMMON_FLAG_OPTIONS,
        listen: { type: 'string' },
        app: { type: 'string' },
        'app-timeout': { type: 'string' },
        egress: { type: 'string' },
        upstream: { type: 'string', multiple: true },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(`ariadne sidecar: ${(err as Error).message}`);
  }
  const v = parsed.values;
  if (v.help) return { config: DEFAULT_SIDECAR, help: true };
  try {
    const base = v.config !== undefined ? loadSidecarConfig(v.config) : DEFAULT_SIDECAR;
    const upstreams = upstreamsFlag(v.upstream);
    const app = hostPortFlag('app', v.app) ?? base.app;
    const config: SidecarConfig = {
      ...applyCommonFlags(base, v),
      listen: hostPortFlag('listen', v.listen) ?? base.listen,
      egress: hostPortFlag('egress', v.egress) ?? base.egress,
      appTimeoutMs: durationFlag('app-timeout', v['app-timeout']) ?? base.appTimeoutMs,
      ...(app !== undefined ? { app } : {}),
      upstreams: upstreams.length > 0 ? upstreams : base.upstreams,
    };
    if (config.service === '') throw new FlagError('service', 'is required (the service.name of the app next to this sidecar)');
    if (config.app === undefined) throw new FlagError('app', 'is required (HOST:PORT where the app listens)');
    return { config, help: false };
  } catch (err) {
    if (err instanceof FlagError) throw new UsageError(`ariadne sidecar: ${err.message}`);
    throw err;
  }
}

function upstreamsFlag(values: readonly string[] | undefined): UpstreamConfig[] {
  return pairsFlag('upstream', values).map(({ key, value }) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(key)) throw new FlagError('upstream', `'${key}' is not a host name`);
    const hp = parseHostPort(value);
    if (typeof hp === 'string') throw new FlagError('upstream', hp);
    return { name: key, endpoint: hp };
  });
}

export async function runSidecar(argv: readonly string[]): Promise<number> {
  const { config, help } = parseSidecarArgs(argv);
  if (help) {
    process.stdout.write(SIDECAR_HELP);
    return 0;
  }
  const log = (m: string): void => void process.stderr.write(`ariadne sidecar ${config.service}: ${m}\n`);
  return serveUntilSignal(await startSidecar(config), log);
}
