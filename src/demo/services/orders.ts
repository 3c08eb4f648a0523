/**
 * orders: checkout. Instrumented with the OpenTelemetry SDK as well as its sidecar: its
 * SDK spans sit between the sidecar's SERVER span and the egress CLIENT spans. Calls go
 * out as absolute-form targets, the way an HTTP_PROXY-configured client sends them.
 */
import { randomBytes } from 'node:crypto';
import { passOrBadGateway, type DemoRoute } from '../app-server.js';
import { shardName, shardOf } from '../topology.js';
import type { ServiceDeps } from './deps.js';

interface LineItem {
  id: string;
  qty: number;
}

function lineItems(x: unknown): LineItem[] | undefined {
  if (!Array.isArray(x) || x.length === 0 || x.length > 10) return undefined;
  const out: LineItem[] = [];
  for (const i of x) {
    const { id, qty } = (i ?? {}) as { id?: unknown; qty?: unknown };
    if (typeof id !== 'string' || typeof qty !== 'number' || !Number.isInteger(qty) || qty < 1) return undefined;
    out.push({ id, qty });
  }
  return out;
}

export function ordersRoutes({ egress }: ServiceDeps): DemoRoute[] {
  return [
    {
      method: 'POST',
      pattern: '/orders',
      handler: async (req, scope) => {
        const { user, items: rawItems } = (req.body ?? {}) as { user?: unknown; items?: unknown };
        const items = lineItems(rawItems);
        if (typeof user !== 'string' || items === undefined) return { status: 400, body: { error: 'need {user, items: [{id, qty}]}' } };
        scope.setAttribute('app.order.items', items.length);

        const reserved = await scope.step('reserve inventory', async (s) => {
          let total = 0;
          for (const item of items) {
            const r = await egress.call(s, 'inventory', 'POST', '/reserve', item, 'proxy');
            if (r.status !== 200) return passOrBadGateway(r.status, r.body, 'inventory');
            total += (r.body as { price: number }).price * item.qty;
          }
          return total;
        });
        if (typeof reserved !== 'number') return reserved;

        const charged = await scope.step('charge payment', async (s) => {
          const r = await egress.call(s, 'payments', 'POST', '/charge', { user, amount: reserved }, 'proxy');
          return r.status === 200 ? undefined : passOrBadGateway(r.status, r.body, 'payments');
        });
        if (charged !== undefined) return charged;

        const orderId = `ord-${randomBytes(5).toString('hex')}`;
        scope.setAttribute('app.order.id', orderId);
        const saved = await scope.step('persist order', async (s) => {
          const order = { id: orderId, user, items, amount: reserved };
          const r = await egress.call(s, shardName(shardOf(orderId)), 'PUT', `/kv/orders/${orderId}`, order, 'proxy');
          return r.status === 200 ? undefined : passOrBadGateway(r.status, r.body, 'order storage');
        });
        if (saved !== undefined) return saved;
        return { status: 201, body: { orderId, amount: reserved } };
      },
    },
    {
      method: 'GET',
      pattern: '/orders/:id',
      handler: async (req, scope) => {
        const id = req.params['id'] ?? '';
        const r = await egress.call(scope, shardName(shardOf(id)), 'GET', `/kv/orders/${encodeURIComponent(id)}`, undefined, 'proxy');
        return passOrBadGateway(r.status, r.body, 'order storage');
      },
    },
  ];
}
