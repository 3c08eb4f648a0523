/**
 * One proxied exchange, on undici's dispatch API: response chunks go straight from the
 * upstream socket to the client's response, with no intermediate stream, promise
 * chain or AbortController per request (those showed up at the top of the profile).
 * Nothing is buffered and backpressure holds both ways: undici reads the request body
 * stream as the upstream socket drains, and the upstream is paused while the client's
 * response is full.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import type { Dispatcher } from 'undici';
import { endToEndHeaders, type HeaderMap } from './hop-by-hop.js';
import { addVia } from './forwarded.js';
import { classifyUpstreamError, isAbort } from './upstream-error.js';

export interface ForwardRequest {
  readonly dispatcher: Dispatcher;
  /** `http://host:port` */
  readonly origin: string;
  readonly path: string;
  readonly method: string;
  /** End-to-end headers for the upstream, Host included. */
  readonly headers: HeaderMap;
  /** For error messages and metrics. */
  readonly upstreamLabel: string;
  /**
   * Request dispatched -> response headers, ms (connect included); 0: none. Timed here
   * with a native timer: undici's own headersTimeout ticks at ~0.5-1 s resolution,
   * too coarse for a mesh whose timeouts are a few hundred ms.
   */
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

/** Counts bytes passing through; used only when the length is not declared. */
class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    cb(null, chunk);
  }
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
    via: '1.1 ariadne',
  });
  res.end(body);
}

/** The client went away: our own abort reason, told apart from upstream failures. */
class ClientGoneError extends Error {
  override readonly name = 'AbortError';
}

class HeadersTimeoutError extends Error {
  readonly code = 'ERR_MESH_HEADERS_TIMEOUT';
}

interface Controller {
  pause(): void;
  resume(): void;
  abort(reason: Error): void;
}

export function forward(req: IncomingMessage, res: ServerResponse, fwd: ForwardRequest): Promise<ForwardOutcome> {
  const contentLength = declaredLength(req.headers['content-length']);
  let counter: ByteCounter | undefined;
  let body: IncomingMessage | ByteCounter | undefined;
  if (req.headers['transfer-encoding'] !== undefined) {
    counter = new ByteCounter();
    body = req.pipe(counter);
    req.once('error', (e) => counter?.destroy(e));
  } else if (contentLength !== undefined && contentLength > 0) {
    body = req;
  }
  const requestBodySize = (): number => counter?.bytes ?? contentLength ?? 0;

  return new Promise<ForwardOutcome>((resolve) => {
    let controller: Controller | undefined;
    /** An abort decided before undici handed us the controller. */
    let pendingAbort: Error | undefined;
    let done = false;
    let statusCode = 0;
    let headersAt: number | undefined;
    let responseBodySize = 0;
    let timer: NodeJS.Timeout | undefined;

    const finish = (outcome: Omit<ForwardOutcome, 'requestBodySize' | 'responseBodySize' | 'headersAt'>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      res.off('close', onClientClose);
      resolve({ ...outcome, requestBodySize: requestBodySize(), responseBodySize, ...(headersAt !== undefined ? { headersAt } : {}) });
    };
    const abortUpstream = (reason: Error): void => {
      if (controller !== undefined) controller.abort(reason);
      else pendingAbort = reason;
    };
    const onClientClose = (): void => {
      if (done || res.writableFinished) return;
      finish({ statusCode, errorType: 'client_aborted', statusMessage: 'the client closed the connection' });
      abortUpstream(new ClientGoneError('the client closed the connection'));
    };
    res.once('close', onClientClose);
    const onDrain = (): void => controller?.resume();

    if (fwd.headersTimeoutMs > 0) {
      timer = setTimeout(() => {
        const message = `upstream ${fwd.upstreamLabel}: no response headers within ${fwd.headersTimeoutMs} ms`;
        // Answer first: aborting makes undici report the error synchronously.
        sendProxyError(res, 504, 'timeout', message);
        finish({ statusCode: 504, errorType: 'timeout', statusMessage: message });
        abortUpstream(new HeadersTimeoutError(message));
      }, fwd.headersTimeoutMs);
    }

    const handler = {
      onRequestStart(c: Controller): void {
        controller = c;
        if (pendingAbort !== undefined) c.abort(pendingAbort);
      },
      onResponseStart(c: Controller, status: number, headers: Record<string, string | string[]>): void {
        if (done || status < 200) return; // 1xx: Node's server answers Expect itself
        clearTimeout(timer);
        headersAt = performance.now();
        statusCode = status;
        const out = endToEndHeaders(headers);
        addVia(out);
        try {
          res.writeHead(status, out);
        } catch (err) {
          c.abort(err as Error);
        }
      },
      onResponseData(c: Controller, chunk: Buffer): void {
        if (done) return;
        responseBodySize += chunk.length;
        if (!res.write(chunk)) {
          c.pause();
          res.once('drain', onDrain);
        }
      },
      onResponseEnd(): void {
        if (done) return;
        res.end();
        finish({ statusCode });
      },
      onResponseError(_c: Controller | undefined, err: Error): void {
        if (done) return;
        if (err instanceof ClientGoneError || isAbort(err)) {
          finish({ statusCode, errorType: 'client_aborted', statusMessage: 'the client closed the connection' });
          return;
        }
        const failure = classifyUpstreamError(err, fwd.upstreamLabel);
        if (statusCode === 0) {
          sendProxyError(res, failure.status, failure.errorType, failure.message);
          finish({ statusCode: failure.status, errorType: failure.errorType, statusMessage: failure.message });
        } else {
          // The response had begun: all we can do is cut it, so the client sees it incomplete.
          res.destroy();
          finish({ statusCode, errorType: failure.errorType, statusMessage: failure.message });
        }
      },
    };

    fwd.dispatcher.dispatch(
      {
        origin: fwd.origin,
        path: fwd.path,
        method: fwd.method as Dispatcher.HttpMethod,
        headers: fwd.headers,
        body: body ?? null,
      },
      handler as unknown as Dispatcher.DispatchHandler,
    );
  });
}
