/**
 * Entry point of one demo service process (spawned by the orchestrator):
 *   node dist/demo/service-main.js --role inventory --service inventory --instance 2
 *        --listen 127.0.0.1:0 [--shard 0] [--otlp URL]
 * Prints `ariadne: app listening on HOST:PORT`, then takes messages on stdin.
 */
import { parseArgs } from 'node:util';
import { formatHostPort, parseHostPort } from '../config/host-port.js';
import { listen } from '../app/listen.js';
import { createDemoApp, type DemoRoute } from './app-server.js';
import { readAppControl } from './app-control.js';
import { EgressClient } from './egress-client.js';
import { createSdkTracing, type SdkTracing } from './sdk-tracing.js';
import { authRoutes } from './services/auth.js';
import { dbShardRoutes } from './services/db-shard.js';
import type { ServiceDeps } from './services/deps.js';
import { frontendRoutes } from './services/frontend.js';
import { inventoryRoutes } from './services/inventory.js';
import { ordersRoutes } from './services/orders.js';
import { paymentsRoutes } from './services/payments.js';
import { instanceName, type Role } from './topology.js';

const ROUTES: Readonly<Record<Role, (deps: ServiceDeps) => DemoRoute[]>> = {
  frontend: frontendRoutes,
  auth: authRoutes,
  orders: ordersRoutes,
  inventory: inventoryRoutes,
  payments: paymentsRoutes,
  'db-shard': dbShardRoutes,
};

function fail(message: string): never {
  process.stderr.write(`demo service: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values: v } = parseArgs({
    options: {
      role: { type: 'string' },
      service: { type: 'string' },
      instance: { type: 'string', default: '1' },
      shard: { type: 'string', default: '0' },
      listen: { type: 'string', default: '127.0.0.1:0' },
      otlp: { type: 'string' },
    },
    strict: true,
  });
  const role = v.role as Role | undefined;
  if (role === undefined || !(role in ROUTES)) fail(`--role must be one of ${Object.keys(ROUTES).join(', ')}`);
  const service = v.service ?? role;
  const instance = Number(v.instance);
  const at = parseHostPort(v.listen ?? '127.0.0.1:0');
  if (typeof at === 'string') fail(`--listen: ${at}`);

  const egress = new EgressClient();
  const sdk: SdkTracing | undefined = v.otlp !== undefined && v.otlp !== '' ? createSdkTracing(service, instanceName(service, instance), v.otlp) : undefined;
  const app = createDemoApp(ROUTES[role]({ egress, shard: Number(v.shard), instance }), sdk);
  sdk?.observeServer?.(app.server);
  const address = await listen(app.server, at);
  process.stdout.write(`ariadne: app listening on ${formatHostPort(address)}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    app.server.close();
    app.server.closeAllConnections();
    egress.close();
    const done = sdk !== undefined ? sdk.shutdown() : Promise.resolve();
    const force = setTimeout(() => process.exit(0), 2000);
    force.unref();
    void done.finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  readAppControl(process.stdin, {
    egress: (a) => egress.setAddress(a),
    fault: (f) => app.setFault(f),
    closed: stop,
    invalid: (p) => process.stderr.write(`demo service ${instanceName(service, instance)}: ignored message: ${p}\n`),
  });
}

void main();
