/**
 * The upstream side of one proxied exchange (forward.ts on node's HTTP client): what
 * comes back is what the upstream sent, a stalled body is cut at the body timeout, a
 * client that goes away takes the upstream call with it, a kept-alive socket the
 * upstream closed is retried once, and the pool stays within max_connections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import type { HostPort } from '../../src/config/host-port.js';
import { SpanKind, StatusCode, type Span } from '../../src/model/index.js';
import { startSidecar, type RunningProxy } from '../../src/mesh/index.js';
import { attr, close, listenOn, metricsText, metricValue, sidecarConfig, startApp, startCollector, waitFor, type Collector, type TestApp } from './helpers.js';

const at = (p: RunningProxy, name: string): HostPort => p.listeners.find((l) => l.name === name)!.address;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Answers the first request on each connection and closes the connection, without a word, at the second. */
async function startForgetfulApp(): Promise<{ address: HostPort; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    let seen = '';
    let requests = 0;
    socket.on('data', (d: Buffer) => {
      seen += d.toString('latin1');
      for (let end = seen.indexOf('\r\n\r\n'); end >= 0; end = seen.indexOf('\r\n\r\n')) {
        seen = seen.slice(end + 4);
        if (++requests === 1) socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
        else socket.destroy();
      }
    });
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    address: { host: '127.0.0.1', port },
    connections: () => connections,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

interface RawAnswer {
  readonly status: number;
  readonly rawHeaders: string[];
  readonly body: string;
  /** The response ended with all of its body. */
  readonly complete: boolean;
}

function get(to: HostPort, path: string, host: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    http
      .get({ ...to, path, headers: { host }, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        const done = (): void => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body, complete: res.complete });
        res.on('end', done);
        res.on('error', done);
      })
      .on('error', reject);
  });
}

let collector: Collector;
let app: TestApp;
let stall: http.Server;
let hang: http.Server;
let forgetful: Awaited<ReturnType<typeof startForgetfulApp>>;
let sidecar: RunningProxy;
let egress: HostPort;
let hangingRequestClosed: () => void = () => {};
let appSockets = new Set<number>();

beforeAll(async () => {
  collector = await startCollector();
  app = await startApp((req, res) => {
    appSockets.add(req.socket.remotePort!);
    if (req.url === '/repeated') {
      return void res.writeHead(200, ['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'X-Multi', '1', 'X-Multi', '2', 'Content-Type', 'text/plain']).end('ok');
    }
    setTimeout(() => res.writeHead(200).end('slow ok'), 100);
  });
  // Headers and a first chunk, then nothing.
  stall = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first\n');
  });
  // Never answers; tells when the proxy gives up the call.
  hang = http.createServer((req) => req.socket.once('close', () => hangingRequestClosed()));
  forgetful = await startForgetfulApp();
  sidecar = await startSidecar(
    sidecarConfig('fwd', app.address, collector.url, {
      upstreams: [
        { name: 'app', endpoint: app.address },
        { name: 'stall', endpoint: await listenOn(stall) },
        { name: 'hang', endpoint: await listenOn(hang) },
        { name: 'forgetful', endpoint: forgetful.address },
      ],
      timeouts: { connectMs: 500, headersMs: 5000, bodyMs: 300 },
      maxConnections: 2,
    }),
  );
  egress = at(sidecar, 'egress');
});

afterAll(async () => {
  await sidecar?.stop();
  await Promise.all([app?.close(), stall && close(stall), hang && close(hang), forgetful?.close(), collector?.close()]);
});

async function clientSpan(path: string): Promise<Span> {
  await sidecar.flushSpans();
  return waitFor(() => collector.spans.find((s) => s.kind === SpanKind.CLIENT && (attr(s, 'url.full') ?? '').endsWith(path)), `the CLIENT span of ${path}`);
}

/** Name, value pairs of a raw header list whose name is `name`, any case. */
function fields(raw: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) out.push(raw[i + 1]!);
  return out;
}

describe('forwarding on node:http', () => {
  it('passes repeated response fields on as the upstream sent them', async () => {
    const res = await get(egress, '/repeated', 'app');
    expect(res.status).toBe(200);
    expect(fields(res.rawHeaders, 'set-cookie')).toEqual(['a=1', 'b=2']);
    expect(fields(res.rawHeaders, 'x-multi')).toEqual(['1', '2']);
    expect(fields(res.rawHeaders, 'via')).toEqual(['1.1 ariadne']);
  });

  it('cuts a response whose body stalls beyond the body timeout, with an ERROR span', async () => {
    const t0 = performance.now();
    const res = await get(egress, '/stall', 'stall');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(250);
    expect(res.status).toBe(200);
    expect(res.body).toBe('first\n');
    expect(res.complete).toBe(false);
    const span = await clientSpan('/stall');
    expect(span.statusCode).toBe(StatusCode.ERROR);
    expect(attr(span, 'error.type')).toBe('timeout');
    expect(span.statusMessage).toMatch(/upstream stall: no response body data for 300 ms/);
  });

  it('gives up the upstream call when the client goes away', async () => {
    const closed = new Promise<void>((r) => (hangingRequestClosed = r));
    const req = http.get({ ...egress, path: '/hang', headers: { host: 'hang' }, agent: false });
    req.on('error', () => {});
    await sleep(100);
    req.destroy();
    await Promise.race([closed, sleep(2000).then(() => Promise.reject(new Error('the upstream call was not closed')))]);
    const span = await clientSpan('/hang');
    expect(attr(span, 'error.type')).toBe('client_aborted');
    const text = await metricsText(at(sidecar, 'admin'));
    expect(metricValue(text, 'ariadne_mesh_upstream_errors_total{listener="egress",upstream="hang",error_type="client_aborted"}')).toBe(0);
  });

  it('retries once on a new connection when the upstream has closed a kept-alive one', async () => {
    expect((await get(egress, '/first', 'forgetful')).status).toBe(200);
    // The next request goes to the kept-alive socket, which the app closes instead of answering.
    const again = await get(egress, '/second', 'forgetful');
    expect(again).toMatchObject({ status: 200, body: 'ok' });
    expect(forgetful.connections()).toBe(2);
  });

  it('keeps at most max_connections_per_endpoint sockets to an upstream', async () => {
    appSockets = new Set();
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => get(egress, `/pooled/${i}`, 'app')));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(appSockets.size).toBeLessThanOrEqual(2);
  });
});
