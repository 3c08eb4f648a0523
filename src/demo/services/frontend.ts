/** frontend: the API the edge exposes; fans out to auth, inventory and orders. Uninstrumented. */
import { passOrBadGateway, type DemoRequest, type DemoResponse, type DemoRoute } from '../app-server.js';
import type { TraceScope } from '../trace-scope.js';
import type { ServiceDeps } from './deps.js';

export function frontendRoutes({ egress }: ServiceDeps): DemoRoute[] {
  const verify = async (req: DemoRequest, scope: TraceScope): Promise<DemoResponse | { user: string }> => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const r = await egress.call(scope, 'auth', 'POST', '/verify', { token });
    if (r.status === 200) return { user: String((r.body as { user?: unknown }).user) };
    return passOrBadGateway(r.status, r.body, 'auth');
  };

  return [
    {
      method: 'GET',
      pattern: '/api/products',
      handler: async (req, scope) => {
        const ids = req.query.get('ids') ?? 'sku-1,sku-2,sku-3,sku-4';
        const r = await egress.call(scope, 'inventory', 'GET', `/items?ids=${encodeURIComponent(ids)}`);
        return passOrBadGateway(r.status, r.body, 'inventory');
      },
    },
    {
      method: 'GET',
      pattern: '/api/products/:id',
      handler: async (req, scope) => {
        const r = await egress.call(scope, 'inventory', 'GET', `/items/${encodeURIComponent(req.params['id'] ?? '')}`);
        return passOrBadGateway(r.status, r.body, 'inventory');
      },
    },
    {
      method: 'POST',
      pattern: '/api/login',
      handler: async (req, scope) => {
        const r = await egress.call(scope, 'auth', 'POST', '/login', req.body);
        return passOrBadGateway(r.status, r.body, 'auth');
      },
    },
    {
      method: 'POST',
      pattern: '/api/checkout',
      handler: async (req, scope) => {
        const who = await verify(req, scope);
        if ('status' in who) return who;
        const items = (req.body as { items?: unknown } | undefined)?.items;
        const r = await egress.call(scope, 'orders', 'POST', '/orders', { user: who.user, items });
        return passOrBadGateway(r.status, r.body, 'orders');
      },
    },
    {
      method: 'GET',
      pattern: '/api/orders/:id',
      handler: async (req, scope) => {
        const who = await verify(req, scope);
        if ('status' in who) return who;
        const r = await egress.call(scope, 'orders', 'GET', `/orders/${encodeURIComponent(req.params['id'] ?? '')}`);
        return passOrBadGateway(r.status, r.body, 'orders');
      },
    },
  ];
}
