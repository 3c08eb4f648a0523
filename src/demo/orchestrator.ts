/**
 * `ariadne demo`: starts the whole demo system as separate processes on real sockets,
 * bottom-up so that every address a process needs is known before it starts:
 *
 *   1. the all-in-one (unless --otlp names a collector elsewhere)
 *   2. every service instance (db shards included), on free ports
 *   3. sidecars, each once the services it calls have theirs; then each service is
 *      told its egress address over its stdin
 *   4. the edge in front of frontend's sidecar, the control endpoint, the load
 */
import type http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatHostPort, type HostPort } from '../config/host-port.js';
import { closeHttp, listen } from '../app/listen.js';
import { PROXY_NODE_FLAGS } from '../mesh/node-flags.js';
import { encodeAppMessage } from './app-control.js';
import { ProcessGroup, type Child } from './child-process.js';
import { createControlServer } from './control-server.js';
import { FaultRegistry } from './fault-registry.js';
import { podAttributesFlag } from './pod.js';
import { startLoad, type LoadGenerator } from './load-generator.js';
import { EDGE_ROUTE_PREFIX, EDGE_TIMEOUT, SERVICES, instanceName, type ServiceSpec } from './topology.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** dist/demo -> bin/ariadne.js */
export const ARIADNE_BIN = path.resolve(HERE, '../../bin/ariadne.js');
const SERVICE_MAIN = path.join(HERE, 'service-main.js');

export interface DemoConfig {
  /** Requests per second from the load generator; 0: none. */
  readonly rate: number;
  /** A collector's OTLP/HTTP traces URL; absent: start the all-in-one alongside. */
  readonly otlp?: string;
  /** The all-in-one's query API and UI. */
  readonly http: HostPort;
  readonly otlpHttp: HostPort;
  readonly otlpGrpc: HostPort;
  readonly dataDir: string;
  /** Where the edge listens: the system's front door. */
  readonly edge: HostPort;
  /** The fault-injection endpoint `ariadne demo fault` calls. */
  readonly control: HostPort;
}

export interface RunningDemo {
  /** Listener name -> address: edge, control, and http/otlp-http when the all-in-one runs. */
  readonly addresses: ReadonlyMap<string, HostPort>;
  readonly otlpUrl: string;
  /** Processes of the demo, the orchestrator included. */
  readonly processCount: number;
  readonly pids: readonly number[];
  readonly load?: LoadGenerator;
  stop(): Promise<void>;
}

interface Instance {
  readonly spec: ServiceSpec;
  readonly index: number;
  readonly name: string;
  app?: Child;
  sidecar?: Child;
}

const STOP_GRACE_MS = 4000;
/** As often as the SDK services read theirs (sdk-signals.ts). */
const METRICS_INTERVAL = '5s';
const EDGE_INSTANCE = 'edge#1';

function addr(c: Child | undefined, listener: string): HostPort {
  const a = c?.addresses.get(listener);
  if (a === undefined) throw new Error(`${c?.name ?? '?'} has no ${listener} listener`);
  return a;
}

export async function startDemo(config: DemoConfig, log: (m: string) => void): Promise<RunningDemo> {
  const group = new ProcessGroup();
  const addresses = new Map<string, HostPort>();
  let control: http.Server | undefined;
  let load: LoadGenerator | undefined;
  const stop = async (): Promise<void> => {
    await load?.stop();
    if (control !== undefined) await closeHttp(control, 0);
    await group.stopAll(STOP_GRACE_MS);
  };

  try {
    let otlpUrl = config.otlp;
    if (otlpUrl === undefined) {
      const aio = await group.start(
        {
          name: 'ariadne',
          args: [ARIADNE_BIN, 'start', '--data-dir', config.dataDir, '--otlp-grpc', formatHostPort(config.otlpGrpc), '--otlp-http', formatHostPort(config.otlpHttp), '--http', formatHostPort(config.http)],
          listeners: ['otlp-grpc', 'otlp-http', 'http'],
          startTimeoutMs: 30_000,
        },
        log,
      );
      addresses.set('http', addr(aio, 'http'));
      addresses.set('otlp-http', addr(aio, 'otlp-http'));
      otlpUrl = `http://${formatHostPort(addr(aio, 'otlp-http'))}/v1/traces`;
    }
    const traces = otlpUrl;

    const instances: Instance[] = SERVICES.flatMap((spec) =>
      Array.from({ length: spec.instances }, (_, i) => ({ spec, index: i + 1, name: instanceName(spec.name, i + 1) })),
    );
    await Promise.all(
      instances.map(async (inst) => {
        const shard = /^db-shard-(\d+)$/.exec(inst.spec.name);
        inst.app = await group.start(
          {
            name: inst.name,
            stdin: true,
            listeners: ['app'],
            args: [
              SERVICE_MAIN,
              '--role', inst.spec.role,
              '--service', inst.spec.name,
              '--instance', String(inst.index),
              '--shard', String(shard !== null ? Number(shard[1]) - 1 : 0),
              '--listen', '127.0.0.1:0',
              ...(inst.spec.sdk ? ['--otlp', traces] : []),
            ],
          },
          log,
        );
      }),
    );

    // Where callers reach a service: its sidecars' inbound listeners, else the instances themselves.
    const entryPoints = (service: string): HostPort[] =>
      instances.filter((i) => i.spec.name === service).map((i) => (i.spec.sidecar ? addr(i.sidecar, 'inbound') : addr(i.app, 'app')));
    const ready = (service: string): boolean => instances.filter((i) => i.spec.name === service).every((i) => !i.spec.sidecar || i.sidecar !== undefined);

    let pending = instances.filter((i) => i.spec.sidecar);
    while (pending.length > 0) {
      const now = pending.filter((i) => i.spec.calls.every(ready));
      if (now.length === 0) throw new Error(`sidecar dependencies form a cycle: ${pending.map((i) => i.name).join(', ')}`);
      await Promise.all(
        now.map(async (inst) => {
          const upstreams = inst.spec.calls.flatMap((svc) => entryPoints(svc).map((hp) => `${svc}=${formatHostPort(hp)}`));
          inst.sidecar = await group.start(
            {
              name: `${inst.name} sidecar`,
              listeners: ['inbound', 'egress', 'admin'],
              args: [
                ...PROXY_NODE_FLAGS,
                ARIADNE_BIN, 'sidecar',
                '--service', inst.spec.name,
                '--instance', inst.name,
                '--resource-attributes', podAttributesFlag(inst.name),
                '--metrics-interval', METRICS_INTERVAL,
                '--listen', '127.0.0.1:0',
                '--egress', '127.0.0.1:0',
                '--admin', '127.0.0.1:0',
                '--app', formatHostPort(addr(inst.app, 'app')),
                '--otlp', traces,
                '--connect-timeout', '500ms',
                '--export-interval', '500ms',
                ...(inst.spec.egressTimeout !== undefined ? ['--headers-timeout', inst.spec.egressTimeout] : []),
                ...(upstreams.length > 0 ? ['--upstream', upstreams.join(',')] : []),
              ],
            },
            log,
          );
          inst.app!.send(encodeAppMessage({ egress: formatHostPort(addr(inst.sidecar, 'egress')) }));
        }),
      );
      pending = pending.filter((i) => i.sidecar === undefined);
    }

    const edge = await group.start(
      {
        name: 'edge',
        listeners: ['edge', 'admin'],
        args: [
          ...PROXY_NODE_FLAGS,
          ARIADNE_BIN, 'edge',
          '--instance', EDGE_INSTANCE,
          '--resource-attributes', podAttributesFlag(EDGE_INSTANCE),
          '--metrics-interval', METRICS_INTERVAL,
          '--listen', formatHostPort(config.edge),
          '--admin', '127.0.0.1:0',
          '--route', entryPoints('frontend').map((hp) => `${EDGE_ROUTE_PREFIX}=${formatHostPort(hp)}`).join(','),
          '--otlp', traces,
          '--headers-timeout', EDGE_TIMEOUT,
          '--export-interval', '500ms',
        ],
      },
      log,
    );
    addresses.set('edge', addr(edge, 'edge'));

    const faults = new FaultRegistry(instances.map((i) => ({ name: i.name, service: i.spec.name, send: (line: string) => i.app!.send(line) })));
    const topology = (): unknown => ({
      edge: formatHostPort(addr(edge, 'edge')),
      otlp: traces,
      ...(addresses.has('http') ? { ui: `http://${formatHostPort(addresses.get('http')!)}` } : {}),
      services: SERVICES.map((s) => ({
        name: s.name,
        sdk: s.sdk,
        sidecar: s.sidecar,
        calls: s.calls,
        instances: instances
          .filter((i) => i.spec === s)
          .map((i) => ({
            name: i.name,
            app: formatHostPort(addr(i.app, 'app')),
            pid: i.app?.proc.pid,
            ...(i.sidecar !== undefined
              ? { inbound: formatHostPort(addr(i.sidecar, 'inbound')), egress: formatHostPort(addr(i.sidecar, 'egress')), admin: formatHostPort(addr(i.sidecar, 'admin')) }
              : {}),
          })),
      })),
    });
    control = createControlServer(faults, topology);
    addresses.set('control', await listen(control, config.control));

    if (config.rate > 0) load = startLoad(`http://${formatHostPort(addr(edge, 'edge'))}`, config.rate);
    return {
      addresses,
      otlpUrl: traces,
      processCount: group.size + 1,
      pids: [process.pid, ...group.all.flatMap((c) => (c.proc.pid !== undefined ? [c.proc.pid] : []))],
      ...(load !== undefined ? { load } : {}),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
