/** Raw OTLP senders for tests that need exact bodies (fields the SDK cannot produce). */
import * as grpc from '@grpc/grpc-js';
import { gzipSync } from 'node:zlib';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

export async function postTraces(
  otlpHttpUrl: string,
  body: Uint8Array | string,
  contentType = 'application/x-protobuf',
  opts: { gzip?: boolean; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const raw = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  const payload = opts.gzip ? gzipSync(raw) : raw;
  const res = await fetch(`${otlpHttpUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(opts.gzip ? { 'content-encoding': 'gzip' } : {}), ...opts.headers },
    body: payload,
  });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

const EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

export function grpcExport(address: string, body: Uint8Array): Promise<{ error: grpc.ServiceError | null; response?: Buffer }> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest<Buffer, Buffer>(
      EXPORT,
      (b) => b,
      (b) => b,
      Buffer.from(body),
      (error, response) => {
        client.close();
        resolve({ error: error ?? null, response });
      },
    );
  });
}
