/**
 * One proxied exchange, on node's HTTP client: response chunks go straight from the
 * upstream's response to the client's, with no intermediate stream or promise chain
 * per chunk. Nothing is buffered and backpressure holds both ways: the request body is
 * piped (the client's request pauses while the upstream socket is full), and the
 * upstream's response is paused while the client's response is full.
 *
 * Timeouts, each a plain timer so that a few hundred ms mean a few hundred ms:
 *
 *   dispatched ──connect──▶ socket ──────▶ response headers ──body──▶ ... ──▶ end
 *   |<- connectTimeoutMs ->|                                 |<-bodyTimeoutMs->| between chunks
 *   |<------------- headersTimeoutMs (504) ------------------>|
 *
 * The body timer does not run while the client is the one not reading.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { endToEndRawHeaders, type HeaderMap } from './hop-by-hop.js';
import { VIA_VALUE } from './forwarded.js';
import { BodyTimeoutError, ConnectTimeoutError, HeadersTimeoutError, classifyUpstreamError } from './upstream-error.js';
import type { UpstreamPool } from './upstream-pool.js';

export interface ForwardRequest {
  readonly pool: UpstreamPool;
  /** The upstream endpoint: a host name or an IP address (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly method: string;
  /** End-to-end headers for the upstream, Host included. */
  readonly headers: HeaderMap;
  /** For error messages and metrics. */
  readonly upstreamLabel: string;
  /** Request dispatched -> response headers, ms (connect and waiting for a pooled socket included); 0: none. */
  readonly headersTimeoutMs: number;
}

export interface ForwardOutcome {
  /** What the client received; 0 when it went away before a response. */
  readonly statusCode: number;
  readonly errorType?: string;
  readonly statusMessage?: string;
  readonly requestBodySize: number;
  readonly responseBodySize: number;
  /** performance.now() when the upstream's response headers arrived, if they did. */
  readonly headersAt?: number;
}

function declaredLength(v: string | string[] | undefined): number | undefined {
  if (typeof v !== 'string') return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

export function sendProxyError(res: ServerResponse, status: number, errorType: string, message: string): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body = `${message}\n`;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-ariadne-error': errorType,
    via: VIA_VALUE,
  });
  res.end(body);
}

/** A keep-alive socket the upstream closed just as we wrote to it: worth one more try when nothing was streamed. */
function isStaleSocket(err: unknown, upReq: http.ClientRequest): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return upReq.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE');
}

const CLIENT_GONE = 'the client closed the connection';

export function forward(req: IncomingMessage, res: ServerResponse, fwd: ForwardRequest): Promise<ForwardOutcome> {
  const contentLength = declaredLength(req.headers['content-length']);
  const chunked = req.headers['transfer-encoding'] !== undefined;
  const hasBody = chunked || (contentLength !== undefined && contentLength > 0);
  let countedBytes = 0;
  const requestBodySize = (): number => (chunked ? countedBytes : (contentLength ?? 0));
  const { connectTimeoutMs, bodyTimeoutMs } = fwd.pool.options;

  return new Promise<ForwardOutcome>((resolve) => {
    let done = false;
    let statusCode = 0;
    let headersAt: number | undefined;
    let responseBodySize = 0;
    /** The headers timer, then the body timer. */
    let timer: NodeJS.Timeout | undefined;
    let upReq: http.ClientRequest | undefined;
    let upRes: IncomingMessage | undefined;
    let retried = false;

    const finish = (outcome: Omit<ForwardOutcome, 'requestBodySize' | 'responseBodySize' | 'headersAt'>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      res.off('close', onClientClose);
      res.off('drain', onDrain);
      resolve({ ...outcome, requestBodySize: requestBodySize(), responseBodySize, ...(headersAt !== undefined ? { headersAt } : {}) });
    };

    const onClientClose = (): void => {
      if (done || res.writableFinished) return;
      finish({ statusCode, errorType: 'client_aborted', statusMessage: CLIENT_GONE });
      upReq?.destroy();
    };
    res.once('close', onClientClose);

    const armBodyTimer = (): void => {
      if (bodyTimeoutMs > 0) {
        timer = setTimeout(() => upReq?.destroy(new BodyTimeoutError(`upstream ${fwd.upstreamLabel}: no response body data for ${bodyTimeoutMs} ms`)), bodyTimeoutMs);
      }
    };
    const onDrain = (): void => {
      if (done) return;
      armBodyTimer();
      upRes?.resume();
    };

    const fail = (err: unknown): void => {
      if (done) return;
      if (statusCode === 0 && !hasBody && !retried && upReq !== undefined && isStaleSocket(err, upReq)) {
        retried = true;
        send();
        return;
      }
      const failure = classifyUpstreamError(err, fwd.upstreamLabel);
      if (statusCode === 0) {
        sendProxyError(res, failure.status, failure.errorType, failure.message);
        finish({ statusCode: failure.status, errorType: failure.errorType, statusMessage: failure.message });
        if (hasBody) {
          // Read the rest of the client's body and drop it, so its connection stays usable.
          if (upReq !== undefined) req.unpipe(upReq);
          req.resume();
        }
      } else {
        // The response had begun: all we can do is cut it, so the client sees it incomplete.
        res.destroy();
        finish({ statusCode, errorType: failure.errorType, statusMessage: failure.message });
      }
    };

    const onResponse = (up: IncomingMessage): void => {
      if (done) {
        up.resume();
        return;
      }
      clearTimeout(timer);
      upRes = up;
      headersAt = performance.now();
      statusCode = up.statusCode ?? 502;
      const out = endToEndRawHeaders(up.rawHeaders);
      out.push('via', VIA_VALUE);
      try {
        res.writeHead(statusCode, out);
      } catch (err) {
        statusCode = 0;
        upReq?.destroy(err as Error);
        return;
      }
      armBodyTimer();
      up.on('data', (chunk: Buffer) => {
        if (done) return;
        responseBodySize += chunk.length;
        timer?.refresh();
        if (!res.write(chunk)) {
          // The client is not reading: hold the upstream, and do not blame it for the pause.
          up.pause();
          clearTimeout(timer);
          res.once('drain', onDrain);
        }
      });
      up.once('end', () => {
        if (done) return;
        res.end();
        finish({ statusCode });
      });
      // The upstream closed the connection before the end of the body.
      up.on('error', fail);
      up.once('close', () => {
        if (!done && !up.complete) fail(Object.assign(new Error('the upstream closed the connection before the end of the response'), { code: 'ECONNRESET' }));
      });
    };

    const onSocket = (socket: Socket): void => {
      if (!socket.connecting || connectTimeoutMs <= 0) return;
      const t = setTimeout(() => upReq?.destroy(new ConnectTimeoutError(`upstream ${fwd.upstreamLabel}: no connection within ${connectTimeoutMs} ms`)), connectTimeoutMs);
      const clear = (): void => clearTimeout(t);
      socket.once('connect', clear);
      socket.once('close', clear);
    };

    function send(): void {
      let r: http.ClientRequest;
      try {
        r = http.request({
          agent: fwd.pool.agent,
          host: fwd.host,
          port: fwd.port,
          method: fwd.method,
          path: fwd.path,
          headers: fwd.headers,
          setHost: false,
        });
      } catch (err) {
        // A method or header value that node refuses to send.
        fail(err);
        return;
      }
      upReq = r;
      // A retried request's first attempt has had its say.
      r.on('error', (err) => {
        if (r === upReq) fail(err);
      });
      r.once('socket', onSocket);
      r.once('response', onResponse);
      if (hasBody) req.pipe(r);
      else r.end();
    }

    if (fwd.headersTimeoutMs > 0) {
      timer = setTimeout(() => {
        const message = `upstream ${fwd.upstreamLabel}: no response headers within ${fwd.headersTimeoutMs} ms`;
        sendProxyError(res, 504, 'timeout', message);
        finish({ statusCode: 504, errorType: 'timeout', statusMessage: message });
        upReq?.destroy(new HeadersTimeoutError(message));
      }, fwd.headersTimeoutMs);
    }
    if (hasBody) {
      // A client that goes away mid-upload: its socket's close answers that (onClientClose).
      req.on('error', () => {});
      if (chunked) req.on('data', (c: Buffer) => (countedBytes += c.length));
    }
    send();
  });
}
