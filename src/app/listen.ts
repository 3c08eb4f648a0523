import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatHostPort, type HostPort } from '../config/host-port.js';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;

/** An HTTP server that tries each handler in turn, answering 404 when none takes the request. */
export function createHttpServer(handlers: readonly Handler[]): http.Server {
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        for (const h of handlers) if (await h(req, res)) return;
        const body = JSON.stringify({ error: `no route for ${req.method} ${req.url}` });
        res.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      } catch (err) {
        if (!res.headersSent) {
          const body = JSON.stringify({ error: `internal error: ${(err as Error)?.message ?? String(err)}` });
          res.writeHead(500, { 'content-type': 'application/json' }).end(body);
        } else res.destroy();
      }
    })();
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

export function listen(server: http.Server, at: HostPort): Promise<HostPort> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      const a = server.address() as AddressInfo;
      resolve({ host: a.address, port: a.port });
    });
  });
}

/**
 * Stops accepting, lets requests in flight finish, and after graceMs cuts whatever
 * keep-alive connection is still open.
 */
export function closeHttp(server: http.Server, graceMs = 3000): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    force.unref();
    idle.unref();
    server.close(() => {
      clearTimeout(force);
      clearInterval(idle);
      resolve();
    });
    server.closeIdleConnections();
  });
}

export { formatHostPort };
