/**
 * inventory: items and stock, kept in the db shards (the shard chosen by item id).
 * Uninstrumented: its spans come from its sidecar only. Calls go out as `Host: NAME`.
 */
import type { DemoResponse, DemoRoute } from '../app-server.js';
import type { TraceScope } from '../trace-scope.js';
import { shardName, shardOf } from '../topology.js';
import type { ServiceDeps } from './deps.js';

interface Item {
  id: string;
  name: string;
  price: number;
  stock: number;
}

export function inventoryRoutes({ egress }: ServiceDeps): DemoRoute[] {
  const getItem = async (scope: TraceScope, id: string): Promise<{ status: number; item?: Item; body?: unknown }> => {
    const r = await egress.call(scope, shardName(shardOf(id)), 'GET', `/kv/items/${encodeURIComponent(id)}`);
    return r.status === 200 ? { status: 200, item: r.body as Item } : { status: r.status, body: r.body };
  };
  // A failing shard makes inventory unavailable, not "bad gateway": it is our own storage.
  const unavailable = (status: number, body: unknown): DemoResponse => ({ status: 503, body: { error: `item storage answered ${status}`, cause: body } });

  return [
    {
      method: 'GET',
      pattern: '/items/:id',
      handler: async (req, scope) => {
        const r = await getItem(scope, req.params['id'] ?? '');
        if (r.status === 404) return { status: 404, body: { error: 'no such item' } };
        return r.item !== undefined ? { status: 200, body: r.item } : unavailable(r.status, r.body);
      },
    },
    {
      method: 'GET',
      pattern: '/items',
      handler: async (req, scope) => {
        const ids = (req.query.get('ids') ?? '').split(',').filter((s) => s !== '').slice(0, 20);
        const found = await Promise.all(ids.map((id) => getItem(scope, id)));
        const failed = found.find((r) => r.status >= 500 || r.status === 0);
        if (failed !== undefined) return unavailable(failed.status, failed.body);
        return { status: 200, body: found.flatMap((r) => (r.item !== undefined ? [r.item] : [])) };
      },
    },
    {
      method: 'POST',
      pattern: '/reserve',
      handler: async (req, scope) => {
        const { id, qty } = (req.body ?? {}) as { id?: unknown; qty?: unknown };
        if (typeof id !== 'string' || typeof qty !== 'number' || !(qty > 0)) return { status: 400, body: { error: 'need {id, qty}' } };
        const r = await getItem(scope, id);
        if (r.status === 404) return { status: 404, body: { error: `no such item ${id}` } };
        if (r.item === undefined) return unavailable(r.status, r.body);
        if (r.item.stock < qty) return { status: 409, body: { error: `only ${r.item.stock} of ${id} left` } };
        const updated = { ...r.item, stock: r.item.stock - qty };
        const w = await egress.call(scope, shardName(shardOf(id)), 'PUT', `/kv/items/${encodeURIComponent(id)}`, updated);
        if (w.status !== 200) return unavailable(w.status, w.body);
        return { status: 200, body: { id, reserved: qty, price: r.item.price } };
      },
    },
  ];
}
