/**
 * How a demo service calls another: through its sidecar's egress, never directly.
 * Two styles, as real apps do it: `Host: NAME` to the egress address, or an
 * absolute-form target `http://NAME/path` as an HTTP_PROXY-configured client sends it.
 */
import http from 'node:http';
import type { HostPort } from '../config/host-port.js';
import type { TraceScope } from './trace-scope.js';

export type CallStyle = 'host' | 'proxy';

export interface CallResult {
  readonly status: number;
  readonly body: unknown;
}

/** A call that could not get any answer (no egress yet, socket error). */
export class CallFailedError extends Error {
  readonly code = 'ERR_DEMO_CALL_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CallFailedError';
  }
}

const CLIENT_TIMEOUT_MS = 10_000;

export class EgressClient {
  private address: HostPort | undefined;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  setAddress(address: HostPort): void {
    this.address = address;
  }

  get ready(): boolean {
    return this.address !== undefined;
  }

  call(scope: TraceScope, service: string, method: string, path: string, body?: unknown, style: CallStyle = 'host'): Promise<CallResult> {
    const egress = this.address;
    if (egress === undefined) return Promise.reject(new CallFailedError('no egress address yet'));
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = { ...scope.traceHeaders(), host: service, accept: 'application/json' };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: egress.host,
          port: egress.port,
          method,
          path: style === 'proxy' ? `http://${service}${path}` : path,
          headers,
          agent: this.agent,
          timeout: CLIENT_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => reject(new CallFailedError(`${service}: ${e.message}`, { cause: e })));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text === '' ? undefined : JSON.parse(text);
            } catch {
              // Proxy errors are plain text; keep them as the body.
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${CLIENT_TIMEOUT_MS} ms`)));
      req.on('error', (e) => reject(new CallFailedError(`${service}: ${e.message}`, { cause: e })));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
