/**
 * Traffic for the demo: an open-loop generator (requests leave on schedule whether or
 * not earlier ones have returned, as real users do) with a mix of routes like a shop's:
 * mostly browsing, some checkouts and order look-ups, a few logins and misses.
 */
import { Agent, request } from 'undici';
import { ITEM_COUNT, SEEDED_ORDERS, USERS, itemId, seededOrderId } from './topology.js';

export interface LoadRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly token?: string;
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const randomItem = (): string => itemId(Math.floor(Math.random() * ITEM_COUNT));

/** Weighted route mix; weights sum to 100. */
const MIX: readonly { weight: number; make: () => LoadRequest }[] = [
  { weight: 33, make: () => ({ method: 'GET', path: `/api/products?ids=${[randomItem(), randomItem(), randomItem()].join(',')}` }) },
  { weight: 28, make: () => ({ method: 'GET', path: `/api/products/${randomItem()}` }) },
  { weight: 2, make: () => ({ method: 'GET', path: `/api/products/sku-${900 + Math.floor(Math.random() * 99)}` }) },
  {
    weight: 17,
    make: () => ({
      method: 'POST',
      path: '/api/checkout',
      token: `tok-${pick(USERS)}`,
      body: { items: Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => ({ id: randomItem(), qty: 1 })) },
    }),
  },
  { weight: 15, make: () => ({ method: 'GET', path: `/api/orders/${seededOrderId(Math.floor(Math.random() * SEEDED_ORDERS))}`, token: `tok-${pick(USERS)}` }) },
  { weight: 5, make: () => ({ method: 'POST', path: '/api/login', body: { user: pick(USERS) } }) },
];

export function nextRequest(r = Math.random()): LoadRequest {
  let x = r * 100;
  for (const m of MIX) {
    if (x < m.weight) return m.make();
    x -= m.weight;
  }
  return MIX[0]!.make();
}

export interface LoadStats {
  sent: number;
  ok: number;
  clientErrors: number;
  serverErrors: number;
  failed: number;
}

export interface LoadGenerator {
  readonly stats: LoadStats;
  stop(): Promise<void>;
}

export function startLoad(edgeUrl: string, ratePerSec: number): LoadGenerator {
  const stats: LoadStats = { sent: 0, ok: 0, clientErrors: 0, serverErrors: 0, failed: 0 };
  const agent = new Agent({ connections: 32, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const inflight = new Set<Promise<void>>();
  let stopped = false;
  const t0 = performance.now();
  let due = 0;

  const fire = (): void => {
    const r = nextRequest();
    stats.sent++;
    const body = r.body === undefined ? undefined : JSON.stringify(r.body);
    const p = request(`${edgeUrl}${r.path}`, {
      method: r.method,
      dispatcher: agent,
      headers: {
        'user-agent': 'ariadne-demo-load/1',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(r.token !== undefined ? { authorization: `Bearer ${r.token}` } : {}),
      },
      ...(body !== undefined ? { body } : {}),
    }).then(
      async (res) => {
        await res.body.dump();
        if (res.statusCode >= 500) stats.serverErrors++;
        else if (res.statusCode >= 400) stats.clientErrors++;
        else stats.ok++;
      },
      () => void stats.failed++,
    );
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };

  // A tick every 20 ms sends whatever is due by now: the schedule, not the replies, sets the pace.
  const interval = 1000 / ratePerSec;
  const timer = setInterval(() => {
    const now = performance.now() - t0;
    while (!stopped && due * interval <= now) {
      fire();
      due++;
    }
  }, Math.max(5, Math.min(20, interval)));

  return {
    stats,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, 2000))]);
      await agent.destroy();
    },
  };
}
