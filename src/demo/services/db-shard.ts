/**
 * A db shard instance: a key-value store in memory, over HTTP, SDK-instrumented. The
 * two replicas of a shard are seeded alike; writes land on whichever replica the
 * caller's sidecar picked, as in a store with asynchronous replication nobody waited for.
 */
import { work, type DemoRoute } from '../app-server.js';
import { ITEM_COUNT, SEEDED_ORDERS, USERS, itemId, seededOrderId, shardOf } from '../topology.js';
import type { ServiceDeps } from './deps.js';

const MAX_KEYS_PER_TABLE = 10_000;

export function seedShard(shard: number): Map<string, Map<string, unknown>> {
  const tables = new Map<string, Map<string, unknown>>([
    ['items', new Map()],
    ['orders', new Map()],
  ]);
  for (let i = 0; i < ITEM_COUNT; i++) {
    const id = itemId(i);
    if (shardOf(id) === shard) tables.get('items')!.set(id, { id, name: `Item ${i + 1}`, price: 5 + ((i * 37) % 95), stock: 1_000_000_000 });
  }
  for (let i = 0; i < SEEDED_ORDERS; i++) {
    const id = seededOrderId(i);
    if (shardOf(id) === shard) {
      tables.get('orders')!.set(id, { id, user: USERS[i % USERS.length], items: [{ id: itemId(i % ITEM_COUNT), qty: 1 }], amount: 10 });
    }
  }
  return tables;
}

export function dbShardRoutes({ shard }: ServiceDeps): DemoRoute[] {
  const tables = seedShard(shard);
  const table = (name: string | undefined): Map<string, unknown> | undefined => (name === undefined ? undefined : tables.get(name));
  return [
    {
      method: 'GET',
      pattern: '/kv/:table/:key',
      handler: async (req, scope) => {
        scope.setAttribute('db.operation.name', 'GET');
        scope.setAttribute('db.collection.name', req.params['table'] ?? '');
        await work(0.2, 1.5);
        const t = table(req.params['table']);
        if (t === undefined) return { status: 404, body: { error: 'no such table' } };
        const v = t.get(req.params['key'] ?? '');
        return v === undefined ? { status: 404, body: { error: 'no such key' } } : { status: 200, body: v };
      },
    },
    {
      method: 'PUT',
      pattern: '/kv/:table/:key',
      handler: async (req, scope) => {
        scope.setAttribute('db.operation.name', 'PUT');
        scope.setAttribute('db.collection.name', req.params['table'] ?? '');
        await work(0.5, 2.5);
        const t = table(req.params['table']);
        if (t === undefined) return { status: 404, body: { error: 'no such table' } };
        const key = req.params['key'] ?? '';
        // Bounded: the demo runs for hours without growing.
        if (!t.has(key) && t.size >= MAX_KEYS_PER_TABLE) t.delete(t.keys().next().value as string);
        t.set(key, req.body);
        return { status: 200, body: { ok: true } };
      },
    },
  ];
}
