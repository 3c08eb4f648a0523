/**
 * The demo's control endpoint (`--control`, default 127.0.0.1:16687), which
 * `ariadne demo fault` talks to:
 *   GET    /faults                  faults in force
 *   POST   /faults                  {"target","latencyMs","errorRate","durationMs"?}
 *   DELETE /faults[?target=NAME]    clear one target's faults, or all
 *   GET    /topology                services, instances and their addresses
 */
import http from 'node:http';
import { validateFaultSpec, type FaultSpec } from './fault.js';
import { UnknownTargetError, type FaultRegistry } from './fault-registry.js';

const MAX_BODY = 64 * 1024;

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      text += c;
      if (text.length > MAX_BODY) req.destroy(new Error('body too large'));
    });
    req.on('error', reject);
    req.on('end', () => {
      try {
        resolve(text === '' ? undefined : JSON.parse(text));
      } catch {
        reject(new SyntaxError('body is not JSON'));
      }
    });
  });
}

export function createControlServer(faults: FaultRegistry, topology: () => unknown): http.Server {
  return http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://control');
      try {
        if (url.pathname === '/topology' && req.method === 'GET') return send(res, 200, topology());
        if (url.pathname !== '/faults') return send(res, 404, { error: 'try /faults or /topology' });
        switch (req.method) {
          case 'GET':
            return send(res, 200, { faults: faults.active() });
          case 'POST': {
            const body = (await readJson(req)) as Record<string, unknown> | undefined;
            const target = body?.['target'];
            if (typeof target !== 'string' || target === '') return send(res, 400, { error: 'target is required (e.g. inventory#2)' });
            const problems = validateFaultSpec(body);
            if (problems.length > 0) return send(res, 400, { error: problems.join('; ') });
            const spec: FaultSpec = {
              latencyMs: body!['latencyMs'] as number,
              errorRate: body!['errorRate'] as number,
              ...(body!['durationMs'] !== undefined ? { durationMs: body!['durationMs'] as number } : {}),
            };
            return send(res, 200, { applied: faults.inject(target, spec), fault: spec });
          }
          case 'DELETE': {
            const target = url.searchParams.get('target');
            return send(res, 200, { cleared: faults.clear(target ?? undefined) });
          }
          default:
            return send(res, 405, { error: `${req.method} not allowed on /faults` });
        }
      } catch (err) {
        if (err instanceof UnknownTargetError) return send(res, 404, { error: err.message, targets: err.known });
        if (err instanceof SyntaxError) return send(res, 400, { error: err.message });
        return send(res, 500, { error: (err as Error).message });
      }
    })();
  });
}
