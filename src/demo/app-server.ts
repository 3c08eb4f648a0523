/**
 * The small HTTP framework every demo service runs on: JSON in and out, routes with
 * `:param` segments, the injected fault applied before any handler, and a TraceScope
 * per request (header forwarding, or SDK spans when the service has the SDK).
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import { activate, inForce, type ActiveFault, type FaultSpec } from './fault.js';
import { startServerScope, type SdkTracing } from './sdk-tracing.js';
import { headerForwardingScope, type TraceScope } from './trace-scope.js';

export interface DemoRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface DemoResponse {
  readonly status: number;
  readonly body?: unknown;
}

export type DemoHandler = (req: DemoRequest, scope: TraceScope) => Promise<DemoResponse>;

export interface DemoRoute {
  readonly method: string;
  /** `/items/:id` */
  readonly pattern: string;
  readonly handler: DemoHandler;
}

interface CompiledRoute extends DemoRoute {
  readonly segments: readonly string[];
}

const MAX_BODY_BYTES = 1 << 20;

function match(route: CompiledRoute, method: string, segments: readonly string[]): Record<string, string> | undefined {
  if (route.method !== method || route.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const want = route.segments[i]!;
    const got = segments[i]!;
    if (want.startsWith(':')) params[want.slice(1)] = decodeURIComponent(got);
    else if (want !== got) return undefined;
  }
  return params;
}

function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(text);
      }
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface DemoApp {
  readonly server: http.Server;
  setFault(spec: FaultSpec | undefined): void;
  fault(): ActiveFault | undefined;
}

export function createDemoApp(routes: readonly DemoRoute[], sdk: SdkTracing | undefined): DemoApp {
  const compiled: CompiledRoute[] = routes.map((r) => ({ ...r, segments: r.pattern.split('/').filter((s) => s !== '') }));
  let fault: ActiveFault | undefined;

  const server = http.createServer((req, res) => {
    void (async () => {
      const method = req.method ?? 'GET';
      const url = new URL(req.url ?? '/', 'http://demo');
      const segments = url.pathname.split('/').filter((s) => s !== '');
      let found: { route: CompiledRoute; params: Record<string, string> } | undefined;
      for (const route of compiled) {
        const params = match(route, method, segments);
        if (params !== undefined) {
          found = { route, params };
          break;
        }
      }
      const name = `${method} ${found?.route.pattern ?? url.pathname}`;
      const server = sdk !== undefined
        ? startServerScope(sdk, name, req.headers, {
            'http.request.method': method,
            'url.path': url.pathname,
            ...(found !== undefined ? { 'http.route': found.route.pattern } : {}),
          })
        : undefined;
      const scope = server?.scope ?? headerForwardingScope(req.headers);
      let response: DemoResponse;
      try {
        const body = await readBody(req);
        const active = inForce(fault, Date.now());
        if (active !== undefined && active.latencyMs > 0) await sleep(active.latencyMs);
        if (active !== undefined && Math.random() < active.errorRate) {
          scope.setAttribute('demo.fault.injected', true);
          response = { status: 500, body: { error: 'injected fault' } };
        } else if (found === undefined) {
          response = { status: 404, body: { error: `no route for ${method} ${url.pathname}` } };
        } else {
          response = await found.route.handler({ method, path: url.pathname, params: found.params, query: url.searchParams, headers: req.headers, body }, scope);
        }
      } catch (err) {
        scope.fail((err as Error).message);
        response = { status: 500, body: { error: (err as Error).message } };
      }
      server?.end(response.status);
      if (res.destroyed) return;
      const text = response.body === undefined ? '' : JSON.stringify(response.body);
      res.writeHead(response.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    })();
  });
  server.keepAliveTimeout = 65_000;
  return {
    server,
    setFault(spec) {
      fault = spec === undefined ? undefined : activate(spec, Date.now());
    },
    fault: () => inForce(fault, Date.now()),
  };
}

/** A downstream answer as this service's answer: client errors pass, failures become 502. */
export function passOrBadGateway(status: number, body: unknown, what: string): DemoResponse {
  if (status >= 500 || status === 0) return { status: 502, body: { error: `${what} failed with ${status}`, cause: body } };
  return { status, body };
}

/** Simulated work of a few milliseconds. */
export function work(minMs: number, maxMs: number): Promise<void> {
  return sleep(minMs + Math.random() * (maxMs - minMs));
}
