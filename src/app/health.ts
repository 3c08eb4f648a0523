import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AriadneMetrics } from '../telemetry/metrics.js';

/** /metrics (Prometheus text), /healthz (alive), /readyz (serving, not shutting down). */
export function createHealthHandler(metrics: AriadneMetrics, isReady: () => boolean) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      const { contentType, body } = await metrics.render();
      res.writeHead(200, { 'content-type': contentType }).end(body);
      return true;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return true;
    }
    if (path === '/readyz') {
      const ready = isReady();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ready\n' : 'not ready\n');
      return true;
    }
    return false;
  };
}
