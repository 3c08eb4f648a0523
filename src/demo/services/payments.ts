/** payments: a card authorization that takes a while. SDK-instrumented; no dependencies. */
import { randomBytes } from 'node:crypto';
import { work, type DemoRoute } from '../app-server.js';

/** Share of charges the "card network" declines (402): ordinary business errors. */
const DECLINE_RATE = 0.02;

export function paymentsRoutes(): DemoRoute[] {
  return [
    {
      method: 'POST',
      pattern: '/charge',
      handler: async (req, scope) => {
        const { amount } = (req.body ?? {}) as { amount?: unknown };
        if (typeof amount !== 'number' || !(amount > 0)) return { status: 400, body: { error: 'need {amount}' } };
        await scope.step('fraud check', () => work(1, 4));
        const declined = await scope.step('authorize card', async (s) => {
          await work(8, 25);
          const d = Math.random() < DECLINE_RATE;
          s.setAttribute('app.payment.declined', d);
          return d;
        });
        if (declined) return { status: 402, body: { error: 'card declined' } };
        return { status: 200, body: { paymentId: `pay-${randomBytes(5).toString('hex')}`, amount } };
      },
    },
  ];
}
