/**
 * The demo system, as data: which services exist, how many instances each runs, what
 * each calls, and the egress timeouts that make a slow dependency fail fast upstream.
 *
 *   load ─▶ edge ─▶ frontend ─┬─▶ auth
 *                             ├─▶ orders ─┬─▶ inventory (x2) ─▶ db-shard-1..3 (x2 each)
 *                             │           ├─▶ payments
 *                             │           └─▶ db-shard-1..3
 *                             └─▶ inventory (x2)
 *
 * Every service has a sidecar; the db shards are instrumented with the OpenTelemetry
 * SDK instead (a sidecar each would double the process count for no new lesson),
 * and so are orders and payments, whose SDK spans nest between sidecar spans.
 * Timeouts shrink downstream (frontend 1 s > orders 250 ms > inventory 200 ms), so a
 * 300 ms fault on a shard or an inventory instance becomes 504s one level up and
 * errors all the way to the edge.
 */

export const SHARD_COUNT = 3;
export const SHARD_REPLICAS = 2;
export const INVENTORY_INSTANCES = 2;

export type Role = 'frontend' | 'auth' | 'orders' | 'inventory' | 'payments' | 'db-shard';

export interface ServiceSpec {
  /** service.name */
  readonly name: string;
  readonly role: Role;
  readonly instances: number;
  /** Behind a sidecar (else its calls come in directly). */
  readonly sidecar: boolean;
  /** Instrumented with the OpenTelemetry JS SDK as well. */
  readonly sdk: boolean;
  /** Services it calls through its egress. */
  readonly calls: readonly string[];
  /** Its sidecar's egress headers timeout. */
  readonly egressTimeout?: string;
}

export function shardName(i: number): string {
  return `db-shard-${i + 1}`;
}

const SHARDS = Array.from({ length: SHARD_COUNT }, (_, i) => shardName(i));

export const SERVICES: readonly ServiceSpec[] = [
  ...SHARDS.map((name): ServiceSpec => ({ name, role: 'db-shard', instances: SHARD_REPLICAS, sidecar: false, sdk: true, calls: [] })),
  { name: 'inventory', role: 'inventory', instances: INVENTORY_INSTANCES, sidecar: true, sdk: false, calls: SHARDS, egressTimeout: '200ms' },
  { name: 'payments', role: 'payments', instances: 1, sidecar: true, sdk: true, calls: [] },
  { name: 'auth', role: 'auth', instances: 1, sidecar: true, sdk: false, calls: [] },
  { name: 'orders', role: 'orders', instances: 1, sidecar: true, sdk: true, calls: ['inventory', 'payments', ...SHARDS], egressTimeout: '250ms' },
  { name: 'frontend', role: 'frontend', instances: 1, sidecar: true, sdk: false, calls: ['auth', 'orders', 'inventory'], egressTimeout: '1s' },
];

/** The edge forwards /api/ to the frontend; its own timeout is the longest. */
export const EDGE_ROUTE_PREFIX = '/api/';
export const EDGE_TIMEOUT = '3s';

/** `inventory#2`: service and 1-based instance. */
export function instanceName(service: string, instance: number): string {
  return `${service}#${instance}`;
}

/** Which shard holds a key: a stable hash, so every caller agrees. */
export function shardOf(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % SHARD_COUNT;
}

export const ITEM_COUNT = 50;
export const SEEDED_ORDERS = 100;
export const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];

export function itemId(i: number): string {
  return `sku-${i + 1}`;
}

export function seededOrderId(i: number): string {
  return `ord-${1000 + i}`;
}
