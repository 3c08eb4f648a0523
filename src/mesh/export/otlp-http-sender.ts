/**
 * POSTs a batch as an OTLP/HTTP protobuf ExportTraceServiceRequest with undici, on its
 * own connection pool: the exporter never shares sockets or timeouts with proxied
 * traffic, and never goes through the proxy itself, so tracing cannot trace itself.
 */
import { Agent } from '../undici-agent.js';
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
  /** Waits for the export in flight. */
  close(): Promise<void>;
  /** Cuts the export in flight (after the shutdown deadline). */
  destroy(): Promise<void>;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export function createOtlpHttpSender(url: string, timeoutMs: number): OtlpHttpSender {
  const { origin, pathname, search } = new URL(url);
  const path = `${pathname}${search}`;
  const agent = new Agent({
    connections: 2,
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return {
    async send(spans: readonly EncodedSpan[]): Promise<void> {
      const body = writeEncodedTraceRequest(spans);
      try {
        const res = await agent.request({
          origin,
          path,
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.body.dump();
        if (res.statusCode < 200 || res.statusCode > 299) throw new ExportRejectedError(res.statusCode, url);
      } catch (err) {
        const code = (err as { code?: string; name?: string }).code;
        const name = (err as { name?: string }).name;
        if ((code !== undefined && TIMEOUT_CODES.has(code)) || name === 'TimeoutError') throw new ExportTimeoutError(timeoutMs, { cause: err });
        throw err;
      }
    },
    close: () => agent.close(),
    destroy: () => agent.destroy(),
  };
}
