/** Real sockets for mesh tests: a tiny app that records what it receives, a fake collector, an HTTP client that can set Host. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeTraceRequestProto } from '../../src/otlp/decode-proto.js';
import { LOGS_REQUEST, METRICS_REQUEST, otlpType } from '../../src/otlp/proto-root.js';
import type { Span } from '../../src/model/index.js';
import type { HostPort } from '../../src/config/host-port.js';
import { DEFAULT_EDGE, DEFAULT_SIDECAR, type EdgeConfig, type SidecarConfig } from '../../src/mesh/index.js';

export async function listenOn(server: http.Server): Promise<HostPort> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address() as AddressInfo;
  return { host: '127.0.0.1', port: a.port };
}

export function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  /** As sent on the wire, for duplicate and case checks. */
  readonly rawHeaders: string[];
  readonly bodyBytes: number;
}

export interface TestApp {
  readonly server: http.Server;
  readonly address: HostPort;
  readonly received: Received[];
  close(): Promise<void>;
}

/**
 * An app that records each request and answers with `handler`, or 200 "ok". The request
 * body is counted, never kept.
 */
export async function startApp(
  handler?: (req: http.IncomingMessage, res: http.ServerResponse, received: Received) => unknown,
): Promise<TestApp> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, bodyBytes: bytes };
      received.push(r);
      if (handler !== undefined) void handler(req, res, r);
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  const address = await listenOn(server);
  return { server, address, received, close: () => close(server) };
}

export interface Collector {
  /** The traces URL; logs and metrics go to its /v1/logs and /v1/metrics siblings. */
  readonly url: string;
  readonly spans: Span[];
  /** Trace requests received. */
  requests: number;
  /** ExportLogsServiceRequest / ExportMetricsServiceRequest messages as protobufjs decodes them (the oracle). */
  readonly logRequests: OtlpObject[];
  readonly metricRequests: OtlpObject[];
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OtlpObject = Record<string, any>;

/** protobufjs' plain form: 64-bit numbers as decimal strings, bytes as hex, enums as numbers. */
function decodeWithSchema(typeName: string, body: Buffer): OtlpObject {
  const type = otlpType(typeName);
  const obj = type.toObject(type.decode(body), { longs: String, enums: Number, bytes: Array, arrays: true });
  return JSON.parse(JSON.stringify(obj, (_k, v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'number') && _k.match(/Id$/) ? Buffer.from(v as number[]).toString('hex') : v)));
}

/**
 * An OTLP/HTTP receiver that decodes what it gets: traces with Ariadne's decoder, logs
 * and metrics with protobufjs over the .proto files, so a test can check every field a
 * hand-written writer produced.
 */
export async function startCollector(): Promise<Collector> {
  const c: Collector = { url: '', spans: [], requests: 0, logRequests: [], metricRequests: [], close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        if (req.url === '/v1/logs') c.logRequests.push(decodeWithSchema(LOGS_REQUEST, body));
        else if (req.url === '/v1/metrics') c.metricRequests.push(decodeWithSchema(METRICS_REQUEST, body));
        else {
          c.requests++;
          c.spans.push(...decodeTraceRequestProto(body));
        }
      } catch (err) {
        res.writeHead(400).end(String(err));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  const a = await listenOn(server);
  return Object.assign(c, { url: `http://127.0.0.1:${a.port}/v1/traces`, close: () => close(server) });
}

export interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A request with full control of the headers (fetch would not let us set Host or repeat fields). */
export function send(
  at: HostPort,
  opts: { method?: string; path?: string; headers?: http.OutgoingHttpHeaders | [string, string][]; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: at.host,
        port: at.port,
        method: opts.method ?? 'GET',
        path: opts.path ?? '/',
        headers: (opts.headers ?? {}) as http.OutgoingHttpHeaders,
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const loopback = (port = 0): HostPort => ({ host: '127.0.0.1', port });

export function edgeConfig(upstream: HostPort, collectorUrl: string, extra: Partial<EdgeConfig> = {}): EdgeConfig {
  return {
    ...DEFAULT_EDGE,
    listen: loopback(),
    admin: loopback(),
    routes: [{ prefix: '/', endpoints: [upstream] }],
    export: { ...DEFAULT_EDGE.export, endpoint: collectorUrl, flushIntervalMs: 50 },
    ...extra,
  };
}

export function sidecarConfig(service: string, app: HostPort, collectorUrl: string, extra: Partial<SidecarConfig> = {}): SidecarConfig {
  return {
    ...DEFAULT_SIDECAR,
    service,
    app,
    listen: loopback(),
    egress: loopback(),
    admin: loopback(),
    export: { ...DEFAULT_SIDECAR.export, endpoint: collectorUrl, flushIntervalMs: 50 },
    ...extra,
  };
}

export function hexOf(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

export function attr(s: Span, key: string): string | undefined {
  const v = s.attributes.find((a) => a.key === key)?.value;
  if (v === undefined) return undefined;
  return v.type === 'int' ? v.value.toString() : String((v as { value: unknown }).value);
}

export async function waitFor<T>(f: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function metricsText(admin: HostPort): Promise<string> {
  return (await send(admin, { path: '/metrics' })).body;
}

/** The value of one series in Prometheus text, or 0 when absent. */
export function metricValue(text: string, series: string): number {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return 0;
}
