/**
 * POSTs a batch as an OTLP/HTTP protobuf ExportTraceServiceRequest (or the logs and
 * metrics ones) with node's HTTP client, on its own keep-alive pool: the exporter never
 * shares sockets or timeouts with proxied traffic, and never goes through the proxy
 * itself, so tracing cannot trace itself. node:https is loaded only for an https://
 * endpoint.
 */
import http from 'node:http';
import { urlToHttpOptions } from 'node:url';
import { writeEncodedTraceRequest, type EncodedSpan } from './span-proto-writer.js';
import { ExportTimeoutError, type SpanBatchSender } from './batch-span-exporter.js';

export class ExportRejectedError extends Error {
  readonly code = 'ERR_MESH_EXPORT_REJECTED';
  constructor(
    readonly statusCode: number,
    url: string,
  ) {
    super(`collector at ${url} answered ${statusCode}`);
    this.name = 'ExportRejectedError';
  }
}

export interface OtlpHttpSender {
  readonly send: SpanBatchSender<EncodedSpan>;
  /** Waits for the exports in flight, then closes the connections. */
  close(): Promise<void>;
  /** Cuts the exports in flight (after the shutdown deadline) and closes the connections. */
  destroy(): void;
}

interface Transport {
  readonly request: typeof http.request;
  readonly agent: http.Agent;
}

/** Exports in flight at most: the exporter sends one at a time; a second socket covers a retry. */
const MAX_SOCKETS = 2;

export function createOtlpHttpSender(url: string, timeoutMs: number): OtlpHttpSender {
  const target = urlToHttpOptions(new URL(url));
  let transport: Promise<Transport> | undefined;
  let agent: http.Agent | undefined;
  const inFlight = new Set<http.ClientRequest>();
  const pending = new Set<Promise<void>>();

  const transportOf = (): Promise<Transport> =>
    (transport ??= (target.protocol === 'https:' ? import('node:https') : Promise.resolve(http)).then((m) => {
      agent = new m.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_SOCKETS });
      return { request: m.request, agent };
    }));

  /** One POST; `retry` once when a kept-alive socket turns out closed by the collector. */
  const post = (t: Transport, body: Uint8Array, retry: boolean): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const req = t.request({
        ...target,
        agent: t.agent,
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf', 'content-length': body.byteLength },
      });
      inFlight.add(req);
      const timer = setTimeout(() => req.destroy(new ExportTimeoutError(timeoutMs)), timeoutMs);
      timer.unref();
      const settle = (err?: unknown): void => {
        clearTimeout(timer);
        inFlight.delete(req);
        if (err === undefined) resolve();
        else reject(err);
      };
      req.on('error', (err: Error & { code?: string }) => {
        if (retry && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
          clearTimeout(timer);
          inFlight.delete(req);
          post(t, body, false).then(resolve, reject);
        } else settle(err);
      });
      req.on('response', (res) => {
        res.on('error', settle);
        res.on('end', () => settle(res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode <= 299 ? undefined : new ExportRejectedError(res.statusCode ?? 0, url)));
        res.resume();
      });
      req.end(body);
    });

  return {
    send(spans: readonly EncodedSpan[]): Promise<void> {
      const body = writeEncodedTraceRequest(spans);
      const p = transportOf().then((t) => post(t, body, true));
      const tracked = p.then(
        () => {},
        () => {},
      );
      pending.add(tracked);
      void tracked.finally(() => pending.delete(tracked));
      return p;
    },
    async close(): Promise<void> {
      await Promise.all(pending);
      agent?.destroy();
    },
    destroy(): void {
      for (const req of inFlight) req.destroy();
      agent?.destroy();
    },
  };
}
