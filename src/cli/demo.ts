/** `ariadne demo` and `ariadne demo fault` (src/demo). */
import { parseArgs } from 'node:util';
import { formatHostPort, parseHostPort, type HostPort } from '../config/host-port.js';
import { sendFaultCommand, type FaultCommand } from '../demo/fault-client.js';
import { startDemo, type DemoConfig } from '../demo/orchestrator.js';
import { SERVICES } from '../demo/topology.js';
import { parseDurationMs } from '../mesh/duration.js';
import { checkOtlpUrl } from '../mesh/config/mesh-config.js';
import { UsageError } from './usage-error.js';

export const DEFAULT_CONTROL: HostPort = { host: '127.0.0.1', port: 16687 };

const TARGETS = SERVICES.map((s) => (s.instances > 1 ? `${s.name}#1..${s.instances}` : s.name)).join(', ');

export const DEMO_HELP = `Usage: ariadne demo [--rate RPS] [--otlp URL] [--http HOST:PORT] [options]
       ariadne demo fault --target NAME[#N] [--latency DUR] [--error-rate P] [--duration DUR]
       ariadne demo fault --clear [--target NAME[#N]]
       ariadne demo fault                  (lists the faults in force)

Runs a small shop as separate processes on real sockets: an edge gateway in front of
frontend, auth, orders, inventory (2 instances), payments and a database tier of 3
shards x 2 instances; every service behind its own sidecar (the db shards, like
orders and payments, traced with the OpenTelemetry JS SDK), and a load generator.
Without --otlp, the all-in-one (ariadne start) runs alongside and its UI and API are
printed. Ctrl-C (SIGINT) or SIGTERM stops every process.

Options:
  --rate RPS             requests per second of generated load (default 5; 0: none)
  --otlp URL             send spans to this OTLP/HTTP traces URL instead of starting the
                         all-in-one (e.g. http://127.0.0.1:4318/v1/traces)
  --http HOST:PORT       the all-in-one's query API and UI (default 127.0.0.1:16686)
  --otlp-http HOST:PORT  the all-in-one's OTLP/HTTP receiver (default 127.0.0.1:4318)
  --otlp-grpc HOST:PORT  the all-in-one's OTLP/gRPC receiver (default 127.0.0.1:4317)
  --data-dir DIR         the all-in-one's store (default ./data)
  --edge HOST:PORT       the edge gateway, the system's front door (default 127.0.0.1:8080)
  --control HOST:PORT    the fault-injection endpoint (default 127.0.0.1:16687)
  --duration DUR         stop after this long (default: run until stopped)
  -h, --help             show this help

Fault injection ('ariadne demo fault') finds the running demo at --control, default
127.0.0.1:16687 on both sides; pass the same --control to both when you change it.
  --target NAME[#N]      a service (all its instances) or one instance:
                         ${TARGETS}
  --latency DUR          added to every request of the target (e.g. 300ms)
  --error-rate P         share of the target's requests answered 500, 0 to 1
  --duration DUR         the fault ends by itself after this long (default: until cleared)
  --clear                clear the faults of --target, or all faults
  --control HOST:PORT    the demo's control endpoint (default 127.0.0.1:16687)

Egress timeouts shrink downstream (frontend 1s, orders 250ms, inventory 200ms), so
'--target db-shard-2 --latency 300ms' or '--target inventory#2 --latency 300ms' turns
into 504s one hop up and a cascade of errors to the edge. Find them in the UI, or with
  GET /api/traces?service=orders&tags={"error.type":"timeout"}
`;

function hostPort(flag: string, v: string | undefined, dflt: HostPort): HostPort {
  if (v === undefined) return dflt;
  const hp = parseHostPort(v);
  if (typeof hp === 'string') throw new UsageError(`ariadne demo: --${flag}: ${hp}`);
  return hp;
}

function durationMs(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const ms = parseDurationMs(v);
  if (typeof ms === 'string') throw new UsageError(`ariadne demo: --${flag}: ${ms}`);
  return ms;
}

function numberIn(flag: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`ariadne demo: --${flag}: '${v}' is not a number from ${min} to ${max}`);
  return n;
}

export function parseDemoArgs(argv: readonly string[]): { config: DemoConfig; durationMs?: number; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        rate: { type: 'string' },
        otlp: { type: 'string' },
        http: { type: 'string' },
        'otlp-http': { type: 'string' },
        'otlp-grpc': { type: 'string' },
        'data-dir': { type: 'string' },
        edge: { type: 'string' },
        control: { type: 'string' },
        duration: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(`ariadne demo: ${(err as Error).message}`);
  }
  const v = parsed.values;
  if (v.otlp !== undefined) {
    const problem = checkOtlpUrl(v.otlp);
    if (problem !== undefined) throw new UsageError(`ariadne demo: --otlp: ${problem}`);
  }
  if (v['data-dir'] === '') throw new UsageError('ariadne demo: --data-dir: must not be empty');
  const duration = durationMs('duration', v.duration);
  const config: DemoConfig = {
    rate: numberIn('rate', v.rate, 0, 10_000) ?? 5,
    ...(v.otlp !== undefined ? { otlp: v.otlp } : {}),
    http: hostPort('http', v.http, { host: '127.0.0.1', port: 16686 }),
    otlpHttp: hostPort('otlp-http', v['otlp-http'], { host: '127.0.0.1', port: 4318 }),
    otlpGrpc: hostPort('otlp-grpc', v['otlp-grpc'], { host: '127.0.0.1', port: 4317 }),
    dataDir: v['data-dir'] ?? './data',
    edge: hostPort('edge', v.edge, { host: '127.0.0.1', port: 8080 }),
    control: hostPort('control', v.control, DEFAULT_CONTROL),
  };
  return { config, help: v.help === true, ...(duration !== undefined ? { durationMs: duration } : {}) };
}

export function parseFaultArgs(argv: readonly string[]): { control: HostPort; command: FaultCommand; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        target: { type: 'string' },
        latency: { type: 'string' },
        'error-rate': { type: 'string' },
        duration: { type: 'string' },
        clear: { type: 'boolean' },
        control: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(`ariadne demo fault: ${(err as Error).message}`);
  }
  const v = parsed.values;
  const control = hostPort('control', v.control, DEFAULT_CONTROL);
  if (v.help === true) return { control, command: { kind: 'list' }, help: true };
  if (v.target !== undefined && !/^[a-z0-9-]+(#\d+)?$/i.test(v.target)) {
    throw new UsageError(`ariadne demo fault: --target: '${v.target}' is not NAME or NAME#N (targets: ${TARGETS})`);
  }
  if (v.clear === true) {
    for (const f of ['latency', 'error-rate', 'duration'] as const) {
      if (v[f] !== undefined) throw new UsageError(`ariadne demo fault: --${f}: cannot be combined with --clear`);
    }
    return { control, command: { kind: 'clear', ...(v.target !== undefined ? { target: v.target } : {}) }, help: false };
  }
  const latencyMs = durationMs('latency', v.latency);
  const errorRate = numberIn('error-rate', v['error-rate'], 0, 1);
  const duration = durationMs('duration', v.duration);
  if (v.target === undefined) {
    if (latencyMs !== undefined || errorRate !== undefined || duration !== undefined) {
      throw new UsageError('ariadne demo fault: --target: is required to inject a fault (e.g. --target inventory#2)');
    }
    return { control, command: { kind: 'list' }, help: false };
  }
  if ((latencyMs ?? 0) === 0 && (errorRate ?? 0) === 0) {
    throw new UsageError('ariadne demo fault: --latency: give --latency DUR and/or --error-rate P (or --clear)');
  }
  if (duration === 0) throw new UsageError('ariadne demo fault: --duration: must be more than 0');
  return {
    control,
    help: false,
    command: {
      kind: 'inject',
      target: v.target,
      spec: { latencyMs: latencyMs ?? 0, errorRate: errorRate ?? 0, ...(duration !== undefined ? { durationMs: duration } : {}) },
    },
  };
}

async function runFault(argv: readonly string[]): Promise<number> {
  const { control, command, help } = parseFaultArgs(argv);
  if (help) {
    process.stdout.write(DEMO_HELP);
    return 0;
  }
  let answer;
  try {
    answer = await sendFaultCommand(control, command);
  } catch (err) {
    process.stderr.write(`ariadne demo fault: ${(err as Error).message}\n`);
    return 1;
  }
  const text = JSON.stringify(answer.body, null, 2);
  if (answer.status !== 200) {
    process.stderr.write(`ariadne demo fault: the demo refused (${answer.status}): ${text}\n`);
    return 1;
  }
  process.stdout.write(`${text}\n`);
  return 0;
}

const STATS_EVERY_MS = 10_000;

export async function runDemo(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'fault') return runFault(argv.slice(1));
  const { config, durationMs: runFor, help } = parseDemoArgs(argv);
  if (help) {
    process.stdout.write(DEMO_HELP);
    return 0;
  }
  const log = (m: string): void => void process.stderr.write(`ariadne demo: ${m}\n`);
  const t0 = Date.now();
  const demo = await startDemo(config, (line) => process.stderr.write(`${line}\n`));
  return new Promise<number>((resolve) => {
    let last = { sent: 0, ok: 0, clientErrors: 0, serverErrors: 0, failed: 0 };
    const stats = setInterval(() => {
      const s = demo.load?.stats;
      if (s === undefined) return;
      log(
        `last ${STATS_EVERY_MS / 1000} s: ${s.sent - last.sent} requests, ${s.ok - last.ok} ok, ${s.clientErrors - last.clientErrors} 4xx, ` +
          `${s.serverErrors - last.serverErrors} 5xx, ${s.failed - last.failed} failed`,
      );
      last = { ...s };
    }, STATS_EVERY_MS);
    stats.unref();
    let stopping = false;
    const shutdown = (why: string): void => {
      if (stopping) return;
      stopping = true;
      clearInterval(stats);
      log(`${why}: stopping ${demo.processCount - 1} processes`);
      const force = setTimeout(() => process.exit(1), 15_000);
      force.unref();
      demo.stop().then(
        () => resolve(0),
        (err: unknown) => {
          log(`stop failed: ${(err as Error).message}`);
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    for (const [name, a] of demo.addresses) process.stdout.write(`ariadne: ${name} listening on ${formatHostPort(a)}\n`);
    const ui = demo.addresses.get('http');
    const edge = formatHostPort(demo.addresses.get('edge')!);
    log(`${demo.processCount} processes up in ${((Date.now() - t0) / 1000).toFixed(1)} s; load ${config.rate} req/s into http://${edge}/api/`);
    log(ui !== undefined ? `traces: UI and API at http://${formatHostPort(ui)} (e.g. /api/services)` : `traces go to ${demo.otlpUrl}`);
    log(`faults: ariadne demo fault --control ${formatHostPort(demo.addresses.get('control')!)} --target inventory#2 --latency 300ms --error-rate 0.2`);
    if (runFor !== undefined) setTimeout(() => shutdown(`ran for ${runFor} ms`), runFor).unref();
  });
}
