/** auth: tokens for the demo's users; no dependencies. Uninstrumented. */
import { work, type DemoRoute } from '../app-server.js';
import { USERS } from '../topology.js';

export function authRoutes(): DemoRoute[] {
  return [
    {
      method: 'POST',
      pattern: '/login',
      handler: async (req) => {
        const user = (req.body as { user?: unknown } | undefined)?.user;
        await work(2, 6); // password hashing, in spirit
        if (typeof user !== 'string' || !USERS.includes(user)) return { status: 401, body: { error: 'unknown user' } };
        return { status: 200, body: { token: `tok-${user}` } };
      },
    },
    {
      method: 'POST',
      pattern: '/verify',
      handler: async (req) => {
        const token = (req.body as { token?: unknown } | undefined)?.token;
        await work(0.5, 2);
        const user = typeof token === 'string' && token.startsWith('tok-') ? token.slice(4) : '';
        if (!USERS.includes(user)) return { status: 401, body: { error: 'invalid token' } };
        return { status: 200, body: { user } };
      },
    },
  ];
}
